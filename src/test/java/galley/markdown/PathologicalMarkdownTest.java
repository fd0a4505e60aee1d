package galley.markdown;

import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.config.SiteConfig.RawHtml;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shapes that CommonMark implementations test for super-linear time (cmark's and
 * commonmark.js's pathological tests), and a few of Galley's own dialect, each rendered at n and
 * 4n repetitions: rendering must grow about linearly (issue #19: tens of kilobytes of repeated
 * unclosed comments or link destinations took minutes). Ratios, not absolute times, so a slow or
 * busy machine does not fail it; thread CPU time, the best of a few runs, so other processes do not.
 */
class PathologicalMarkdownTest {

    private static final LinkResolver LINKS = new LinkResolver() {
        @Override
        public Optional<String> resolveArticleLink(String relativeMarkdownPath) {
            return Optional.empty();
        }

        @Override
        public boolean mediaExists(String mediaPath) {
            return false;
        }

        @Override
        public String sitePath(String path) {
            return path;
        }
    };

    /** Each shape: n repetitions of its unit (the input grows linearly in n). */
    static Map<String, IntFunction<String>> shapes() {
        Map<String, IntFunction<String>> s = new LinkedHashMap<>();
        s.put("nested emphasis", n -> "*a **a ".repeat(n) + "b" + " a** a*".repeat(n));
        s.put("emphasis closers without openers", n -> "a_ ".repeat(n));
        s.put("emphasis openers without closers", n -> "_a ".repeat(n));
        s.put("mismatched emphasis", n -> "*a_ ".repeat(n));
        s.put("closers in multiples of 3", n -> "a**b" + "c* ".repeat(n));
        s.put("link closers without openers", n -> "a]".repeat(n));
        s.put("link openers without closers", n -> "[a".repeat(n));
        s.put("link openers and emphasis closers", n -> "[ a_".repeat(n));
        s.put("nested brackets", n -> "[".repeat(n) + "a" + "]".repeat(n));
        s.put("nested inlines", n -> "*a [b*".repeat(n));
        s.put("nested block quotes", n -> "> ".repeat(n) + "a");
        s.put("nested lists on one line", n -> "- ".repeat(n) + "a");
        s.put("unclosed link destinations <", n -> "[a](<b".repeat(n));
        s.put("unclosed link destinations", n -> "[a](b".repeat(n));
        s.put("unclosed link titles", n -> "[a](b \"".repeat(n));
        s.put("unclosed images", n -> "![a](<b".repeat(n));
        s.put("unclosed comments", n -> "x <!--".repeat(n));
        s.put("unclosed processing instructions", n -> "x <?".repeat(n));
        s.put("unclosed declarations", n -> "x <!A ".repeat(n));
        s.put("unclosed CDATA", n -> "x <![CDATA[".repeat(n));
        s.put("unclosed tags", n -> "x <a b=\"".repeat(n));
        s.put("unclosed autolinks", n -> "<".repeat(n));
        s.put("backtick runs", n -> {
            // Runs of 1..k backticks; k grows with the square root, so the input grows linearly.
            StringBuilder b = new StringBuilder();
            for (int k = 1; b.length() < 4 * n; k++) b.append('e').append("`".repeat(k));
            return b.toString();
        });
        s.put("deeply nested lists", n -> {
            StringBuilder b = new StringBuilder();
            for (int level = 0; b.length() < 4 * n; level = (level + 1) % 150)
                b.append("  ".repeat(level)).append("* a\n");
            return b.toString();
        });
        s.put("many link references", n -> {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= n / 4; i++) b.append('[').append(i).append("]: u\n");
            return b.append("\n").append("[0] ".repeat(n)).toString();
        });
        s.put("paragraph lines that do not start with a letter", n -> "(\n".repeat(n));
        s.put("paragraph lines that might start a table", n -> "a|b|c\n-|\n".repeat(n / 2));
        s.put("paragraph lines that might start a list", n -> "2. x\n".repeat(n));
        s.put("strikethrough runs", n -> "~a ~~b ".repeat(n));
        s.put("bare links", n -> "www.a.b/( a@b.c http://x.y/".repeat(n / 4));
        s.put("footnote references", n -> "[^a]".repeat(n) + "\n\n[^a]: x\n");
        s.put("table rows", n -> "|a|b|\n|-|-|\n" + "|x|y|\n".repeat(n / 2));
        s.put("entities", n -> "&#".repeat(n));
        return s;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Thread CPU milliseconds of the best of {@code runs} renderings. */
    private static double millis(MarkdownRenderer renderer, String text, int runs) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            renderer.render(text, LINKS);
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - start);
        }
        return best / 1e6;
    }

    /**
     * Renders every shape at n and 4n: linear time gives a ratio of about 4, quadratic 16. The bound
     * is 8 times plus {@code slackMillis} for timer and collector noise; one failing shape is
     * measured again before it fails the test.
     */
    private static void assertLinear(int n, double slackMillis, RawHtml mode) {
        MarkdownRenderer renderer = new MarkdownRenderer(mode);
        StringBuilder report = new StringBuilder();
        for (var shape : shapes().entrySet()) {
            String small = shape.getValue().apply(n);
            String big = shape.getValue().apply(4 * n);
            millis(renderer, small, 1); // warm-up: compile the paths this shape takes
            double t1 = 0;
            double t4 = 0;
            boolean linear = false;
            for (int attempt = 0; attempt < 2 && !linear; attempt++) {
                t1 = millis(renderer, small, 2);
                t4 = millis(renderer, big, 1);
                linear = t4 < 8 * t1 + slackMillis;
            }
            report.append(String.format("%-50s n=%d: %8.1f ms, 4n: %8.1f ms%n", shape.getKey(), n, t1, t4));
            assertTrue(linear, "super-linear: " + shape.getKey() + "\n" + report);
        }
        System.out.print(report);
    }

    @Test
    @Timeout(60)
    void pathologicalShapesRenderInLinearTimeQuickly() {
        // Small sizes: a quadratic shape of the old commonmark (unclosed comments, link
        // destinations, CDATA) already took 16 times as long at 4n here.
        assertLinear(600, 40, RawHtml.KEEP);
    }

    @Test
    @Tag("slow")
    @Timeout(900)
    void pathologicalShapesRenderInLinearTimeAtSize() {
        for (RawHtml mode : RawHtml.values()) assertLinear(10_000, 100, mode);
    }
}
