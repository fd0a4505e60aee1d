package galley.render;

import freemarker.core.CallPlaceCustomDataInitializationException;
import freemarker.core.DirectiveCallPlace;
import freemarker.core.Environment;
import freemarker.template.TemplateDirectiveBody;
import freemarker.template.TemplateDirectiveModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code <@cached key=...>...</@cached>}: renders its body once per key and build, and writes the
 * same text wherever it is called again with that key (Hugo's {@code partialCached}). For
 * fragments repeated across many pages, such as an article's teaser, which appears on a dozen list
 * pages (at 25,000 articles: 50,000 teasers rendered instead of 450,000, about 1 s of CPU). The key must name everything the body shows;
 * one call place (template, line, column) never shares text with another. A body that fails is not
 * kept. The cache lives as long as the build's {@link TemplateRenderer} and is bounded: past
 * {@link #MAX_BYTES} bytes, bodies are rendered each time.
 *
 * <p>Each call place keeps its own map, on the template element itself (Freemarker's call-place
 * data), so a call looks up the key as the template gave it, not a string naming the place built
 * for every call. Freemarker makes that map once per place "usually": two threads racing on a
 * place's first call may each get one, and a body is then rendered again (to the same text, as
 * the key names everything it shows). Bodies are kept as UTF-8 and copied into the page's {@link Utf8Sink} as they
 * are: encoding the kept text again on every page that shows it was 4% of a cold build's CPU.
 */
final class CachedDirective implements TemplateDirectiveModel {

    /** Every teaser of a 50,000-article archive. */
    static final long MAX_BYTES = 64L << 20;

    private final AtomicLong bytes = new AtomicLong();

    @Override
    public void execute(
            Environment env,
            @SuppressWarnings("rawtypes") Map params,
            TemplateModel[] loopVars,
            TemplateDirectiveBody body)
            throws TemplateException, IOException {
        Object key = params.get("key");
        if (params.size() != 1 || !(key instanceof TemplateScalarModel scalar)) {
            throw new TemplateModelException(
                    "@cached takes one parameter, key, a text naming everything its body shows (e.g. key=t.url)");
        }
        if (loopVars.length != 0) throw new TemplateModelException("@cached has no loop variables");
        if (body == null) return;
        Map<String, byte[]> kept = keptAt(env.getCurrentDirectiveCallPlace());
        String name = scalar.getAsString();
        byte[] text = kept.get(name);
        if (text == null) {
            text = Utf8Sink.render(body::render);
            if (bytes.addAndGet(text.length) <= MAX_BYTES) kept.putIfAbsent(name, text);
        }
        Writer out = env.getOut();
        if (out instanceof Utf8Sink sink) sink.writeUtf8(text);
        else out.write(new String(text, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private Map<String, byte[]> keptAt(DirectiveCallPlace place) throws TemplateModelException {
        try {
            return (Map<String, byte[]>) place.getOrCreateCustomData(this, ConcurrentHashMap::new);
        } catch (CallPlaceCustomDataInitializationException e) {
            throw new TemplateModelException("@cached: " + e.getMessage(), e);
        }
    }
}
