package galley.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Scales the tries of every jqwik property by the system property {@code galley.tries} (default
 * 1: as written): the fast suite runs a tenth of them, the slow profile five times as many (see
 * pom.xml). A property keeps at least {@link #MIN} tries, or all of them if it asks for fewer.
 * Registered for every property in META-INF/services/net.jqwik.api.lifecycle.LifecycleHook.
 */
public final class ScaledTries implements AroundPropertyHook {

    static final int MIN = 10;
    /** jqwik's own default, for properties that do not say. */
    static final int JQWIK_DEFAULT = 1000;

    /** Registered for the whole engine: applies to every property below it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** Outermost, so that the tries are set before anything starts the property. */
    @Override
    public int aroundPropertyProximity() {
        return -100;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        double factor = Double.parseDouble(System.getProperty("galley.tries", "1"));
        int written = context.attributes().tries().orElse(JQWIK_DEFAULT);
        context.attributes().setTries(scaled(written, factor));
        return property.execute();
    }

    static int scaled(int written, double factor) {
        return (int) Math.max(Math.min(written, MIN), Math.round(written * factor));
    }
}
