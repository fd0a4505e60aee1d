package galley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import galley.content.FrontMatter;
import galley.diag.Diagnostics;
import galley.model.Slug;
import galley.plan.Pagination;
import galley.yaml.SourceText;
import galley.yaml.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Property-based tests (jqwik) for the rules every input must keep (issue #5): slugs, front-matter
 * round trips, escaping, and stable pagination. jqwik runs on the JUnit platform beside Jupiter.
 */
class PropertiesTest {

    private static final Path FILE = Path.of("content/articles/2025/11/a.md");

    // ------------------------------------------------------------------ text generators

    /** Characters a newsroom writes, and the ones that break naive code. */
    private static final String NEWSY = "abcXYZ019 -_'’`´.,;:!?&/\\|\"<>()[]{}#%@*+=~^$\t" + "ÉéèçñøßæœłđþıÀÖ"
            + "КиївЙйЁёЇїҐґ" + "東京日本語" + "कि" + "ăşţ" + "שלום" + "\u0301\u0306" + "ǅϒİ" + "①²";

    /** Any valid code point (no lone surrogates), biased to the interesting ones. */
    static Arbitrary<String> anyText(int maxLength) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(NEWSY.codePoints().boxed().toList())),
                Tuple.of(2, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(1, Arbitraries.integers().between(0, 0x1F)),
                Tuple.of(1, Arbitraries.integers().between(0x7F, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        return codePoint.list().ofMaxSize(maxLength).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    /** True for text with a character that XML 1.0 (and so no feed) can carry: C0 controls but tab and line ends, U+FFFE, U+FFFF. */
    static boolean hasNonXmlChar(String s) {
        return s.codePoints()
                .anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r'
                        || c == 0xFFFE
                        || c == 0xFFFF
                        || c >= 0xD800 && c <= 0xDFFF);
    }

    /** Text that the content format accepts in a value: no characters that XML cannot carry. */
    static Arbitrary<String> valueText(int maxLength) {
        return Arbitraries.oneOf(
                anyText(maxLength).filter(s -> !hasNonXmlChar(s)),
                Arbitraries.of(
                        "NO",
                        "no",
                        "on",
                        "off",
                        "yes",
                        "Y",
                        "1e3",
                        "2025-11-24",
                        "2025-11-24T09:12:00+02:00",
                        "~",
                        "null",
                        "",
                        "true",
                        "False",
                        "0x1F",
                        "0o17",
                        "007",
                        ".inf",
                        "-.NaN",
                        "+12",
                        "---",
                        "...",
                        "# no comment",
                        ": colon",
                        "- dash",
                        "&anchor",
                        "*alias",
                        "!tag",
                        "!!str",
                        "%YAML 1.2",
                        "@at",
                        "`tick",
                        "|",
                        ">",
                        "'",
                        "\"",
                        "\\",
                        "\t",
                        "  leading",
                        "trailing  ",
                        "line\nbreak",
                        "\r\n",
                        "Київ",
                        "🇺🇦",
                        "שלום",
                        "e\u0301",
                        "\u2028",
                        "\u0085",
                        "\uFEFF"));
    }

    // ------------------------------------------------------------------ slugs

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                anyText(40),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings().withChars(NEWSY).ofMaxLength(30));
    }

    @Property(tries = 3000)
    void slugIsIdempotent(@ForAll("names") String name) {
        String slug = Slug.of(name);
        assertEquals(slug, Slug.of(slug), () -> "name " + escapeJava(name));
    }

    @Property(tries = 3000)
    void slugHasOnlyLettersDigitsAndSingleInnerHyphens(@ForAll("names") String name) {
        String full = Slug.of(name);
        String shown = "name " + escapeJava(name) + " -> " + escapeJava(full);
        // A Windows device name gets an underscore (con_), the one other character a slug may hold.
        String slug = full.endsWith("_") ? full.substring(0, full.length() - 1) : full;
        if (!slug.equals(full)) assertTrue(Slug.isReservedOnWindows(slug), shown);
        assertFalse(slug.startsWith("-") || slug.endsWith("-") || slug.contains("--"), shown);
        int previous = -1;
        for (int i = 0; i < slug.length(); ) {
            int cp = slug.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            boolean mark = type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            // Marks belong to the letter before them (Cyrillic й, Devanagari कि), never stand alone.
            assertTrue(Character.isLetterOrDigit(cp) || cp == '-' || mark && previous >= 0 && previous != '-', shown);
            previous = cp;
        }
        assertFalse(slug.contains("/") || slug.contains("\\") || slug.contains("."), shown);
        assertEquals(full.isEmpty() ? false : true, Slug.isValid(full), shown);
    }

    @Property(tries = 2000)
    void slugOfJoinedNamesJoinsTheirSlugs(@ForAll("names") String a, @ForAll("names") String b) {
        String sa = Slug.of(a);
        String sb = Slug.of(b);
        String expected = sa.isEmpty() ? sb : sb.isEmpty() ? sa : sa + "-" + sb;
        assertEquals(expected, Slug.of(a + " " + b), () -> "names " + escapeJava(a) + " and " + escapeJava(b));
    }

    @Property(tries = 1000)
    void lowerCasingFirstChangesNothing(@ForAll("names") String name) {
        assertEquals(Slug.of(name), Slug.of(name.toLowerCase(Locale.ROOT)), () -> "name " + escapeJava(name));
    }

    // ------------------------------------------------------------------ front matter

    @Provide
    Arbitrary<Map<String, String>> fields() {
        return Arbitraries.maps(valueText(20).filter(k -> !k.isEmpty()), valueText(60))
                .ofMaxSize(8);
    }

    @Property(tries = 2000)
    void doubleQuotedValuesComeBackExactly(
            @ForAll("fields") Map<String, String> fields, @ForAll boolean bom, @ForAll boolean crlf) {
        StringBuilder yaml = new StringBuilder("---\n");
        fields.forEach((k, v) -> yaml.append(HostileInputTest.q(k))
                .append(": ")
                .append(HostileInputTest.q(v))
                .append('\n'));
        yaml.append("---\nBody line\n");
        String text = crlf ? yaml.toString().replace("\n", "\r\n") : yaml.toString();
        byte[] bytes = ((bom ? "\uFEFF" : "") + text).getBytes(StandardCharsets.UTF_8);
        Diagnostics d = new Diagnostics();
        String decoded =
                SourceText.decode(bytes, FILE, d).orElseThrow(() -> new AssertionError(d.sorted() + "\n" + yaml));
        FrontMatter fm =
                FrontMatter.parse(FILE, decoded, d).orElseThrow(() -> new AssertionError(d.sorted() + "\n" + yaml));
        Map<String, String> back = new LinkedHashMap<>();
        fm.fields().entries().forEach((k, v) -> back.put(k, ((YamlNode.Scalar) v).value()));
        assertEquals(new ArrayList<>(fields.entrySet()), new ArrayList<>(back.entrySet()), yaml::toString);
        assertEquals("Body line\n", fm.body());
        assertEquals(fields.size() + 3, fm.bodyLine());
        assertEquals(List.of(), d.sorted());
    }

    @Provide
    Arbitrary<String> plainScalars() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "NO",
                        "No",
                        "no",
                        "on",
                        "ON",
                        "off",
                        "yes",
                        "y",
                        "n",
                        "1e3",
                        "1E3",
                        "2025-11-24",
                        "2025-11-24 09:12:00",
                        "2025-11-24T09:12:00+02:00",
                        "0x1F",
                        "0o17",
                        "007",
                        "+12",
                        ".inf",
                        "-.Inf",
                        ".NaN",
                        "true",
                        "False",
                        "12:30:00",
                        "1_000",
                        "Київ",
                        "Trump & Russia"),
                Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .withCharRange('0', '9')
                        .ofMinLength(1)
                        .ofMaxLength(12));
    }

    @Property(tries = 500)
    void plainScalarsAreNeverRetyped(@ForAll("plainScalars") String value) {
        Diagnostics d = new Diagnostics();
        FrontMatter fm = FrontMatter.parse(FILE, "---\nv: " + value + "\nlist: [" + value + "]\n---\n", d)
                .orElseThrow();
        YamlNode.Scalar v = (YamlNode.Scalar) fm.fields().find("v").orElseThrow();
        assertEquals(value, v.value());
        assertFalse(v.isNull());
        assertEquals(List.of(value), fm.fields().find("list").orElseThrow().toPlain());
    }

    // ------------------------------------------------------------------ escaping

    @Provide
    Arbitrary<List<String>> titles() {
        Arbitrary<String> evil = Arbitraries.of(
                HostileInputTest.EVIL,
                "</title><script>x</script>",
                "\"><img src=x onerror=alert(1)>",
                "'; alert(1); '",
                "]]></summary>",
                "&amp; &lt; &#60; &#x3C;",
                "{{x}} ${x} <#-- x -->",
                "\\u003c/script>",
                "<!--",
                "-->");
        Arbitrary<String> title = Combinators.combine(valueText(30), evil, valueText(30))
                .as((a, b, c) -> a + b + c)
                .filter(t -> !t.isBlank() && t.indexOf('\r') < 0);
        return title.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 25)
    void anyTitleAppearsOnPagesAndInJsonLdOnlyAsText(@ForAll("titles") List<String> titles) throws IOException {
        Path root = Files.createTempDirectory("galley-titles");
        try {
            StringBuilder files = new StringBuilder(TestProject.BASE);
            for (int i = 0; i < titles.size(); i++) {
                files.append("-- content/articles/2025/11/a")
                        .append(i)
                        .append(".md --\n---\ntitle: ")
                        .append(HostileInputTest.q(titles.get(i)))
                        .append("\ndate: 2025-11-24T09:12:00+02:00\nsection: Port\nauthors: [ann-lee]\n---\nBody.\n");
            }
            TestProject p = TestProject.write(root, files.toString());
            TestProject.Run run = p.build();
            assertEquals(0, run.exitCode(), run::toString);
            for (int i = 0; i < titles.size(); i++) {
                String expected = titles.get(i).strip();
                Document page = Jsoup.parse(
                        p.site().resolve("2025/11/24/a" + i + "/index.html").toFile(), "UTF-8");
                String shown = "title " + escapeJava(expected);
                assertEquals(expected, page.selectFirst("h1").wholeText(), shown);
                assertEquals(
                        expected + " – Test Ledger", page.selectFirst("title").wholeText(), shown);
                assertEquals(
                        expected, page.selectFirst("meta[property=og:title]").attr("content"), shown);
                assertTrue(
                        page.select("script:not([type=application/ld+json]), img, xss")
                                .isEmpty(),
                        shown);
                assertTrue(
                        page.getAllElements().stream()
                                .flatMap(e -> e.attributes().asList().stream())
                                .noneMatch(a -> a.getKey().startsWith("on")),
                        shown);
                String json =
                        page.selectFirst("script[type=application/ld+json]").data();
                assertFalse(json.contains("<"), shown);
                assertEquals(
                        expected,
                        new ObjectMapper().readTree(json).get(0).get("headline").asText(),
                        shown);
            }
            for (String feed : List.of("feed.xml", "rss.xml")) {
                org.w3c.dom.Document xml = HostileInputTest.parseXml(p.site().resolve(feed));
                Set<String> seen = new HashSet<>();
                var nodes = xml.getElementsByTagNameNS("*", "title");
                for (int i = 0; i < nodes.getLength(); i++)
                    seen.add(nodes.item(i).getTextContent());
                for (String t : titles) assertTrue(seen.contains(t.strip()), feed + " misses " + escapeJava(t));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            InvalidSitesTest.deleteTree(root);
        }
    }

    // ------------------------------------------------------------------ pagination

    @Property(tries = 2000)
    void everyArticleIsOnExactlyOneNumberedPage(
            @ForAll @IntRange(min = 0, max = 3000) int total, @ForAll @IntRange(min = 1, max = 60) int size) {
        Pagination p = new Pagination(total, size);
        List<Integer> newestFirst =
                IntStream.iterate(total - 1, i -> i - 1).limit(total).boxed().toList();
        List<Integer> front = p.front(newestFirst);
        assertEquals(newestFirst.subList(0, Math.min(size, total)), front, "front page = newest size");
        if (p.numberedPages() == 0) {
            assertTrue(total <= size);
            assertEquals(newestFirst, front, "a list that fits has no numbered pages");
            return;
        }
        List<Integer> seen = new ArrayList<>();
        for (int n = 1; n <= p.numberedPages(); n++) {
            List<Integer> page = p.page(newestFirst, n);
            assertTrue(page.size() <= size && !page.isEmpty(), "page " + n + " holds " + page.size());
            if (n < p.numberedPages()) assertEquals(size, page.size(), "only the newest numbered page may be short");
            // Page n holds oldest-first positions [(n-1)*size, n*size), shown newest first.
            int oldest = (n - 1) * size;
            assertEquals(
                    IntStream.iterate(Math.min(n * size, total) - 1, i -> i - 1)
                            .limit(page.size())
                            .boxed()
                            .toList(),
                    page);
            assertTrue(page.get(page.size() - 1) == oldest);
            seen.addAll(page);
        }
        seen.sort(null);
        assertEquals(IntStream.range(0, total).boxed().toList(), seen, "every article exactly once");
    }

    @Property(tries = 1000)
    void publishingNeverChangesAFullNumberedPage(
            @ForAll @IntRange(min = 0, max = 2000) int total,
            @ForAll @IntRange(min = 1, max = 40) int size,
            @ForAll @IntRange(min = 1, max = 50) int added) {
        Pagination before = new Pagination(total, size);
        Pagination after = new Pagination(total + added, size);
        List<Integer> a =
                IntStream.iterate(total - 1, i -> i - 1).limit(total).boxed().toList();
        List<Integer> b = IntStream.iterate(total + added - 1, i -> i - 1)
                .limit(total + added)
                .boxed()
                .toList();
        for (int n = 1; n <= before.numberedPages(); n++) {
            if (before.page(a, n).size() == size)
                assertEquals(before.page(a, n), after.page(b, n), "full page " + n + " changed");
        }
    }

    // ------------------------------------------------------------------ helpers

    static String escapeJava(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\') sb.appendCodePoint(cp);
            else if (cp < 0x10000) sb.append(String.format("\\u%04X", cp));
            else sb.appendCodePoint(cp);
        });
        return sb.append('"').toString();
    }
}
