package galley.render;

import freemarker.core.DirectiveCallPlace;
import freemarker.core.Environment;
import freemarker.template.TemplateDirectiveBody;
import freemarker.template.TemplateDirectiveModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import java.io.IOException;
import java.io.StringWriter;
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
 * {@link #MAX_CHARS} characters, bodies are rendered each time.
 */
final class CachedDirective implements TemplateDirectiveModel {

    /** About 32 to 64 MB: every teaser of a 50,000-article archive. */
    static final long MAX_CHARS = 32L << 20;

    private final Map<String, String> rendered = new ConcurrentHashMap<>();
    private final AtomicLong chars = new AtomicLong();

    @Override
    public void execute(Environment env, @SuppressWarnings("rawtypes") Map params, TemplateModel[] loopVars, TemplateDirectiveBody body)
            throws TemplateException, IOException {
        Object key = params.get("key");
        if (params.size() != 1 || !(key instanceof TemplateScalarModel scalar)) {
            throw new TemplateModelException("@cached takes one parameter, key, a text naming everything its body shows (e.g. key=t.url)");
        }
        if (loopVars.length != 0) throw new TemplateModelException("@cached has no loop variables");
        if (body == null) return;
        DirectiveCallPlace place = env.getCurrentDirectiveCallPlace();
        String fullKey = place.getTemplate().getSourceName() + ":" + place.getBeginLine() + ":" + place.getBeginColumn() + "\u0000"
                + scalar.getAsString();
        String text = rendered.get(fullKey);
        if (text == null) {
            StringWriter out = new StringWriter();
            body.render(out);
            text = out.toString();
            if (chars.addAndGet(text.length()) <= MAX_CHARS) rendered.putIfAbsent(fullKey, text);
        }
        env.getOut().write(text);
    }
}
