package galley.cache.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.StringJoiner;

/**
 * A record's codec, derived from its components: each component in declaration order, through the
 * codec of its type; read back through the canonical constructor (whose checks then hold for
 * decoded values too). The accessors and the constructor are looked up once, and called through
 * core reflection rather than method handles: in a fresh JVM limited to C1 (every build), the
 * lambda forms that spread and cast method-handle arguments cost about a tenth of a second more
 * CPU than the accessor classes reflection generates, to load a 25,000-article cache (measured
 * on Java 17).
 */
final class RecordCodec<R> implements Codec<R> {
    private final Class<R> type;
    private final String[] names;
    private final Codec<Object>[] codecs;
    private final Method[] accessors;
    private final Constructor<R> constructor;
    private final String schema;

    @SuppressWarnings("unchecked")
    RecordCodec(Class<R> type, RecordComponent[] components, Codec<?>[] codecs) {
        this.type = type;
        int n = components.length;
        this.names = new String[n];
        this.codecs = (Codec<Object>[]) codecs.clone();
        this.accessors = new Method[n];
        Class<?>[] types = new Class<?>[n];
        StringJoiner schema = new StringJoiner(",", type.getName() + "(", ")");
        try {
            for (int i = 0; i < n; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getType();
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true); // records nested in package-private classes
                schema.add(names[i] + ":" + codecs[i].schema());
            }
            constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new CodecException("cannot reach the components or canonical constructor of " + type.getName(), e);
        }
        this.schema = schema.toString();
    }

    @Override
    public void write(ByteOut out, R value) {
        for (int i = 0; i < accessors.length; i++) {
            Object component;
            try {
                component = accessors[i].invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new CodecException("cannot read " + type.getSimpleName() + "." + names[i], e);
            }
            if (component == null) throw new CodecException(type.getSimpleName() + "." + names[i] + " is null");
            try {
                codecs[i].write(out, component);
            } catch (CodecException e) {
                throw e.within(type.getSimpleName() + "." + names[i]);
            }
        }
    }

    @Override
    public R read(ByteIn in) throws DamagedException {
        Object[] args = new Object[codecs.length];
        for (int i = 0; i < args.length; i++) args[i] = codecs[i].read(in);
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error error) throw error;
            // The constructor's checks refused what was read (an empty slug, a negative line).
            throw new DamagedException(type.getSimpleName() + " refuses what was read: " + e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new CodecException("cannot construct " + type.getName(), e);
        }
    }

    @Override
    public String schema() {
        return schema;
    }
}
