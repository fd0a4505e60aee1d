package galley;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import galley.markdown.MarkdownRenderer;
import galley.markdown.UrlSafety;
import galley.output.TreeExchange;
import galley.testing.ArchiveGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Hostile and broken input (issue #5): one test per case, each asserting the exact outcome (exit
 * code, diagnostic lines, output facts) and, where the build fails, that the previous site is
 * unchanged. Cases already covered elsewhere are not repeated here: YAML tags, billion laughs,
 * duplicate keys and tabs ({@code SafeYamlTest}), BOM, CRLF, unclosed front matter and bad UTF-8
 * ({@code FrontMatterTest}), {@code ?new} ({@code BuildCommandTest}), 1 vs 4 threads on the
 * generated corpus ({@code GeneratedArchiveTest}).
 *
 * <p>Tests that need privileges (a read-only or full file system through {@code unshare -m}, a
 * kill at an exact system call through {@code strace}) run where those tools work (CI runs as
 * root on a machine that has both) and are skipped elsewhere.
 */
class HostileInputTest {

    /** Everything a template might print without care: script end, attribute break, CDATA end, ampersand, a tag. */
    static final String EVIL = "</script><script>alert(1)</script> \"onmouseover=alert(2) x=' ]]> & <xss>";

    private static final String ARTICLE_HEAD = """
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            """;

    /** One article file in front-matter form: {@code extra} lines are added to the standard head. */
    static String article(String path, String extra, String body) {
        return "-- " + path + " --\n---\n" + ARTICLE_HEAD + extra
                + (extra.isEmpty() || extra.endsWith("\n") ? "" : "\n") + "---\n" + body
                + (body.endsWith("\n") ? "" : "\n");
    }

    /** {@link TestProject#BASE} with more lines in its site.yaml. */
    static String base(String settings) {
        return TestProject.BASE.replace("page_size: 2\n", "page_size: 2\n" + settings + "\n");
    }

