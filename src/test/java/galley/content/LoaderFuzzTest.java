package galley.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import galley.config.SiteConfig;
import galley.config.SiteConfigLoader;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.markdown.LinkResolver;
import galley.markdown.MarkdownRenderer;
import galley.markdown.UrlSafety;
import galley.model.Archive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the loading of articles (issue #5): mutated and generated front matter + Markdown go
 * through the real loader ({@link ContentScanner}, {@link ArchiveLoader}: UTF-8 decoding, front
 * matter split, safe YAML, field checks, cross-checks) and the Markdown renderer in all three
 * raw_html modes; a few go through site.yaml. Nothing may escape but a reported diagnostic.
 *
 * <p>{@code -Dfuzz.count=N} sets the number of inputs of the fast suite's run (default 2,000),
 * {@code -Dfuzz.slow.count=N} that of the slow profile's (default 50,000: 68 s of CPU measured, 1.4
 * ms an input; a million would take about 25 minutes, more than CI has: {@code mvn -P slow test
 * -Dtest=LoaderFuzzTest -Dfuzz.slow.count=1000000}), {@code -Dfuzz.seed=N} the seed. A crashing input is saved under {@code target/fuzz-crashes/}.
 */
class LoaderFuzzTest {

    static final int COUNT = Integer.getInteger("fuzz.count", 2_000);
    static final long SEED = Long.getLong("fuzz.seed", 20_251_126L);
    static final int SLOW_COUNT = Integer.getInteger("fuzz.slow.count", 50_000);

    /** Cheap filter: only output that mentions these is parsed and checked element by element. */
    private static final Pattern HINT = Pattern.compile("(?i)script|data:");

    private static final List<String> URL_ATTRIBUTES =
            List.of("href", "src", "srcset", "action", "formaction", "poster", "xlink:href");

    private static final String SITE = """
            title: "Fuzz Ledger"
            base_url: https://example.org/
            language: en
            timezone: Europe/Kyiv
            page_size: 2
            """;

    static final List<String> SEEDS = List.of("""
            ---
            title: "Council approves harbour budget"
            date: 2025-11-24T09:12:00+02:00
            updated: 2025-11-25
            section: Politics
            authors: [ann-lee]
            tags: [City Council, Budget, "Trump & Russia", NO, on]
            summary: "One line that lists and feeds show."
            image:
              src: /media/2025/11/photo.jpg
              alt: "The harbour"
              caption: "Boats, 2025."
              credit: "Photo: Ann Lee"
            slug: council-budget
            draft: false
            aliases: [/old/council-budget/]
            corrections:
              - { date: 2025-11-25, text: "An earlier version misspelled *the* name." }
            extra_key: { nested: [1, 2, {deep: value}] }
            ---
            The body, in **Markdown** with a [link](../10/vote.md), a footnote[^1] and a table:

            | a | b |
            |:--|--:|
            | 1 | 2 |

            > A quote with `code` and ~~strike~~ and www.example.com.

            [^1]: The note.
            """, """
            ---
            title: Київ звіт
            date: 2025-11-24
            section: Економіка
            authors: ann-lee
            tags: [Київ, Économie, 東京 2025]
            ---
            # Heading

            <div class="embed"><iframe src="https://player.example.com/1"></iframe></div>

            <script>alert(1)</script> [x](javascript:alert(1)) ![y](data:image/png;base64,AAAA) <https://example.org/>

            ```js
            let x = "</script>";
            ```
            """, """
            ---
            title: 'It''s a "quote" & <tag>'
            date: "2025-11-24T09:12:00Z"
            section: "S"
            authors:
              - ann-lee
            tags:
              - a
              - b
            summary: >
              folded
              text
            image: {src: "https://img.example.org/a.jpg", alt: |
                literal
                alt}
            ---
            * list
              * nested
                1. ordered
            ***
            Setext
            ======
                indented code
            <!-- comment --> &amp; &#x27; &#0; &#1114112;
            """);

