package galley.bench;

import galley.config.SiteConfig;
import galley.markdown.LinkResolver;
import galley.markdown.MarkdownRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Markdown to HTML for a batch of article bodies, as the article pages render them: the largest
 * part of a cold build's user CPU. The bodies come from {@code -Dgalley.bench.articles=DIR} (e.g. a
 * folder of {@code gen_corpus.py}; the first 2,000 files) or else the sample archive's articles.
 * The fork runs with the build's JVM options (C1 only); compare with C2 by adding
 * {@code -jvmArgsAppend -XX:TieredStopAtLevel=4}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC", "-Xmn256m", "-Xms1g"})
public class MarkdownBench {

    private final List<String> bodies = new ArrayList<>();
    private MarkdownRenderer renderer;
    private LinkResolver links;

    @Setup
    public void setUp() throws IOException {
        Path dir = Path.of(System.getProperty("galley.bench.articles", "content/articles"));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md"))
                    .sorted()
                    .limit(2000)
                    .toList()) {
                String text = Files.readString(file);
                int end = text.indexOf("\n---", 3);
                bodies.add(end < 0 ? text : text.substring(text.indexOf('\n', end + 1) + 1));
            }
        }
        if (bodies.isEmpty()) throw new IllegalStateException("no articles under " + dir.toAbsolutePath());
        renderer = new MarkdownRenderer(SiteConfig.RawHtml.ESCAPE);
        links = new LinkResolver() {
            @Override
            public Optional<String> resolveArticleLink(String relativeMarkdownPath) {
                return Optional.of("/2025/01/linked/");
            }

            @Override
            public boolean mediaExists(String mediaPath) {
                return true;
            }

            @Override
            public String sitePath(String path) {
                return path;
            }
        };
    }

    /** Every body once; the result is returned so that nothing is optimized away. */
    @Benchmark
    public long renderBodies() {
        long chars = 0;
        for (String body : bodies) chars += renderer.render(body, links).html().length();
        return chars;
    }
}