    /** {@code s} as a YAML double-quoted scalar. */
    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp == '"') sb.append("\\\"");
            else if (cp == '\\') sb.append("\\\\");
            else if (cp == '\n') sb.append("\\n");
            else if (cp < 0x20
                    || cp >= 0x7F && cp < 0xA0
                    || cp == 0x2028
                    || cp == 0x2029
                    || cp == 0xFEFF
                    || cp >= 0xD800 && cp <= 0xDFFF
                    || cp == 0xFFFE
                    || cp == 0xFFFF) {
                sb.append(String.format("\\u%04X", cp));
            } else sb.appendCodePoint(cp);
        });
        return sb.append('"').toString();
    }

    // ------------------------------------------------------------------ escaping

    @Test
    void hostileTextIsEscapedInHtmlAttributesJsonLdAndFeeds(@TempDir Path tmp) throws Exception {
        String title = "T " + EVIL;
        String summary = "U " + EVIL;
        String section = "S " + EVIL;
        String tag = "G " + EVIL;
        String alt = "A " + EVIL;
        String caption = "C " + EVIL;
        String credit = "R " + EVIL;
        String author = "Eve " + EVIL;
        String role = "Role " + EVIL;
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + """
                -- content/authors/eve.md --
                ---
                name: %s
                role: %s
                ---
                Eve's bio.
                -- content/articles/2025/11/harbour.md --
                ---
                title: %s
                date: 2025-11-24T09:12:00+02:00
                section: %s
                authors: [eve]
                tags: [%s]
                summary: %s
                image:
                  src: https://img.example.org/harbour.jpg
                  alt: %s
                  caption: %s
                  credit: %s
                aliases: [/old/harbour/]
                note: %s
                ---
                The harbour reopened.
                """.formatted(
                                        q(author),
                                        q(role),
                                        q(title),
                                        q(section),
                                        q(tag),
                                        q(summary),
                                        q(alt),
                                        q(caption),
                                        q(credit),
                                        q(EVIL)));
        TestProject.Run run = p.build("--threads", "4").assertOk();
        assertEquals(List.of(), run.diagnostics(), run.toString());
        Path site = p.site();

        // Nothing anywhere in the site was turned into markup or script.
        for (Path html : files(site, ".html")) {
            Document doc = Jsoup.parse(html.toFile(), "UTF-8");
            String where = site.relativize(html).toString();
            // The only scripts: JSON-LD, and the theme's search script on the search page.
            assertEquals(
                    List.of(),
                    doc
                            .select(
                                    "script:not([type=application/ld+json]):not([src~=^/assets/search\\.[0-9a-f]{10}\\.js$]), xss")
                            .stream()
                            .map(Element::outerHtml)
                            .toList(),
                    where);
            for (Element el : doc.getAllElements()) {
                for (Attribute a : el.attributes()) {
                    assertFalse(
                            a.getKey().toLowerCase(Locale.ROOT).startsWith("on")
                                    || a.getKey().equals("x"),
                            where + ": injected attribute " + a + " on <" + el.tagName() + ">");
                }
            }
            for (Element script : doc.select("script[type=application/ld+json]")) {
                String json = script.data();
                assertFalse(
                        json.toLowerCase(Locale.ROOT).contains("</script") || json.contains("<"), where + ": " + json);
                new ObjectMapper().readTree(json); // well-formed JSON
            }
        }

        // The article page shows every value exactly as written, as text.
        Document page =
                Jsoup.parse(site.resolve("2025/11/24/harbour/index.html").toFile(), "UTF-8");
        assertEquals(title, page.selectFirst("h1").wholeText());
        assertEquals(title + " – Test Ledger", page.title());
        assertEquals(summary, page.selectFirst("p.standfirst").wholeText());
        assertEquals(section, page.selectFirst("p.kicker a").wholeText());
        assertEquals(author, page.selectFirst("p.byline a").wholeText());
        assertEquals(role, page.selectFirst("p.author-role").wholeText());
        assertEquals(tag, page.selectFirst("a[rel=tag]").wholeText());
        assertEquals(alt, page.selectFirst("figure.hero img").attr("alt"));
        assertEquals(
                caption + " (" + credit + ")", page.selectFirst("figcaption").wholeText());
        assertEquals(summary, page.selectFirst("meta[name=description]").attr("content"));
        assertEquals(title, page.selectFirst("meta[property=og:title]").attr("content"));
        assertEquals(alt, page.selectFirst("meta[property=og:image:alt]").attr("content"));
        assertEquals(List.of(tag), page.select("meta[property=article:tag]").eachAttr("content"));
        assertEquals("About " + author, page.selectFirst("aside.author-box").attr("aria-label"));

        JsonNode ld = new ObjectMapper()
                .readTree(page.selectFirst("script[type=application/ld+json]").data());
        assertEquals(title, ld.get(0).get("headline").asText());
        assertEquals(summary, ld.get(0).get("description").asText());
        assertEquals(author, ld.get(0).get("author").get(0).get("name").asText());
        assertEquals(section, ld.get(0).get("articleSection").asText());
        assertEquals(tag, ld.get(0).get("keywords").asText());
        assertEquals(title, ld.get(1).get("itemListElement").get(2).get("name").asText());

        Document redirect = Jsoup.parse(site.resolve("old/harbour/index.html").toFile(), "UTF-8");
        assertEquals(title, redirect.selectFirst("body a").wholeText());

        // Every XML file is well-formed, and the feeds carry the values as text.
        for (Path xml : files(site, ".xml")) parseXml(xml);
        org.w3c.dom.Document atom = parseXml(site.resolve("feed.xml"));
        assertEquals(title, text(atom, "entry", "title"));
        assertEquals(summary, text(atom, "entry", "summary"));
        assertEquals(author, text(atom, "entry", "name"));
        assertEquals(List.of(section, tag), attrs(atom, "category", "label"));
        org.w3c.dom.Document rss = parseXml(site.resolve("rss.xml"));
        assertEquals(title, text(rss, "item", "title"));
        assertEquals(summary, text(rss, "item", "description"));
        assertEquals(author, text(rss, "item", "creator"));
        org.w3c.dom.Document tagFeed =
                parseXml(site.resolve("tags/g-script-script-alert-1-script-onmouseover-alert-2-x-xss/feed.xml"));
        assertEquals(tag + " – Test Ledger", text(tagFeed, "feed", "title"));

        // The search index carries the values as JSON strings without one markup character, and the
        // search page's script puts them into the page as text only.
        String index = Files.readString(site.resolve("search/2025.json"));
        assertFalse(index.contains("<") || index.contains(">"), index);
        JsonNode entry = new ObjectMapper().readTree(index).get(0);
        assertEquals(title, entry.get("t").asText());
        assertEquals(summary, entry.get("x").asText());
        assertEquals(section, entry.get("s").asText());
        assertEquals(tag, entry.get("g").get(0).asText());
        assertEquals(author, entry.get("a").get(0).asText());
        String script = Files.readString(site.resolve("js/search.js"));
        for (String sink :
                List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(")) {
            assertFalse(script.contains(sink), "search.js uses " + sink);
        }

        // The same hostile input on one thread gives the same bytes (issue #5, parallelism).
        Path one = tmp.resolve("one-thread");
        p.build("--threads", "1", "--out", one.toString()).assertOk();
        assertEquals(TestProject.tree(site), TestProject.tree(one));
    }

    @Test
    void extraFrontMatterValuesAreEscapedInTemplates(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + article(
                                "content/articles/2025/11/harbour.md",
                                "note: " + q(EVIL) + "\nlist: [" + q(EVIL) + "]\nmap: {k: " + q(EVIL) + "}",
                                "Body.")
                        + """
                -- templates/article.ftlh --
                <p title="${article.extra.note}">${article.extra.note}</p><#list article.extra.list as x><i>${x}</i></#list><b data-k="${article.extra.map.k}">${article.extra.map.k}</b>
                """);
        p.build().assertOk();
        String html = Files.readString(p.site().resolve("2025/11/24/harbour/index.html"));
        String e =
                "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=alert(2) x=&#39; ]]&gt; &amp; &lt;xss&gt;";
        assertEquals(
                "<p title=\"" + e + "\">" + e + "</p><i>" + e + "</i><b data-k=\"" + e + "\">" + e + "</b>\n\n", html);
    }

    @Test
    void controlCharactersThatFeedsCannotCarryAreErrorsWithTheirPlace(@TempDir Path tmp) throws Exception {
        // Found by this suite: "\x01" in a title or a raw U+000B in a body made every feed malformed XML.
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + article(
                                "content/articles/2025/11/escaped.md",
                                "summary: \"bell \\a and \\x01\"\ntags: [\"lone \\uD800 half\"]",
                                "Body.")
                        + article("content/articles/2025/11/raw.md", "", "Body with a vertical \u000B tab.")
                        + article("content/articles/2025/11/nonchar.md", "", "Body with \uFFFE.")
                        + "-- content/articles/2025/11/fine.md --\n---\n"
                        + ARTICLE_HEAD.replace("Harbour reopens", "Tabs\\tand \\u00A0 are fine")
                        + "slug: fine\n---\nTab\there, DEL \u007F and C1 \u0085 are XML characters.\n");
        Map<String, String> before = previousSite(p.site());
        TestProject.Run run = p.build();
        assertEquals(
                List.of(
                        "content/articles/2025/11/escaped.md:6:10: error: YAML text contains the character U+0007 (written as an escape), which pages and feeds cannot carry; remove it",
                        "content/articles/2025/11/escaped.md:7:8: error: YAML text contains the character U+D800 (written as an escape), which pages and feeds cannot carry; remove it",
                        "content/articles/2025/11/nonchar.md:7:11: error: the file contains the control character U+FFFE, which pages and feeds cannot carry; remove it",
                        "content/articles/2025/11/raw.md:7:22: error: the file contains the control character U+000B, which pages and feeds cannot carry; remove it"),
                run.diagnostics(),
                run.toString());
        assertEquals(1, run.exitCode());
        assertEquals(before, TestProject.tree(p.site()));

        Files.delete(tmp.resolve("content/articles/2025/11/escaped.md"));
        Files.delete(tmp.resolve("content/articles/2025/11/raw.md"));
        Files.delete(tmp.resolve("content/articles/2025/11/nonchar.md"));
        p.build().assertOk();
        for (Path xml : files(p.site(), ".xml")) parseXml(xml);
        assertEquals("Tabs\tand \u00A0 are fine", text(parseXml(p.site().resolve("feed.xml")), "entry", "title"));
    }

    @Test
    void valuesAreNeverRetypedOnTheWayToPages(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + """
                -- content/articles/2025/11/harbour.md --
                ---
                title: NO
                date: 2025-11-24
                section: on
                authors: [ann-lee]
                tags: [NO, on, 1e3, 2025-11-24, 0x1F, .inf, 'null', 007]
                summary: 1e3
                slug: 2025-11-24
                ---
                Body.
                """);
        p.build().assertOk();
        Document page =
                Jsoup.parse(p.site().resolve("2025/11/24/2025-11-24/index.html").toFile(), "UTF-8");
        assertEquals("NO", page.selectFirst("h1").text());
        assertEquals("1e3", page.selectFirst("p.standfirst").text());
        assertEquals("on", page.selectFirst("p.kicker").text());
        assertEquals(
                List.of("NO", "on", "1e3", "2025-11-24", "0x1F", ".inf", "null", "007"),
                page.select("a[rel=tag]").eachText());
        assertEquals(
                List.of("007", "0x1f", "1e3", "2025-11-24", "index.html", "inf", "no", "null", "on"),
                list(p.site().resolve("tags")));
        assertEquals(List.of("index.html", "on"), list(p.site().resolve("sections")));
    }

    @Test
    void deeplyNestedOrOversizedFrontMatterFailsFastWithItsFile(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + article("content/articles/2025/11/deep.md", "x: " + "[".repeat(5000) + "]".repeat(5000), "B")
                        + article("content/articles/2025/11/huge.md", "x: \"" + "a".repeat(1_100_000) + "\"", "B")
                        + article(
                                "content/articles/2025/11/wide.md",
                                "x: &a [a, a, a, a, a, a, a, a, a, a]\n"
                                        + IntStream.range(0, 30)
                                                .mapToObj(i -> "y" + i + ": [*a, *a, *a, *a, *a]")
                                                .collect(Collectors.joining("\n")),
                                "B"));
        Map<String, String> before = previousSite(p.site());
        // CPU time of this JVM (the build runs in it), not wall time: "fast" must hold on a loaded machine too.
        long start = processCpuNanos();
        TestProject.Run run = p.build();
        assertTrue(processCpuNanos() - start < Duration.ofSeconds(10).toNanos(), "took too long");
        assertEquals(
                List.of(
                        "content/articles/2025/11/deep.md:2: error: invalid YAML: Nesting Depth exceeded max 20",
                        "content/articles/2025/11/huge.md:2: error: invalid YAML: The incoming YAML document exceeds the limit: 1000000 code points.",
                        "content/articles/2025/11/wide.md:2: error: invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=20"),
                run.diagnostics(),
                run.toString());
        assertEquals(1, run.exitCode());
        assertEquals(before, TestProject.tree(p.site()));
    }

    // ------------------------------------------------------------------ raw HTML and URLs

    static final String RAW_BODY = """
            Intro <b onclick="x()">bold</b>.

            <script>alert(1)</script>

            <iframe src="https://player.example.com/v/1"></iframe>

            <a href="javascript:alert(1)">js</a> <a href=" JaVaScRiPt:alert(2)">js2</a> <a href="&#106;avascript:alert(3)">js3</a> <img src="data:image/png;base64,AAAA" alt="d"> <a href="vbscript:msgbox(1)">vb</a> <a href="https://example.com/a">fine</a>

            [md js](javascript:alert(4)) ![md data](data:image/png;base64,BBBB) [ok](https://example.com/) <javascript:alert(5)> [enc](javascript&#58;alert(6)) [ref js][r]

            Autolinks www.example.com and https://example.net/x.

            [r]: javascript:alert(7)
            """;

    static final List<String> RAW_WARNINGS = List.of(
            "content/articles/2025/11/raw.md:15:1: warning: removed a link with an unsafe URL (javascript:, vbscript: or data:)",
            "content/articles/2025/11/raw.md:15:30: warning: removed an image with an unsafe URL (javascript:, vbscript: or data:)",
            "content/articles/2025/11/raw.md:15:96: warning: removed a link with an unsafe URL (javascript:, vbscript: or data:)",
            "content/articles/2025/11/raw.md:15:118: warning: removed a link with an unsafe URL (javascript:, vbscript: or data:)",
            "content/articles/2025/11/raw.md:15:149: warning: removed a link with an unsafe URL (javascript:, vbscript: or data:)");

    @ParameterizedTest(name = "raw_html: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            keep     | `<p>Intro <b onclick="x()">bold</b>.</p>\n<script>alert(1)</script>\n<iframe src="https://player.example.com/v/1"></iframe>\n<p><a>js</a> <a>js2</a> <a>js3</a> <img alt="d"> <a>vb</a> <a href="https://example.com/a">fine</a></p>\n<p>md js md data <a href="https://example.com/">ok</a> javascript:alert(5) enc ref js</p>\n<p>Autolinks <a href="http://www.example.com">www.example.com</a> and <a href="https://example.net/x">https://example.net/x</a>.</p>\n`
            sanitize | `<p>Intro <b>bold</b>.</p>\n\n\n<p><a>js</a> <a>js2</a> <a>js3</a> <img alt="d"> <a>vb</a> <a href="https://example.com/a">fine</a></p>\n<p>md js md data <a href="https://example.com/">ok</a> javascript:alert(5) enc ref js</p>\n<p>Autolinks <a href="http://www.example.com">www.example.com</a> and <a href="https://example.net/x">https://example.net/x</a>.</p>\n`
            escape   | `<p>Intro &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;iframe src=&quot;https://player.example.com/v/1&quot;&gt;&lt;/iframe&gt;</p>\n<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;js&lt;/a&gt; &lt;a href=&quot; JaVaScRiPt:alert(2)&quot;&gt;js2&lt;/a&gt; &lt;a href=&quot;&amp;#106;avascript:alert(3)&quot;&gt;js3&lt;/a&gt; &lt;img src=&quot;data:image/png;base64,AAAA&quot; alt=&quot;d&quot;&gt; &lt;a href=&quot;vbscript:msgbox(1)&quot;&gt;vb&lt;/a&gt; &lt;a href=&quot;https://example.com/a&quot;&gt;fine&lt;/a&gt;</p>\n<p>md js md data <a href="https://example.com/">ok</a> javascript:alert(5) enc ref js</p>\n<p>Autolinks <a href="http://www.example.com">www.example.com</a> and <a href="https://example.net/x">https://example.net/x</a>.</p>\n`
            """)
    void rawHtmlModesAndUnsafeUrls(String mode, String expectedBody, @TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(
                tmp, base("raw_html: " + mode) + article("content/articles/2025/11/raw.md", "", RAW_BODY));
        TestProject.Run run = p.build().assertOk();
        assertEquals(RAW_WARNINGS, run.diagnostics(), run.toString());
        String html = Files.readString(p.site().resolve("2025/11/24/raw/index.html"));
        String body = html.substring(
                html.indexOf("<div class=\"body\">\n") + 19,
                html.indexOf("\n  </div>", html.indexOf("<div class=\"body\">")));
        assertEquals(expectedBody.replace("\\n", "\n"), body);
        // In every mode, and in the feed's copy of the body too, no URL attribute runs script or embeds data.
        for (String text : List.of(html, text(parseXml(p.site().resolve("feed.xml")), "entry", "content"))) {
            for (Element el : Jsoup.parse(text).getAllElements()) {
                for (Attribute a : el.attributes()) {
                    if (List.of("href", "src", "srcset", "action", "formaction", "poster", "xlink:href")
                            .contains(a.getKey())) {
                        assertFalse(UrlSafety.isDangerous(a.getValue()), mode + ": " + el.outerHtml());
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ paths

    @Test
    void slugsAliasesAndMediaPathsCannotLeaveTheOutputFolder(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("project");
        StringBuilder files = new StringBuilder(TestProject.BASE);
        String[][] cases = {
            {"s1", "slug: ../../../../escape"},
            {"s2", "slug: /etc/x"},
            {"s3", "slug: 'a\\b'"},
            {"s4", "slug: '%2e%2e'"},
            {"s5", "slug: '..'"},
            {"s6", "slug: 'C:'"},
            {"a1", "aliases: [/../../escape/]"},
            {"a2", "aliases: [../x/]"},
            {"a3", "aliases: ['/a\\b/']"},
            {"a4", "aliases: ['/%2e%2e/%2e%2e/x/']"},
            {"a5", "aliases: ['//evil.example/']"},
            {"a6", "aliases: [/old/../../x]"},
            {"a7", "aliases: ['/x/%2F..%2Fy/']"},
            {"a8", "aliases: ['/old/%5c../']"},
        };
        for (String[] c : cases) files.append(article("content/articles/2025/11/" + c[0] + ".md", c[1], "Body."));
        TestProject p = TestProject.write(root, files.toString());
        Map<String, String> outside = TestProject.tree(tmp);
        TestProject.Run run = p.build();
        assertEquals(
                List.of(
                        "content/articles/2025/11/a1.md:6:11: error: alias \"/../../escape/\" must be a site path such as /old/url/ (starting with /, without .., ? or #)",
                        "content/articles/2025/11/a2.md:6:11: error: alias \"../x/\" must be a site path such as /old/url/ (starting with /, without .., ? or #)",
                        "content/articles/2025/11/a3.md:6:11: error: alias \"/a\\b/\" must be a site path such as /old/url/ (starting with /, without .., ? or #)",
                        "content/articles/2025/11/a4.md:6:11: error: alias \"/%2e%2e/%2e%2e/x/\" must not encode a dot, slash or backslash (%2e, %2f, %5c); write the path as it is",
                        "content/articles/2025/11/a5.md:6:11: error: alias \"//evil.example/\" must be a site path such as /old/url/ (starting with /, without .., ? or #)",
                        "content/articles/2025/11/a6.md:6:11: error: alias \"/old/../../x\" must be a site path such as /old/url/ (starting with /, without .., ? or #)",
                        "content/articles/2025/11/a7.md:6:11: error: alias \"/x/%2F..%2Fy/\" must not encode a dot, slash or backslash (%2e, %2f, %5c); write the path as it is",
                        "content/articles/2025/11/a8.md:6:11: error: alias \"/old/%5c../\" must not encode a dot, slash or backslash (%2e, %2f, %5c); write the path as it is",
                        "content/articles/2025/11/s1.md:6:7: error: slug \"../../../../escape\" is not a slug; use lower-case letters, digits and hyphens, e.g. \"escape\"",
                        "content/articles/2025/11/s2.md:6:7: error: slug \"/etc/x\" is not a slug; use lower-case letters, digits and hyphens, e.g. \"etc-x\"",
                        "content/articles/2025/11/s3.md:6:7: error: slug \"a\\b\" is not a slug; use lower-case letters, digits and hyphens, e.g. \"a-b\"",
                        "content/articles/2025/11/s4.md:6:7: error: slug \"%2e%2e\" is not a slug; use lower-case letters, digits and hyphens, e.g. \"2e-2e\"",
                        "content/articles/2025/11/s5.md:6:7: error: slug \"..\" is not a slug; use lower-case letters, digits and hyphens, e.g. \"s5\"",
                        "content/articles/2025/11/s6.md:6:7: error: slug \"C:\" is not a slug; use lower-case letters, digits and hyphens, e.g. \"c\""),
                run.diagnostics(),
                run.toString());
        assertEquals(1, run.exitCode());
        // The build lock in the state folder is the one file a failed build leaves (see BuildLockTest).
        Map<String, String> after = new java.util.TreeMap<>(TestProject.tree(tmp));
        after.keySet().removeIf(path -> path.matches("(.*/)?\\.galley/site/lock"));
        assertEquals(outside, after, "a file was written");
    }

    @Test
    void tagNamesAndMediaPathsThatLookLikePathsStayInside(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("project");
        TestProject p = TestProject.write(
                root,
                TestProject.BASE
                        + article(
                                "content/articles/2025/11/harbour.md",
                                """
                        tags: ["../../x", "/etc/passwd", 'a\\b', "%2e%2e", "C:\\\\Windows", "..\\\\..\\\\up", "~root", "index.html"]
                        image: {src: "/media/../../../etc/hostname", alt: x}""",
                                "![up](/media/../../etc/passwd) [up](../../../../../etc/passwd)")
                        + "-- content/media/ok.txt --\nok\n");
        Map<String, String> before = TestProject.tree(tmp);
        TestProject.Run run = p.build().assertOk();
        assertEquals(
                List.of(
                        "content/articles/2025/11/harbour.md:7:14: warning: missing media file /media/../../../etc/hostname; expected content/media/../../../etc/hostname",
                        "content/articles/2025/11/harbour.md:9:1: warning: missing media file /media/../../etc/passwd; expected content/media/../../etc/passwd"),
                run.diagnostics(),
                run.toString());
        assertEquals(
                List.of("2e-2e", "a-b", "c-windows", "etc-passwd", "index-html", "index.html", "root", "up", "x"),
                list(p.site().resolve("tags")));
        assertEquals(List.of("ok.txt"), list(p.site().resolve("media")));
        // The only new files are the site's, its standby's (hard links to the same files) and its
        // build cache's; nothing was read from /etc into them.
        Map<String, String> after = TestProject.tree(tmp);
        after.keySet()
                .removeIf(k -> k.startsWith("project/site/")
                        || k.startsWith("project/.site.galley-standby/")
                        || k.startsWith("project/.galley/"));
        assertEquals(before, after);
        for (Path f : files(p.site(), "")) {
            // Bytes as Latin-1: the favicon is binary, and the text sought is ASCII.
            assertFalse(
                    new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("root:x:0:0"),
                    f.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /../:slug/            | `content/site.yaml:6:12: error: permalink "/../:slug/" must not contain . or .. segments`
            /:year/../../:slug/   | `content/site.yaml:6:12: error: permalink "/:year/../../:slug/" must not contain . or .. segments`
            /a/./:slug/           | `content/site.yaml:6:12: error: permalink "/a/./:slug/" must not contain . or .. segments`
            \\:slug/              | `content/site.yaml:6:12: error: permalink "\\:slug/" must start with "/"`
            /x\\:slug/            | `content/site.yaml:6:12: error: permalink "/x\\:slug/" may only contain letters, digits, - . _ ~ / and tokens`
            /%2e%2e/:slug/        | `content/site.yaml:6:12: error: permalink "/%2e%2e/:slug/" may only contain letters, digits, - . _ ~ / and tokens`
            /:slug/..             | `content/site.yaml:6:12: error: permalink "/:slug/.." must end with "/" or ".html"`
            :slug/                | `content/site.yaml:6:12: error: permalink ":slug/" must start with "/"`
            //:slug/              | `content/site.yaml:6:12: error: permalink "//:slug/" must not contain an empty segment (//)`
            C:/:slug/             | `content/site.yaml:6:12: error: permalink "C:/:slug/" must start with "/"`
            /:year/:month/        | `content/site.yaml:6:12: error: permalink "/:year/:month/" must contain :slug so that every article gets its own URL`
            """)
    void permalinkPatternsThatCouldEscapeAreRefused(String pattern, String error, @TempDir Path tmp)
            throws IOException {
        TestProject p = TestProject.write(
                tmp, base("permalink: " + pattern) + article("content/articles/2025/11/harbour.md", "", "Body."));
        Map<String, String> before = previousSite(p.site());
        TestProject.Run run = p.build();
        assertEquals(List.of(error), run.diagnostics(), run.toString());
        assertEquals(1, run.exitCode());
        assertEquals(before, TestProject.tree(p.site()));
    }

    @Test
    void pagesThatWouldLandOnAnotherPageAreErrors(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(
                tmp,
                base("permalink: /:year/:month/:slug/")
                        + article("content/articles/2025/11/day.md", "slug: '24'", "Body.")
                        + article(
                                "content/articles/2025/11/tags.md",
                                "slug: tags\naliases: [/tags/, /feed.xml, /robots.txt, /2025/11/24/]",
                                "Body."));
        Map<String, String> before = previousSite(p.site());
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(before, TestProject.tree(p.site()));
        // Every collision is reported at the article that causes it, naming what it would overwrite.
        List<String> diagnostics = run.diagnostics();
        assertEquals(5, diagnostics.size(), run.toString());
        assertTrue(diagnostics.get(0).startsWith("content/articles/2025/11/day.md:"), run.toString());
        assertTrue(diagnostics.get(0).contains("2025/11/24/index.html"), run.toString());
        for (String d : diagnostics.subList(1, 5))
            assertTrue(d.startsWith("content/articles/2025/11/tags.md:"), run.toString());
        // A feed is not "the page /404.html".
        assertTrue(diagnostics.stream().noneMatch(d -> d.contains("/404.html")), run.toString());
    }

    @Test
    void anAliasCannotReplaceAStaticOrMediaFile(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + article(
                                "content/articles/2025/11/harbour.md",
                                "aliases: [/css/galley.css, /media/photo.jpg]",
                                "Body.")
                        + "-- content/media/photo.jpg --\nnot really a jpeg\n");
        Map<String, String> before = previousSite(p.site());
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(2, run.diagnostics().size(), run.toString());
        for (String d : run.diagnostics()) {
            assertTrue(
                    d.startsWith("content/articles/2025/11/harbour.md:")
                            && d.contains("alias /")
                            && d.contains("collides with"),
                    run.toString());
        }
        assertEquals(before, TestProject.tree(p.site()));
    }

    // ------------------------------------------------------------------ symlinks and file names

    private static TestProject symlinkProject(Path tmp) throws IOException {
        // "outside" is beside the project, outside its root (links inside the root are followed).
        TestProject.write(
                tmp,
                "-- outside/secret.md --\n---\ntitle: Secret\n---\nsecret\n-- outside/dir/2025/12/x.md --\n---\ntitle: X\n---\nx\n");
        TestProject p = TestProject.write(
                tmp.resolve("project"), TestProject.BASE + article("content/articles/2025/11/harbour.md", "", "Body."));
        Path articles = p.root().resolve("content/articles/2025/11");
        Files.createSymbolicLink(articles.resolve("host.md"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(articles.resolve("secret.md"), Path.of("../../../../../outside/secret.md"));
        Files.createSymbolicLink(articles.resolve("dangling.md"), Path.of("/nonexistent/galley-test.md"));
        Files.createSymbolicLink(articles.resolve("inside.md"), Path.of("harbour.md"));
        Files.createSymbolicLink(p.root().resolve("content/articles/2025/12"), tmp.resolve("outside/dir/2025/12"));
        Files.createDirectories(p.root().resolve("content/media"));
        Files.createSymbolicLink(p.root().resolve("content/media/host.jpg"), Path.of("/etc/hostname"));
        return p;
    }

    @Test
    void symlinksLeavingTheProjectAreRefused(@TempDir Path tmp) throws IOException {
        TestProject p = symlinkProject(tmp);
        Map<String, String> before = previousSite(p.site());
        TestProject.Run run = p.build();
        String fix = "replace the link with a copy of the file, or point it inside the project";
        Path outside = tmp.toRealPath().resolve("outside");
        assertEquals(
                List.of(
                        "content/articles/2025/11/dangling.md: error: symbolic link to /nonexistent/galley-test.md leads to nothing (a dangling link); remove it, or point it at a file inside the project",
                        "content/articles/2025/11/host.md: error: symbolic link to /etc/hostname leads outside the project; "
                                + fix,
                        "content/articles/2025/11/secret.md: error: symbolic link to ../../../../../outside/secret.md ("
                                + outside.resolve("secret.md") + ") leads outside the project; " + fix,
                        "content/articles/2025/12: error: symbolic link to " + tmp.resolve("outside/dir/2025/12")
                                + (tmp.equals(tmp.toRealPath()) ? "" : " (" + outside.resolve("dir/2025/12") + ")")
                                + " leads outside the project; " + fix,
                        "content/media/host.jpg: error: symbolic link to /etc/hostname leads outside the project; "
                                + fix),
                run.diagnostics(),
                run.toString());
        assertEquals(1, run.exitCode());
        assertEquals(before, TestProject.tree(p.site()));
    }

    @Test
    void symlinkErrorsDoNotHideTheOtherArticlesProblems(@TempDir Path tmp) throws IOException {
        // README: "every problem of a build is listed at once". A refused link stops the build
        // after the scan, so the broken article beside it is not reported until the link is gone.
        TestProject p = symlinkProject(tmp);
        p.add(article("content/articles/2025/11/broken.md", "tags: [unclosed", "Body."));
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(6, run.diagnostics().size(), run.toString());
        assertTrue(
                run.diagnostics().stream().anyMatch(d -> d.startsWith("content/articles/2025/11/broken.md:")),
                run.toString());
    }

    @Test
    void fileNamesWithSpacesUnicodeAndMixedCaseBuild(@TempDir Path tmp) throws IOException {
        String links =
                "See [a](MixedCase.md), [b](Київ%20звіт.md), [c](<Київ звіт.md>) and ![pic](/media/Фото%201/Big%20Pic.JPG).";
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + article("content/articles/2025/11/Київ звіт.md", "", links)
                        + article("content/articles/2025/11/MixedCase.md", "", links)
                        + article("content/articles/2025/11/with spaces  and CAPS.md", "", links)
                        + article(
                                "content/articles/2025/11/Économie – été.md",
                                "image: {src: \"/media/Фото 1/Big Pic.JPG\", alt: x}",
                                links)
                        + "-- content/media/Фото 1/Big Pic.JPG --\nnot really a jpeg\n");
        TestProject.Run run = p.build().assertOk();
        assertEquals(List.of(), run.diagnostics(), run.toString());
        Path day = p.site().resolve("2025/11/24");
        assertEquals(
                List.of("economie-ete", "index.html", "mixedcase", "page", "with-spaces-and-caps", "київ-звіт"),
                list(day));
        assertTrue(Files.isRegularFile(p.site().resolve("media/Фото 1/Big Pic.JPG")));
        Document page = Jsoup.parse(day.resolve("mixedcase/index.html").toFile(), "UTF-8");
        assertEquals(
                List.of("/2025/11/24/mixedcase/", "/2025/11/24/київ-звіт/", "/2025/11/24/київ-звіт/"),
                page.select("div.body a").eachAttr("href"));
        assertUrlOf(
                "/media/Фото 1/Big Pic.JPG", page.selectFirst("div.body img").attr("src"));
        // An image path from front matter is a URL too: a space must be written %20.
        Document withImage = Jsoup.parse(day.resolve("economie-ete/index.html").toFile(), "UTF-8");
        assertUrlOf(
                "/media/Фото 1/Big Pic.JPG",
                withImage.selectFirst("figure.hero img").attr("src"));
    }

    /** {@code url} is a valid URL (no raw space) whose decoded path is {@code path}. */
    static void assertUrlOf(String path, String url) {
        assertFalse(url.contains(" "), "a URL with a raw space: " + url);
        assertEquals(path, URI.create(url).getPath());
    }

    @Test
    void fileNamesThatDifferOnlyInCaseGiveADuplicateUrlError(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + article("content/articles/2025/11/Harbour.md", "", "Body.")
                        + article("content/articles/2025/11/harbour.md", "", "Body."));
        assumeTrue(
                Files.exists(tmp.resolve("content/articles/2025/11/Harbour.md"))
                        && list(tmp.resolve("content/articles/2025/11")).size() == 2,
                "needs a case-sensitive file system");
        TestProject.Run run = p.build();
        assertEquals(
                List.of(
                        "content/articles/2025/11/harbour.md:1: error: duplicate URL /2025/11/24/harbour/: "
                                + "content/articles/2025/11/Harbour.md has it too; give one of them a different slug (a slug: line in its front matter)"),
                run.diagnostics(),
                run.toString());
        assertEquals(1, run.exitCode());
    }

    // ------------------------------------------------------------------ scale

    @Test
    @Timeout(120)
    void aFiveMegabyteArticleBuilds(@TempDir Path tmp) throws IOException {
        StringBuilder body = new StringBuilder(5_300_000);
        for (int i = 0; body.length() < 5 * 1024 * 1024; i++) {
            if (i % 50 == 0) body.append("## Part ").append(i / 50).append("\n\n");
            body.append("Paragraph ")
                    .append(i)
                    .append(": the harbour *council* met again and **voted** on [the budget](https://example.org/")
                    .append(i)
                    .append(") with `code` and more words to fill the line out to a realistic length.\n\n");
        }
        body.append("THE-END\n");
        TestProject p = TestProject.write(
                tmp, TestProject.BASE + article("content/articles/2025/11/big.md", "", body.toString()));
        long start = System.nanoTime();
        TestProject.Run run = p.build().assertOk();
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        assertEquals(List.of(), run.diagnostics());
        String html = Files.readString(p.site().resolve("2025/11/24/big/index.html"));
        assertTrue(html.contains("<p>THE-END</p>"));
        assertTrue(html.contains("<h2 id=\"part-500\">Part 500</h2>"), "heading anchors on a 5 MB body");
        assertTrue(
                Files.readString(p.site().resolve("feed.xml")).contains("THE-END"),
                "the site feed carries the whole body");
        assertTrue(seconds < 60, "a 5 MB article took " + seconds + " s");
    }

    @Test
    @Timeout(120)
    void anArticleWithTenThousandTagsIsRefusedQuickly(@TempDir Path tmp) throws Exception {
        // Without a limit, 10,000 tags gave 10,000 tag pages and 20,000 feeds that each listed all
        // 10,000 tags: 8 GB of output and minutes of work. Run in a separate process so that, on
        // a Galley without the limit, the test can stop it.
        String tags =
                IntStream.range(0, 10_000).mapToObj(i -> "\"Tag " + i + "\"").collect(Collectors.joining(", "));
        TestProject p = TestProject.write(
                tmp, TestProject.BASE + article("content/articles/2025/11/tags.md", "tags: [" + tags + "]", "Body."));
        Map<String, String> before = previousSite(p.site());
        Galley run = Galley.start(tmp, "build", "--root", tmp.toString(), "--now", TestProject.NOW, "--quiet");
        assertTrue(run.waitFor(Duration.ofSeconds(30)), "still building after 30 s (10,000 tags)");
        assertEquals(
                List.of(
                        "content/articles/2025/11/tags.md:6:7: error: too many tags: 10000; an article may have at most 200 (each tag gets its own page and feeds)",
                        "galley: build failed with 1 error(s); " + p.site() + " was left as it was"),
                run.errLines());
        assertEquals(1, run.exitCode());
        assertEquals(before, TestProject.tree(p.site()));
    }

    @Test
    void twoHundredTagsIsStillFine(@TempDir Path tmp) throws IOException {
        String tags = IntStream.range(0, 200).mapToObj(i -> "\"Tag " + i + "\"").collect(Collectors.joining(", "));
        TestProject p = TestProject.write(
                tmp, TestProject.BASE + article("content/articles/2025/11/tags.md", "tags: [" + tags + "]", "Body."));
        p.build().assertOk();
        assertEquals(201, list(p.site().resolve("tags")).size());
    }

    @Test
    @Tag("slow")
    @Timeout(300)
    void twentyThousandArticlesInOneTag(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE.replace("page_size: 2", "page_size: 20"));
        LocalDateTime first = LocalDateTime.of(2024, 1, 1, 0, 0);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime at = first.plusMinutes(37L * i);
            Path file = tmp.resolve(
                    String.format("content/articles/%04d/%02d/a%05d.md", at.getYear(), at.getMonthValue(), i));
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    "---\ntitle: \"Article " + i + "\"\ndate: " + at
                            + ":00Z\nsection: Port\nauthors: [ann-lee]\ntags: [Harbour]\n---\nBody " + i + ".\n");
        }
        long start = System.nanoTime();
        TestProject.Run run = p.build().assertOk();
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        System.out.println("HostileInputTest: 20,000 articles in one tag built in " + seconds + " s");
        assertEquals(List.of(), run.diagnostics());
        Path tag = p.site().resolve("tags/harbour");
        List<String> pages = list(tag.resolve("page"));
        assertEquals(
                IntStream.rangeClosed(1, 1000)
                        .mapToObj(String::valueOf)
                        .sorted()
                        .toList(),
                pages);
        assertEquals(titles(19_999, 19_980), teaserTitles(tag.resolve("index.html")));
        assertEquals(titles(19, 0), teaserTitles(tag.resolve("page/1/index.html")));
        assertEquals(titles(10_019, 10_000), teaserTitles(tag.resolve("page/501/index.html")));
        assertEquals(titles(19_999, 19_980), teaserTitles(tag.resolve("page/1000/index.html")));
        assertTrue(seconds < 90, "20,000 articles took " + seconds + " s");
    }

    private static List<String> titles(int newest, int oldest) {
        return IntStream.iterate(newest, i -> i >= oldest, i -> i - 1)
                .mapToObj(i -> "Article " + i)
                .toList();
    }

    private static List<String> teaserTitles(Path page) throws IOException {
        return Jsoup.parse(page.toFile(), "UTF-8").select("h2.teaser-title").eachText();
    }

    @Test
    @Tag("slow")
    @Timeout(180)
    void pathologicalMarkdownNestingBuildsInReasonableTime(@TempDir Path tmp) throws Exception {
        // Found by LoaderFuzzTest: deep nesting overflowed the stack (an uncaught StackOverflowError
        // with its stack trace), and a 5 MB line of "- - - ..." kept commonmark busy for more than
        // ten minutes. In a separate process so that a Galley without the fix can be stopped.
        StringBuilder indented = new StringBuilder();
        for (int k = 0; k < 1500; k++)
            indented.append("  ".repeat(k)).append("- level ").append(k).append('\n');
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + article("content/articles/2025/11/dashes.md", "", "- ".repeat(1_000_000) + "x")
                        + article("content/articles/2025/11/quotes.md", "", "> ".repeat(1_000_000) + "x")
                        + article("content/articles/2025/11/numbers.md", "", "1. ".repeat(500_000) + "x")
                        + article("content/articles/2025/11/indented.md", "", indented.toString())
                        + article(
                                "content/articles/2025/11/attributes.md",
                                "",
                                "<span " + "a ".repeat(20_000) + ">x</span>")
                        + article(
                                "content/articles/2025/11/inline.md",
                                "",
                                "First <span " + "a ".repeat(20_000) + ">paragraph</span> text.")
                        + article(
                                "content/articles/2025/11/brackets.md",
                                "",
                                "[".repeat(200_000) + "x" + "](".repeat(100_000) + "*_".repeat(100_000)));
        Galley run = Galley.start(tmp, "build", "--root", tmp.toString(), "--now", TestProject.NOW, "--quiet");
        assertTrue(run.waitFor(Duration.ofSeconds(120)), "still building after 120 s");
        assertEquals(List.of(), run.errLines());
        assertEquals(0, run.exitCode());
        Document dashes =
                Jsoup.parse(p.site().resolve("2025/11/24/dashes/index.html").toFile(), "UTF-8");
        assertEquals(100, dashes.select("div.body ul").size(), "lists nest 100 deep on one line, then it is text");
        assertTrue(dashes.select("div.body ul").last().text().startsWith("- - - "));
        String indentedPage = Files.readString(p.site().resolve("2025/11/24/indented/index.html"));
        assertTrue(indentedPage.contains("<li>level 1499</li>"), "1,500 lines of deeper lists render");
        assertEquals(
                "First paragraph text.",
                Jsoup.parse(p.site().resolve("2025/11/24/inline/index.html").toFile(), "UTF-8")
                        .selectFirst("meta[name=description]")
                        .attr("content"),
                "the excerpt of a paragraph with a 20,000-attribute tag");
    }

    @Test
    void aBodyOverItsRenderingBudgetIsAnErrorAndTheSiteIsKept(@TempDir Path tmp) throws Exception {
        // The last line of defence of issue #19: a body that still takes too long to render ends the
        // build with an error naming it, not a stalled build; nothing of it is written. The budget
        // is made tiny through the test hook so that any long body runs over it.
        TestProject p = TestProject.write(
                tmp, TestProject.BASE + article("content/articles/2025/11/fine.md", "slug: fine", "Body."));
        Map<String, String> before = previousSite(p.site());
        Files.writeString(
                tmp.resolve("content/articles/2025/11/comments.md"),
                "---\n" + ARTICLE_HEAD + "---\n" + "x <!--".repeat(5_000) + "\n");
        System.setProperty(MarkdownRenderer.BUDGET_PROPERTY, "1");
        TestProject.Run run;
        try {
            run = p.build();
        } finally {
            System.clearProperty(MarkdownRenderer.BUDGET_PROPERTY);
        }
        assertEquals(
                List.of(
                        "content/articles/2025/11/comments.md: error: the body takes more than 1 ms to render: \"<!--\" occurs 5000 times; simplify it"),
                run.diagnostics(),
                run.toString());
        assertEquals(1, run.exitCode());
        assertEquals(before, TestProject.tree(p.site()));
        p.build().assertOk(); // within the real budget it renders
    }

    @Test
    void namesWithoutLettersAreErrorsNotCrashes(@TempDir Path tmp) throws IOException {
        // Found by LoaderFuzzTest: section "!" (and a tag description named "?") failed the build
        // with "internal error: IllegalArgumentException: empty slug", exit 3.
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + "-- content/articles/2025/11/harbour.md --\n---\n"
                        + ARTICLE_HEAD.replace("section: Business", "section: \"!\"")
                        + "---\nBody.\n-- content/tags/q.md --\n---\nname: \"?\"\n---\nA tag.\n-- content/sections/s.md --\n---\nname: \"–\"\n---\nA section.\n");
        Map<String, String> before = previousSite(p.site());
        TestProject.Run run = p.build();
        assertEquals(
                List.of(
                        "content/articles/2025/11/harbour.md:4:10: error: section \"!\" has no letters or digits",
                        "content/sections/s.md:2:7: error: name \"–\" has no letters or digits",
                        "content/tags/q.md:2:7: error: name \"?\" has no letters or digits"),
                run.diagnostics(),
                run.toString());
        assertEquals(1, run.exitCode());
        assertEquals(before, TestProject.tree(p.site()));
    }

    /** The hash in the name of a fingerprinted copy of {@code file}. */
    private static String fingerprint(Path file) throws IOException {
        return galley.cache.Fingerprint.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                .substring(0, 10);
    }

    @Test
    void anEmptyArchiveBuildsAHomePageAndValidFeeds(@TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(tmp, """
                -- content/site.yaml --
                title: "Empty Ledger"
                base_url: https://example.org/
                """);
        TestProject.Run run = p.build().assertOk();
        assertEquals("", run.err());
        assertEquals(
                List.of(
                        "404.html",
                        "_headers",
                        "_redirects",
                        "archive/index.html",
                        "assets/galley." + fingerprint(p.site().resolve("css/galley.css")) + ".css",
                        "assets/search." + fingerprint(p.site().resolve("js/search.js")) + ".js",
                        "authors/index.html",
                        "css/galley.css",
                        "favicon.ico",
                        "favicon.svg",
                        "feed.xml",
                        "index.html",
                        "js/search.js",
                        "robots.txt",
                        "rss.xml",
                        "search/index.html",
                        "search/index.json",
                        "sections/index.html",
                        "sitemap.xml",
                        "sitemaps/pages.xml",
                        "tags/index.html"),
                List.copyOf(TestProject.tree(p.site()).keySet()));
        // No article in the news window: no news sitemap (an empty urlset is invalid), and robots.txt does not name
        // one.
        assertFalse(Files.readString(p.site().resolve("robots.txt")).contains("sitemap-news"));
        Document home = Jsoup.parse(p.site().resolve("index.html").toFile(), "UTF-8");
        assertEquals("Latest", home.selectFirst("main h1").text());
        assertEquals("No articles yet.", home.selectFirst("main > p").text());
        for (Path xml : files(p.site(), ".xml")) parseXml(xml);
        assertEquals(
                0,
                parseXml(p.site().resolve("feed.xml"))
                        .getElementsByTagNameNS("*", "entry")
                        .getLength());
        assertEquals(
                0,
                parseXml(p.site().resolve("rss.xml"))
                        .getElementsByTagName("item")
                        .getLength());
    }

    // ------------------------------------------------------------------ write failures

    @Test
    void aCommitThatCannotMoveTheOldSiteAsideKeepsIt(@TempDir Path tmp) throws IOException {
        TestProject p =
                TestProject.write(tmp, TestProject.BASE + article("content/articles/2025/11/harbour.md", "", "Body."));
        Map<String, String> before = previousSite(p.site());
        Path retired = tmp.resolve(".site.galley-old");
        Files.writeString(retired, "a file where Galley moves the old site");
        // Only the fallback commit (no tree exchange on this system) moves the old site aside.
        System.setProperty("galley.exchange", "off");
        TestProject.Run run;
        try {
            run = p.build();
        } finally {
            System.clearProperty("galley.exchange");
        }
        assertEquals(
                List.of("galley: cannot write the site: " + p.site() + " -> " + retired + ": Not a directory; "
                        + p.site() + " was left as it was"),
                run.err().lines().toList());
        assertEquals(1, run.exitCode());
        assertEquals(before, TestProject.tree(p.site()));
        assertEquals("a file where Galley moves the old site", Files.readString(retired));
        assertFalse(Files.exists(tmp.resolve(".site.galley-staging")), "staging left behind");
    }

    @Test
    void anOutputPathThatIsAFileIsRefusedAndKept(@TempDir Path tmp) throws IOException {
        // --out naming an existing file (a typo: --out README.md) replaced the file with the site.
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE + article("content/articles/2025/11/harbour.md", "", "Body.")
                        + "-- notes.txt --\nmy notes\n");
        String notes = Files.readString(tmp.resolve("notes.txt"));
        TestProject.Run run = p.build("--out", tmp.resolve("notes.txt").toString());
        assertEquals(
                notes,
                Files.isRegularFile(tmp.resolve("notes.txt")) ? Files.readString(tmp.resolve("notes.txt")) : "(gone)");
        assertTrue(run.exitCode() == 1 || run.exitCode() == 2, run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertTrue(run.err().startsWith("galley: ") || run.err().startsWith("--out"), run.toString());
    }

    @Test
    void aChangesFileThatCannotBeWrittenDoesNotClaimTheSiteWasKept(@TempDir Path tmp) throws IOException {
        TestProject p =
                TestProject.write(tmp, TestProject.BASE + article("content/articles/2025/11/harbour.md", "", "Body."));
        Map<String, String> before = previousSite(p.site());
        Path changes = Files.createDirectories(tmp.resolve("changes-is-a-folder"));
        TestProject.Run run = p.build("--changes", changes.toString());
        assertEquals(1, run.exitCode(), run.toString());
        boolean kept = before.equals(TestProject.tree(p.site()));
        assertTrue(
                kept || !run.err().contains("was left as it was"),
                "the site was replaced, but the message says it was left as it was:\n" + run.err());
    }

    /** Runs {@code script} as root in a private mount namespace (unshare -m), so mounts vanish with it. */
    private static Galley inMountNamespace(Path tmp, String script) throws IOException {
        Path file = tmp.resolve("in-namespace.sh");
        Files.writeString(file, "set -e\n" + script);
        return Galley.startCommand(tmp, List.of("unshare", "-m", "sh", file.toString()));
    }

    private static boolean canMountInNamespace(Path tmp) {
        try {
            Path dir = Files.createDirectories(tmp.resolve("probe"));
            Galley probe = inMountNamespace(tmp, "mount -t tmpfs -o size=64k tmpfs " + dir + "\n");
            return probe.waitFor(Duration.ofSeconds(20)) && probe.exitCode() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A shell line that puts a small previous site at {@code site}. */
    private static String previousSiteScript(Path site) {
        Path marker = site.resolveSibling(".galley").resolve(site.getFileName().toString());
        return "mkdir -p " + site + "/old " + marker + "\nprintf 'previous build' > " + site
                + "/index.html\nprintf 'still here' > " + site + "/old/page.html\nprintf '" + site + "\\n' > " + marker
                + "/output\n";
    }

    private static String galleyCommand(Path root, Path out) {
        return "set +e\n" + Galley.javaCommandLine() + " galley.cli.Main build --root '" + root + "' --out '" + out
                + "' --now " + TestProject.NOW + " --quiet 2> '" + root.resolve("err.txt") + "'\necho $? > '"
                + root.resolve("exit.txt") + "'\nset -e\n";
    }

    /** The site after the namespace is gone: files and contents, copied out as "path\tcontent" lines. */
    private static String dumpScript(Path dir, Path into) {
        return "(cd " + dir
                + " && find . -type f | sort | while read -r f; do printf '%s\\t%s\\n' \"$f\" \"$(cat \"$f\" | head -c 40)\"; done) > '"
                + into + "'\n" + "(cd " + dir + "/.. && ls -a) > '" + into + ".siblings'\n";
    }

    @Test
    @Tag("slow")
    @Timeout(180)
    void aReadOnlyOutputFolderFailsCleanly(@TempDir Path tmp) throws Exception {
        assumeTrue(canMountInNamespace(tmp), "needs root and unshare -m (CI has both)");
        TestProject p = TestProject.write(
                tmp.resolve("project"), TestProject.BASE + article("content/articles/2025/11/harbour.md", "", "Body."));
        Path mount = Files.createDirectories(tmp.resolve("out"));
        Path site = mount.resolve("site");
        Galley ns = inMountNamespace(
                tmp,
                "mount -t tmpfs -o size=10m tmpfs " + mount + "\n" + previousSiteScript(site)
                        + "mount --bind " + mount + " " + mount + "\nmount -o remount,ro,bind " + mount + "\n"
                        + galleyCommand(p.root(), site) + dumpScript(site, tmp.resolve("after.txt")));
        assertTrue(ns.waitFor(Duration.ofSeconds(150)), "timed out");
        assertEquals(0, ns.exitCode(), ns.toString());
        assertEquals("1", Files.readString(p.root().resolve("exit.txt")).strip());
        assertEquals(
                // The first thing a build writes is its lock, in the state folder beside the site.
                List.of("galley: cannot write the site: " + mount.resolve(".galley/site") + " ("
                        + mount.resolve(".galley/site/lock") + ": Read-only file system); " + site
                        + " was left as it was"),
                Files.readAllLines(p.root().resolve("err.txt")));
        assertEquals(
                List.of("./index.html\tprevious build", "./old/page.html\tstill here"),
                Files.readAllLines(tmp.resolve("after.txt")));
        // The state folder was there before (it marks the previous site as Galley's).
        assertEquals(List.of(".", "..", ".galley", "site"), Files.readAllLines(tmp.resolve("after.txt.siblings")));
    }

    @Test
    @Tag("slow")
    @Timeout(180)
    void aReadOnlySiteFolderFailsCleanly(@TempDir Path tmp) throws Exception {
        assumeTrue(canMountInNamespace(tmp), "needs root and unshare -m (CI has both)");
        TestProject p = TestProject.write(
                tmp.resolve("project"), TestProject.BASE + article("content/articles/2025/11/harbour.md", "", "Body."));
        Path mount = Files.createDirectories(tmp.resolve("out"));
        Path site = mount.resolve("site");
        Galley ns = inMountNamespace(
                tmp,
                "mount -t tmpfs -o size=10m tmpfs " + mount + "\n" + previousSiteScript(site)
                        + "mount --bind " + site + " " + site + "\nmount -o remount,ro,bind " + site + "\n"
                        + galleyCommand(p.root(), site) + dumpScript(site, tmp.resolve("after.txt")));
        assertTrue(ns.waitFor(Duration.ofSeconds(150)), "timed out");
        assertEquals(0, ns.exitCode(), ns.toString());
        assertEquals("1", Files.readString(p.root().resolve("exit.txt")).strip());
        // site/ is a mount point: it can be neither exchanged (nor, where there is no exchange, moved aside).
        String failedCall = TreeExchange.works(tmp)
                ? mount.resolve(".site.galley-staging") + " -> " + site
                : site + " -> " + mount.resolve(".site.galley-old");
        assertEquals(
                List.of("galley: cannot write the site: " + failedCall + ": Device or resource busy; " + site
                        + " was left as it was"),
                Files.readAllLines(p.root().resolve("err.txt")));
        assertEquals(
                List.of("./index.html\tprevious build", "./old/page.html\tstill here"),
                Files.readAllLines(tmp.resolve("after.txt")));
        // Beside the site only the state folder, which keeps the build lock (never deleted, see OutputLock).
        assertEquals(List.of(".", "..", ".galley", "site"), Files.readAllLines(tmp.resolve("after.txt.siblings")));
    }

    @Test
    @Tag("slow")
    @Timeout(180)
    void aFullDiskFailsCleanly(@TempDir Path tmp) throws Exception {
        assumeTrue(canMountInNamespace(tmp), "needs root and unshare -m (CI has both)");
        StringBuilder articles = new StringBuilder(TestProject.BASE);
        for (int i = 0; i < 40; i++)
            articles.append(article("content/articles/2025/11/a" + i + ".md", "", "Body " + i + ". ".repeat(500)));
        TestProject p = TestProject.write(tmp.resolve("project"), articles.toString());
        Path mount = Files.createDirectories(tmp.resolve("out"));
        Path site = mount.resolve("site");
        Galley ns = inMountNamespace(
                tmp,
                "mount -t tmpfs -o size=256k tmpfs " + mount + "\n" + previousSiteScript(site)
                        + galleyCommand(p.root(), site) + dumpScript(site, tmp.resolve("after.txt")));
        assertTrue(ns.waitFor(Duration.ofSeconds(150)), "timed out");
        assertEquals(0, ns.exitCode(), ns.toString());
        List<String> err = Files.readAllLines(p.root().resolve("err.txt"));
        assertAll(
                () -> assertEquals(
                        "1", Files.readString(p.root().resolve("exit.txt")).strip()),
                () -> assertEquals(1, err.size(), err.toString()),
                () -> assertTrue(
                        err.get(0).startsWith("galley: cannot write the site: ")
                                && err.get(0).contains("No space left on device")
                                && err.get(0).endsWith("; " + site + " was left as it was"),
                        err.toString()),
                () -> assertEquals(
                        List.of("./index.html\tprevious build", "./old/page.html\tstill here"),
                        Files.readAllLines(tmp.resolve("after.txt"))),
                // A failed build must not leave its half-written staging folder on the full disk.
                // (the state folder stays: it keeps the build lock)
                () -> assertEquals(
                        List.of(".", "..", ".galley", "site"), Files.readAllLines(tmp.resolve("after.txt.siblings"))),
                // Which file could not be written helps whoever reads the log.
                () -> assertTrue(
                        err.get(0).matches("galley: cannot write the site: \\S+ \\(No space left on device\\); .*"),
                        err.toString()));
    }

    // ------------------------------------------------------------------ kill -9

    /**
     * The ~1,500-article corpus and its site before and after one more article, shared by the kill
     * tests. The old site is built into {@code ref-old/site} with its build cache beside it
     * ({@code ref-old/.galley/}), so that a trial can start an incremental build from it.
     */
    static final class Corpus {
        static Path dir;
        static Path oldOut;
        static Path newSite;
        static final String NOW = ArchiveGenerator.NOW;

        static synchronized void prepare(Path base) throws Exception {
            if (dir != null) return;
            Path corpus = base.resolve("corpus");
            ArchiveGenerator.articles(1500).writeTo(corpus);
            Path before = base.resolve("ref-old");
            TestProject.run(
                            "build",
                            "--root",
                            corpus.toString(),
                            "--out",
                            before.resolve("site").toString(),
                            "--now",
                            NOW,
                            "--quiet")
                    .assertOk();
            ArchiveGenerator.addLatest(corpus);
            Path after = base.resolve("ref-new/site");
            TestProject.run(
                            "build",
                            "--root",
                            corpus.toString(),
                            "--out",
                            after.toString(),
                            "--now",
                            NOW,
                            "--quiet",
                            "--clean")
                    .assertOk();
            dir = corpus;
            oldOut = before;
            newSite = after;
        }

        /**
         * A fresh {@code out/} holding the old site (hard links: Galley never writes into a file of
         * the previous site, it renames new files over them) and, for an incremental build, a copy
         * of its build cache.
         */
        static Path freshOutput(Path base, boolean withCache) throws IOException {
            Path out = base.resolve("out");
            InvalidSitesTest.deleteTree(out);
            copy(oldOut.resolve("site"), out.resolve("site"), true);
            if (withCache) copy(oldOut.resolve(".galley"), out.resolve(".galley"), false);
            return out.resolve("site");
        }

        private static void copy(Path from, Path to, boolean link) throws IOException {
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path f : (Iterable<Path>) walk::iterator) {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(target);
                    else if (link) Files.createLink(target, f);
                    else Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }

        static List<String> build(Path site, boolean incremental) {
            List<String> args = new ArrayList<>(
                    List.of("build", "--root", dir.toString(), "--out", site.toString(), "--now", NOW, "--quiet"));
            if (!incremental) args.add("--clean");
            return args;
        }
    }

    /** Holds the corpus and its reference sites for every kill test of this class. */
    @TempDir
    static Path corpusHome;

    enum SiteState {
        OLD,
        NEW,
        MISSING,
        MIXED
    }

    static SiteState stateOf(Path site) throws IOException {
        if (!Files.exists(site, LinkOption.NOFOLLOW_LINKS)) return SiteState.MISSING;
        if (sameTree(site, Corpus.oldOut.resolve("site"))) return SiteState.OLD;
        if (sameTree(site, Corpus.newSite)) return SiteState.NEW;
        return SiteState.MIXED;
    }

    /**
     * Starts a build of the corpus, kills it (SIGKILL) after {@code delay} ms (-1: lets it finish),
     * and says what site/ is then; {@code millis[0]} gets the time from start to kill or end.
     */
    private static String killTrial(Path tmp, boolean incremental, long delay, long[] millis) throws Exception {
        Path site = Corpus.freshOutput(tmp, incremental);
        long start = System.nanoTime();
        Galley run = Galley.start(tmp, Corpus.build(site, incremental).toArray(String[]::new));
        if (delay < 0) assertTrue(run.waitFor(Duration.ofSeconds(300)), "timed out");
        else Thread.sleep(delay);
        millis[0] = (System.nanoTime() - start) / 1_000_000;
        boolean finished = !run.process.isAlive();
        run.process.destroyForcibly();
        run.process.waitFor(60, TimeUnit.SECONDS);
        SiteState state = stateOf(site);
        String outcome = (incremental ? "incremental" : "full") + " build, "
                + (delay < 0 ? "not killed" : delay + " ms") + ": " + (finished ? "finished, " : "killed, ") + state;
        if (state == SiteState.MISSING || state == SiteState.MIXED) {
            // What the writer promises instead: the next build completes or undoes the interrupted commit.
            TestProject.run(Corpus.build(site, true).toArray(String[]::new)).assertOk();
            outcome += "; the next build gives " + stateOf(site);
        }
        return outcome;
    }

    @Test
    @Tag("slow")
    @Timeout(900)
    void killingABuildAtAnyMomentLeavesTheOldOrTheNewSite(@TempDir Path tmp) throws Exception {
        Corpus.prepare(corpusHome);
        List<String> outcomes = new ArrayList<>();
        for (boolean incremental : List.of(false, true)) {
            // One build to the end says how long a build takes here; then kills spread over that time.
            long[] millis = new long[1];
            outcomes.add(killTrial(tmp, incremental, -1, millis) + " in " + millis[0] + " ms");
            for (double at : List.of(0.2, 0.5, 0.8, 0.9, 0.95, 1.0)) {
                outcomes.add(killTrial(tmp, incremental, (long) (at * millis[0]), new long[1]));
            }
        }
        System.out.println("HostileInputTest kill -9 outcomes:\n  " + String.join("\n  ", outcomes));
        if (TreeExchange.works(tmp)) {
            // The site tree is exchanged in one step: every kill leaves exactly the old or the new site.
            assertTrue(
                    outcomes.stream().allMatch(o -> o.matches(".*(killed|finished), (OLD|NEW)( in \\d+ ms)?")),
                    String.join("\n", outcomes));
        } else {
            // The fallback (no RENAME_EXCHANGE here) has two known windows, between the renames of a full
            // build's swap and among the renames of an in-place commit: a kill there must at least be
            // repaired by the next build.
            assertTrue(
                    outcomes.stream()
                            .noneMatch(o -> (o.contains("MIXED") || o.contains("MISSING"))
                                    && !o.endsWith("the next build gives NEW")),
                    String.join("\n", outcomes));
        }
    }

    /**
     * Runs the corpus build under strace, which sends SIGKILL on entry to the build's {@code n}-th
     * call of {@code syscall} (strace counts each system call apart), so that call never happens.
     */
    private static SiteState killAtCall(Path tmp, Path site, boolean incremental, String syscall, int n)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "strace",
                "-f",
                "-qq",
                "-o",
                "/dev/null",
                "-e",
                "trace=" + syscall,
                "-e",
                "inject=" + syscall + ":signal=KILL:when=" + n));
        command.addAll(Galley.javaCommand());
        command.addAll(Corpus.build(site, incremental));
        Galley run = Galley.startCommand(tmp, command);
        assertTrue(run.waitFor(Duration.ofSeconds(300)), "timed out");
        return stateOf(site);
    }

    private static final String RENAMES = "rename,renameat,renameat2";

    /**
     * Every rename an uninterrupted build of the corpus makes, in order, as strace shows them (the
     * build is left finished: the caller starts each trial from a fresh output).
     */
    private static List<String> renamesOf(Path tmp, Path site, boolean incremental) throws Exception {
        Path log = tmp.resolve("renames.strace");
        // --seccomp-bpf: only the traced calls stop the build (five times faster); it cannot inject signals.
        List<String> command = new ArrayList<>(
                List.of("strace", "--seccomp-bpf", "-f", "-qq", "-o", log.toString(), "-e", "trace=" + RENAMES));
        command.addAll(Galley.javaCommand());
        command.addAll(Corpus.build(site, incremental));
        Galley run = Galley.startCommand(tmp, command);
        assertTrue(run.waitFor(Duration.ofSeconds(300)), "timed out");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(SiteState.NEW, stateOf(site));
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("rename"))
                .toList();
    }

    /**
     * Kills a build of the corpus at chosen renames (strace stops the process on entry to the
     * n-th call, so that call never happens): the first few, the middle, and every one around the
     * exchange of the whole tree. After each kill site/ must be exactly the old or the new site,
     * and the next build must give the new one.
     */
    private static List<String> killAtRenames(Path tmp, boolean incremental) throws Exception {
        Corpus.prepare(corpusHome);
        List<String> renames = renamesOf(tmp, Corpus.freshOutput(tmp, incremental), incremental);
        int exchange = 0;
        for (int i = 0; i < renames.size(); i++) {
            if (renames.get(i).contains("RENAME_EXCHANGE") && renames.get(i).contains("/site\"")) exchange = i + 1;
        }
        assertTrue(exchange > 0, "the build did not exchange the site tree:\n" + String.join("\n", renames));
        // A traced build is slow (strace stops it at every system call), so not every rename is tried:
        // the last before the exchange, the exchange itself and the one after it, and in an incremental
        // build also the first (the probe) and the third (the first staged file moved into the standby).
        TreeSet<Integer> points = new TreeSet<>(List.of(exchange - 1, exchange, exchange + 1));
        if (incremental) points.addAll(List.of(1, 3));
        points.removeIf(n -> n < 1 || n > renames.size());
        List<String> outcomes = new ArrayList<>();
        for (int n : points) {
            // The n-th rename of all is the k-th call of its own system call.
            String call = renames.get(n - 1).replaceFirst("^\\d+\\s+", "");
            String syscall = call.substring(0, call.indexOf('('));
            int k = (int) renames.subList(0, n).stream()
                    .filter(l -> l.replaceFirst("^\\d+\\s+", "").startsWith(syscall + "("))
                    .count();
            Path site = Corpus.freshOutput(tmp, incremental);
            SiteState afterKill = killAtCall(tmp, site, incremental, syscall, k);
            TestProject.Run next = TestProject.run(Corpus.build(site, true).toArray(String[]::new));
            outcomes.add("killed at rename " + n + " of " + renames.size() + " (" + call + "): " + afterKill
                    + "; next build " + (next.exitCode() == 0 ? "gives " + stateOf(site) : "failed: " + next));
        }
        System.out.println("HostileInputTest " + (incremental ? "incremental" : "full")
                + " build killed at chosen renames:\n  " + String.join("\n  ", outcomes));
        return outcomes;
    }

    /** A kill before the call that exchanges the site leaves the old site; from it on, the new one. */
    private static void assertKilledBeforeTheExchangeOldAfterItNew(List<String> outcomes) {
        boolean exchanged = false;
        for (String o : outcomes) {
            // Killed on entry to the exchange: the call never happens, the site is still the old one.
            boolean before = !exchanged;
            if (o.contains("RENAME_EXCHANGE") && o.contains("/site\", RENAME_EXCHANGE")) exchanged = true;
            String expected = before ? "OLD" : "NEW";
            assertTrue(
                    o.endsWith(": " + expected + "; next build gives NEW"),
                    "expected " + expected + ": " + o + "\n" + String.join("\n", outcomes));
        }
    }

    @Test
    @Tag("slow")
    @Timeout(900)
    void aFullBuildKilledAtAnyOfItsRenamesLeavesTheOldOrTheNewSite(@TempDir Path tmp) throws Exception {
        assumeTrue(Galley.has("strace"), "needs strace to stop the build at an exact system call");
        assumeTrue(TreeExchange.works(tmp), "this file system cannot exchange trees (the fallback has a known window)");
        assertKilledBeforeTheExchangeOldAfterItNew(killAtRenames(tmp, false));
    }

    @Test
    @Tag("slow")
    @Timeout(900)
    void anIncrementalBuildKilledAtAnyOfItsRenamesLeavesTheOldOrTheNewSite(@TempDir Path tmp) throws Exception {
        assumeTrue(Galley.has("strace"), "needs strace to stop the build at an exact system call");
        assumeTrue(TreeExchange.works(tmp), "this file system cannot exchange trees (the fallback has a known window)");
        List<String> outcomes = new ArrayList<>(killAtRenames(tmp, true));
        // The first in-place build of a site made from nothing first mirrors it as the standby (hard links).
        Path site = Corpus.freshOutput(tmp, true);
        SiteState afterKill = killAtCall(tmp, site, true, "link", 500);
        TestProject.Run next = TestProject.run(Corpus.build(site, true).toArray(String[]::new));
        outcomes.add(
                0,
                "killed at link 500, making the standby: " + afterKill + "; next build "
                        + (next.exitCode() == 0 ? "gives " + stateOf(site) : "failed: " + next));
        System.out.println("HostileInputTest incremental build " + outcomes.get(0));
        assertKilledBeforeTheExchangeOldAfterItNew(outcomes);
    }

    @Test
    @Tag("slow")
    @Timeout(120)
    void aFailedCommitRestoresTheOldSite(@TempDir Path tmp) throws Exception {
        assumeTrue(Galley.has("strace"), "needs strace to fail an exact system call");
        TestProject p =
                TestProject.write(tmp, TestProject.BASE + article("content/articles/2025/11/harbour.md", "", "Body."));
        Map<String, String> before = previousSite(p.site());
        // The call that puts the new site in place fails: the exchange of the trees (after one probe
        // exchange), or where there is none the second rename (site aside, then staging in).
        String inject = TreeExchange.works(tmp)
                ? "-e trace=renameat2 -e inject=renameat2:error=EIO:when=2"
                : "-e trace=rename,renameat,renameat2 -e inject=rename,renameat,renameat2:error=EIO:when=2";
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-o", "/dev/null"));
        for (String part : inject.split(" ")) command.add(part);
        command.addAll(Galley.javaCommand());
        command.addAll(List.of("build", "--root", tmp.toString(), "--now", TestProject.NOW, "--quiet"));
        Galley run = Galley.startCommand(tmp, command);
        assertTrue(run.waitFor(Duration.ofSeconds(100)), "timed out");
        List<String> err = run.errLines();
        Map<String, String> after = TestProject.tree(p.site());
        assertAll(
                () -> assertEquals(1, run.exitCode()),
                // The message says the site was left as it was: it must be there, unchanged.
                () -> assertEquals(before, after, "site/ after the failed commit"),
                () -> assertEquals(
                        List.of("galley: cannot write the site: " + tmp.resolve(".site.galley-staging") + " -> "
                                + p.site() + ": Input/output error; " + p.site() + " was left as it was"),
                        err),
                // Nothing is left beside it: no staging folder, no standby, no probe.
                () -> assertEquals(
                        List.of("content", "site"),
                        list(tmp).stream()
                                .filter(n -> !n.startsWith("stderr") && !n.equals(".galley"))
                                .toList()));
    }

    // ------------------------------------------------------------------ helpers

    /** A small previous site at {@code site}; returns its tree for comparing after a failed build. */
    static Map<String, String> previousSite(Path site) throws IOException {
        Files.createDirectories(site.resolve("old"));
        Files.writeString(site.resolve("index.html"), "previous build");
        Files.writeString(site.resolve("old/page.html"), "still here");
        TestProject.markAsGalleys(site);
        return TestProject.tree(site);
    }

    /** CPU time used by every thread of this JVM so far. */
    static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static org.w3c.dom.Document parseXml(Path file) throws Exception {
        return parseXml(Files.readAllBytes(file), file.toString());
    }

    static org.w3c.dom.Document parseXml(byte[] bytes, String name) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        var builder = f.newDocumentBuilder();
        builder.setErrorHandler(null);
        try {
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            throw new AssertionError(name + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Text of the first {@code child} (any namespace) inside the first {@code parent}. */
    static String text(org.w3c.dom.Document doc, String parent, String child) {
        org.w3c.dom.Element p =
                (org.w3c.dom.Element) doc.getElementsByTagNameNS("*", parent).item(0);
        return p.getElementsByTagNameNS("*", child).item(0).getTextContent();
    }

    static List<String> attrs(org.w3c.dom.Document doc, String element, String attribute) {
        NodeList nodes = doc.getElementsByTagNameNS("*", element);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++)
            values.add(((org.w3c.dom.Element) nodes.item(i)).getAttribute(attribute));
        return values;
    }

    /** True when both folders hold the same files with the same bytes. */
    static boolean sameTree(Path a, Path b) throws IOException {
        if (!Files.isDirectory(a, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(b)) return false;
        Map<String, Path> fa = regularFiles(a);
        Map<String, Path> fb = regularFiles(b);
        if (!fa.keySet().equals(fb.keySet())) return false;
        for (Map.Entry<String, Path> e : fa.entrySet()) {
            if (Files.mismatch(e.getValue(), fb.get(e.getKey())) != -1) return false;
        }
        return true;
    }

    private static Map<String, Path> regularFiles(Path dir) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .forEach(f -> files.put(dir.relativize(f).toString(), f));
        }
        return files;
    }

    /** Galley (or another command) in a separate process: it can be killed, and its exit is real. */
    static final class Galley {
        final Process process;
        private final Path errFile;

        private Galley(Process process, Path errFile) {
            this.process = process;
            this.errFile = errFile;
        }

        static List<String> javaCommand() {
            String java = ProcessHandle.current()
                    .info()
                    .command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString());
            return List.of(java, "-cp", System.getProperty("java.class.path"), "galley.cli.Main");
        }

        static String javaCommandLine() {
            List<String> c = javaCommand();
            return "'" + c.get(0) + "' -cp '" + c.get(2) + "'";
        }

        static Galley start(Path dir, String... args) throws IOException {
            List<String> command = new ArrayList<>(javaCommand());
            command.addAll(List.of(args));
            return startCommand(dir, command);
        }

        static Galley startCommand(Path dir, List<String> command) throws IOException {
            Path err = Files.createTempFile(dir, "stderr", ".txt");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile())
                    .start();
            return new Galley(p, err);
        }

        static boolean has(String tool) {
            try {
                Process p = new ProcessBuilder(tool, "-V")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        /** Waits; on timeout the process is killed and false returned. */
        boolean waitFor(Duration limit) throws InterruptedException {
            if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) return true;
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return false;
        }

        int exitCode() {
            return process.exitValue();
        }

        List<String> errLines() throws IOException {
            return Files.readAllLines(errFile, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            try {
                return "exit " + (process.isAlive() ? "(running)" : process.exitValue()) + "\n--- stderr\n"
                        + Files.readString(errFile);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }
}