    static final String[] TOKENS = {
        "---",
        "\n---\n",
        "...",
        "&a ",
        "*a",
        "<<: *a",
        "!!python/object/apply:os.system [ls]",
        "!foo ",
        "!!str ",
        "!!binary ",
        "%YAML 1.1\n",
        "%TAG ! tag:x,2000:\n",
        "? ",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "'",
        "|",
        "|-",
        ">+",
        "#",
        "\t",
        "\r",
        "\r\n",
        "\uFEFF",
        "\u0000",
        "\u000B",
        "\u0085",
        "\u2028",
        "\uFFFE",
        "\\x01",
        "\\uD800",
        "\\U0010FFFF",
        "\\",
        "title: ",
        "date: ",
        "tags: ",
        "authors: ",
        "section: ",
        "summary: ",
        "image:\n  src: ",
        "aliases: [",
        "corrections: [",
        "slug: ",
        "draft: ",
        "updated: ",
        "2025-13-45",
        "9999-12-31T23:59:59+14:00",
        "-999999999-01-01",
        "+1000000000-01-01T00:00Z",
        "1e3",
        "NO",
        "~",
        "null",
        "<script>",
        "</div>",
        "<iframe src=",
        "<a href=\"javascript:x\">",
        "<img src=data:x>",
        "javascript:",
        " JaVa\tScRiPt:",
        "data:",
        "vbscript:",
        "[x](",
        "![y](",
        "](../../x.md)",
        "](/media/../../etc/passwd)",
        "[^1]",
        "[^1]: ",
        "|---|",
        "```",
        "~~~",
        "<!--",
        "-->",
        "<",
        ">",
        "&#0;",
        "&#x110000;",
        "&",
        "**",
        "__",
        "~~",
        "`",
        "www.",
        "http://",
        "<http://",
        "\n\n",
        "    ",
        "\n> ",
        "\n# ",
        "\n1. ",
        "\n* ",
        "[[[[[[[[[[",
        "]]]]]]]]]]",
        "{{{{{{{{",
        "&x [*x, *x, *x, *x]",
        "../",
        "%2e%2e",
        "Київ",
        "🇺🇦",
        "\u0301",
        "\uD83D",
        "\uDC00",
    };

    @Test
    void fuzzedSourcesGiveDiagnosticsNeverExceptions(@TempDir Path tmp) throws IOException {
        fuzz(tmp, COUNT, SEED);
    }

    /** The long run (the slow profile): 50,000 inputs from another seed, or {@code -Dfuzz.slow.count=N}. */
    @Test
    @Tag("slow")
    void manyMoreFuzzedSourcesGiveDiagnosticsNeverExceptions(@TempDir Path tmp) throws IOException {
        fuzz(tmp, SLOW_COUNT, SEED + 1);
    }

    private static void fuzz(Path tmp, int count, long seed) throws IOException {
        Files.createDirectories(tmp.resolve("content/articles/2025/11"));
        Files.createDirectories(tmp.resolve("content/authors"));
        Files.writeString(tmp.resolve("content/site.yaml"), SITE);
        Files.writeString(tmp.resolve("content/authors/ann-lee.md"), "---\nname: Ann Lee\n---\nBio.\n");
        Path article = tmp.resolve("content/articles/2025/11/fuzz.md");
        Files.writeString(article, SEEDS.get(0));
        SiteConfig config = SiteConfigLoader.load(tmp, new Diagnostics()).orElseThrow();
        SourceTree tree = ContentScanner.scan(tmp, new Diagnostics());
        LoadOptions options = new LoadOptions(Instant.parse("2026-11-26T12:00:00Z"), true, true);
        MarkdownRenderer[] renderers = {
            new MarkdownRenderer(SiteConfig.RawHtml.KEEP),
            new MarkdownRenderer(SiteConfig.RawHtml.SANITIZE),
            new MarkdownRenderer(SiteConfig.RawHtml.ESCAPE)
        };
        LinkResolver links = new LinkResolver() {
            @Override
            public Optional<String> resolveArticleLink(String relative) {
                return relative.hashCode() % 2 == 0 ? Optional.of("/2025/11/24/x/") : Optional.empty();
            }

            @Override
            public boolean mediaExists(String mediaPath) {
                return mediaPath.length() % 2 == 0;
            }

            @Override
            public String sitePath(String path) {
                return "/base" + path;
            }
        };

        Random random = new Random(seed);
        List<String> crashes = new ArrayList<>();
        int inputs = 0;
        int published = 0;
        int refused = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count && crashes.size() < 20; i++) {
            inputs++;
            boolean siteYaml = i % 20 == 19;
            byte[] input = siteYaml ? mutate(random, SITE.getBytes(StandardCharsets.UTF_8)) : next(random);
            Path file = siteYaml ? tmp.resolve("content/site.yaml") : article;
            Files.write(file, input);
            MarkdownRenderer markdown = renderers[i % 3];
            try {
                if (siteYaml) {
                    Diagnostics d = new Diagnostics();
                    Optional<SiteConfig> loaded = SiteConfigLoader.load(tmp, d);
                    check(
                            loaded.isPresent() == !d.hasErrors(),
                            "site.yaml loaded " + loaded.isPresent() + " with " + d.sorted());
                    Files.writeString(file, SITE);
                    continue;
                }
                Diagnostics d = new Diagnostics();
                Archive archive = ArchiveLoader.load(tree, config, options, markdown, d);
                for (Diagnostic diagnostic : d.sorted()) {
                    check(
                            diagnostic.at().file().toString().replace('\\', '/').startsWith("content/"),
                            "diagnostic outside content: " + diagnostic);
                    check(!diagnostic.message().isBlank(), "empty message: " + diagnostic);
                }
                // A file without errors is published (drafts and future articles are included here):
                // nothing is dropped silently.
                check(
                        d.hasErrors() || archive.articles().size() == 1,
                        "published " + archive.articles().size() + " with " + d.sorted());
                if (d.hasErrors()) refused++;
                else published++;
                // Markdown never fails, whatever the body, and no mode lets an unsafe URL through.
                String text = new String(input, StandardCharsets.UTF_8);
                String html = markdown.render(text, links).html();
                if (HINT.matcher(html).find()) checkHtml(html, markdown == renderers[0]);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                Path saved = save(input, seed, crashes.size());
                crashes.add("input " + i + " (" + saved + "): " + e + "\n    at "
                        + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
                if (siteYaml) Files.writeString(file, SITE);
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                Locale.ROOT,
                "LoaderFuzzTest: %,d inputs (seed %d) in %,d ms: %,d articles published, %,d refused with errors,"
                        + " %,d site.yaml variants, %d crashes%n",
                inputs,
                seed,
                ms,
                published,
                refused,
                inputs - published - refused,
                crashes.size());
        assertEquals(List.of(), crashes);
    }

    /**
     * Parses {@code html} as a browser would (jsoup follows the HTML5 parsing rules) and checks the
     * elements: no URL attribute runs script or embeds data in any mode, and no script element
     * outside raw_html: keep. Text that only looks like a tag (in code, comments, iframe text) is fine.
     */
    private static void checkHtml(String html, boolean keep) {
        for (Element el : Jsoup.parseBodyFragment(html).body().getAllElements()) {
            for (Attribute a : el.attributes()) {
                check(
                        !URL_ATTRIBUTES.contains(a.getKey()) || !UrlSafety.isDangerous(a.getValue()),
                        "unsafe URL " + el.outerHtml() + " in " + html);
            }
            check(keep || !el.tagName().equals("script"), "script in " + html);
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) throw new IllegalStateException("invariant broken: " + message);
    }

    private static Path save(byte[] input, long seed, int n) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-crashes"));
            Path file = dir.resolve("crash-" + seed + "-" + n + ".md");
            Files.write(file, input);
            return file;
        } catch (IOException e) {
            return Path.of("(not saved: " + e.getMessage() + ")");
        }
    }

    /** One input: mostly mutated seeds, some generated front matter, a few random bytes. */
    static byte[] next(Random r) {
        int kind = r.nextInt(20);
        if (kind == 0) {
            byte[] b = new byte[r.nextInt(400)];
            r.nextBytes(b);
            return r.nextBoolean() ? b : concat("---\n".getBytes(StandardCharsets.UTF_8), b);
        }
        if (kind <= 4) return mutate(r, generated(r).getBytes(StandardCharsets.UTF_8));
        return mutate(r, SEEDS.get(r.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8));
    }

    /** Front matter from a small grammar: known and unknown keys, scalars, lists, maps, anchors, odd values. */
    static String generated(Random r) {
        StringBuilder sb = new StringBuilder("---\n");
        String[] keys = {
            "title",
            "date",
            "updated",
            "section",
            "authors",
            "tags",
            "summary",
            "image",
            "slug",
            "draft",
            "aliases",
            "corrections",
            "extra",
            "Title",
            "tag",
            "x"
        };
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(keys[r.nextInt(keys.length)])
                    .append(": ")
                    .append(value(r, 0))
                    .append('\n');
        }
        sb.append("---\n");
        int lines = r.nextInt(6);
        for (int i = 0; i < lines; i++)
            sb.append(TOKENS[r.nextInt(TOKENS.length)]).append(word(r)).append('\n');
        return sb.toString();
    }

    private static String value(Random r, int depth) {
        return switch (depth > 3 ? r.nextInt(6) : r.nextInt(10)) {
            case 0 -> word(r);
            case 1 -> "\"" + word(r).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 2 -> "'" + word(r).replace("'", "''") + "'";
            case 3 ->
                List.of(
                                "2025-11-24",
                                "2025-11-24T09:12:00+02:00",
                                "2025-02-30",
                                "24.11.2025",
                                "true",
                                "false",
                                "yes",
                                "~",
                                "",
                                "ann-lee",
                                "/old/x/",
                                "/media/a.jpg",
                                "javascript:alert(1)",
                                "../x",
                                "1e3")
                        .get(r.nextInt(15));
            case 4 -> "&a" + r.nextInt(3) + " " + word(r);
            case 5 -> "*a" + r.nextInt(3);
            case 6, 7 -> {
                StringBuilder l = new StringBuilder("[");
                int k = r.nextInt(5);
                for (int i = 0; i < k; i++) l.append(i > 0 ? ", " : "").append(value(r, depth + 1));
                yield l.append(']').toString();
            }
            default -> {
                StringBuilder m = new StringBuilder("{");
                int k = r.nextInt(4);
                for (int i = 0; i < k; i++) {
                    m.append(i > 0 ? ", " : "")
                            .append(List.of("src", "alt", "caption", "credit", "date", "text", "k")
                                    .get(r.nextInt(7)))
                            .append(": ")
                            .append(value(r, depth + 1));
                }
                yield m.append('}').toString();
            }
        };
    }

    private static final String PUNCTUATION = " -_.,:&<>\"'#!/\\[]{}|*";

    private static String word(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(10);
            if (pick < 6) sb.append((char) ('a' + r.nextInt(26)));
            else if (pick < 8) sb.append(PUNCTUATION.charAt(r.nextInt(PUNCTUATION.length())));
            else
                sb.appendCodePoint(List.of(0x41F, 0x456, 0xE9, 0x6771, 0x1F1FA, 0x301, 0x5D0, 0xA0)
                        .get(r.nextInt(8)));
        }
        return sb.toString();
    }

    /** 1 to 4 mutations of {@code input}. */
    static byte[] mutate(Random r, byte[] input) {
        byte[] b = input;
        int rounds = 1 + r.nextInt(4);
        for (int k = 0; k < rounds; k++) {
            int len = b.length;
            int at = len == 0 ? 0 : r.nextInt(len + 1);
            switch (r.nextInt(12)) {
                case 0 -> { // flip a byte
                    if (len > 0) {
                        b = b.clone();
                        b[Math.min(at, len - 1)] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> b = splice(b, at, at, new byte[] {(byte) r.nextInt(256)});
                case 2 -> b = splice(b, at, Math.min(len, at + r.nextInt(40)), new byte[0]);
                case 3 -> { // repeat a piece: nesting, long lines
                    int end = Math.min(len, at + 1 + r.nextInt(12));
                    byte[] piece = Arrays.copyOfRange(b, Math.min(at, end), end);
                    int times = 2 + r.nextInt(r.nextInt(10) == 0 ? 3000 : 40);
                    byte[] rep = new byte[piece.length * times];
                    for (int t = 0; t < times; t++) System.arraycopy(piece, 0, rep, t * piece.length, piece.length);
                    b = splice(b, end, end, rep);
                }
                case 4, 5, 6 ->
                    b = splice(b, at, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                case 7 ->
                    b = splice(b, at, Math.min(len, at + r.nextInt(20)), word(r).getBytes(StandardCharsets.UTF_8));
                case 8 -> b = Arrays.copyOf(b, at); // truncate
                case 9 ->
                    b = new String(b, StandardCharsets.ISO_8859_1)
                            .replace("\n", r.nextBoolean() ? "\r\n" : "\r")
                            .getBytes(StandardCharsets.ISO_8859_1);
                case 10 -> b = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b);
                default -> { // splice in another seed
                    byte[] other = SEEDS.get(r.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
                    int from = r.nextInt(other.length);
                    b = splice(
                            b, at, at, Arrays.copyOfRange(other, from, Math.min(other.length, from + r.nextInt(200))));
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return splice(b, 0, 0, a);
    }
}
