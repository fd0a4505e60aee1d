package galley.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import galley.config.SiteConfig.RawHtml;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * "javascript:, vbscript: and data: URLs are removed from links and images in every mode"
 * (docs/content-format.md): every URL-bearing attribute, every candidate of a srcset, every
 * raw_html mode, every disguise of the scheme (issue #19).
 */
class UrlSanitizerTest {

    private static final LinkResolver LINKS = new LinkResolver() {
        @Override
        public Optional<String> resolveArticleLink(String relativeMarkdownPath) {
            return Optional.empty();
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

    /** Each dangerous URL carries the word EVIL, which must then appear in no attribute of the output. */
    private static final List<String> DANGEROUS = List.of(
            "data:image/png;base64,EVIL",
            "DaTa:image/svg+xml,EVIL",
            " \tdata:text/html,EVIL",
            "&#100;ata:text/html,EVIL",
            "da&#x09;ta:EVIL",
            "javascript:alert('EVIL')",
            "JAVASCRIPT&colon;alert('EVIL')",
            "vbscript:msgbox(\"EVIL\")");

    /** Every attribute that takes a URL, on an element that has it; %s is the URL. */
    private static final List<String> MARKUP = List.of(
            "<a href=\"%s\">a</a>",
            "<img src=\"%s\" alt=\"\">",
            "<img src=\"ok.jpg\" srcset=\"%s\" alt=\"\">",
            "<img src=\"ok.jpg\" srcset=\"a.jpg 1x, %s 2x\" alt=\"\">",
            "<img src=\"ok.jpg\" srcset=\"a.jpg 480w, b.jpg 800w, %s 1200w, c.jpg 1600w\" alt=\"\">",
            "<img src=\"ok.jpg\" srcset=\"a.jpg, %s, c.jpg\" alt=\"\">",
            "<picture><source srcset=\"a.webp 1x, %s 2x\"><img src=\"ok.jpg\" alt=\"\"></picture>",
            "<link rel=\"preload\" as=\"image\" imagesrcset=\"a.jpg 1x, %s 2x\">",
            "<img src=\"ok.jpg\" longdesc=\"%s\" lowsrc=\"%s\" dynsrc=\"%s\" usemap=\"%s\" alt=\"\">",
            "<video poster=\"%s\" src=\"%s\"><track src=\"%s\"></video>",
            "<audio src=\"%s\"><source src=\"%s\"></audio>",
            "<form action=\"%s\"><button formaction=\"%s\">b</button><input type=\"image\" src=\"%s\" formaction=\"%s\"></form>",
            "<blockquote cite=\"%s\">q</blockquote><q cite=\"%s\">q</q><del cite=\"%s\">d</del><ins cite=\"%s\">i</ins>",
            "<object data=\"%s\" codebase=\"%s\" classid=\"%s\" archive=\"%s\"></object>",
            "<embed src=\"%s\"><iframe src=\"%s\"></iframe>",
            "<table background=\"%s\"><tr><td background=\"%s\">t</td></tr></table>",
            "<svg><a xlink:href=\"%s\"><text>t</text></a><image href=\"%s\" xlink:href=\"%s\"/><use href=\"%s\"/></svg>",
            "<svg><a href=\"#\"><set attributeName=\"href\" to=\"%s\"/><animate attributeName=\"xlink:href\" values=\"#;%s\"/></a></svg>",
            "<a href=\"/ok\" ping=\"/p %s\">a</a>",
            "<meta http-equiv=\"refresh\" content=\"0; url=%s\">",
            "<iframe srcdoc=\"&lt;img src=&quot;%s&quot;&gt;\"></iframe>",
            "<div itemscope itemtype=\"%s\" itemid=\"%s\">d</div>",
            "<html manifest=\"%s\"><body background=\"%s\">b</body></html>");

    @Test
    void noDangerousUrlSurvivesInAnyAttributeInAnyMode() {
        for (RawHtml mode : RawHtml.values()) {
            MarkdownRenderer renderer = new MarkdownRenderer(mode);
            for (String markup : MARKUP) {
                for (String url : DANGEROUS) {
                    String html = markup.replace("%s", url.replace("\"", "&quot;"));
                    String body = "Text before.\n\n" + html + "\n\nText after, inline " + html + " too.\n";
                    String out = renderer.render(body, LINKS).html();
                    assertNoEvilAttribute(out, mode + " " + html, 0);
                }
            }
        }
    }

    @Test
    void markdownLinksAndImagesLoseDangerousUrlsInEveryMode() {
        for (RawHtml mode : RawHtml.values()) {
            MarkdownRenderer renderer = new MarkdownRenderer(mode);
            for (String url :
                    List.of("data:image/png;base64,EVIL", "javascript:alert('EVIL')", "<data:text/html,EVIL>")) {
                String body = "![pic](" + url + ") and [link](" + url + ") and ![ref][r]\n\n[r]: " + url + "\n";
                assertNoEvilAttribute(renderer.render(body, LINKS).html(), mode + " " + url, 0);
            }
        }
    }

    @Test
    void keepModeKeepsTheSafeCandidatesOfASrcset() {
        String out = new MarkdownRenderer(RawHtml.KEEP)
                .render(
                        "<img src=\"a.jpg\" srcset=\"a.jpg 1x, data:image/png;base64,AAAA 2x, b.jpg 3x\" alt=\"\">\n",
                        LINKS)
                .html();
        Element img = Jsoup.parseBodyFragment(out).selectFirst("img");
        assertEquals("a.jpg 1x, b.jpg 3x", img.attr("srcset"));
        assertEquals("a.jpg", img.attr("src"));
    }

    @Test
    void keepModeLeavesSafeMarkupAsItWas() {
        String html =
                "<img src=\"a.jpg\" srcset=\"a.jpg 480w,b.jpg   800w\" sizes=\"(max-width: 600px) 480px, 800px\" alt=\"\">";
        String out =
                new MarkdownRenderer(RawHtml.KEEP).render(html + "\n", LINKS).html();
        assertTrue(out.contains("srcset=\"a.jpg 480w,b.jpg   800w\""), out);
    }

    @Test
    void srcsetIsSplitAsBrowsersSplitIt() {
        // The commas of a data: URL are part of the URL (no white space before them).
        assertNull(UrlSafety.safeSrcset("data:image/png;base64,AAA,BBB 2x"));
        assertNull(UrlSafety.safeSrcset(" , data:x,"));
        assertEquals("a.jpg 1x", UrlSafety.safeSrcset("a.jpg 1x, data:image/png;base64,AA,BB 2x"));
        // No white space: one relative URL "a.jpg,data:x", as a browser reads it.
        assertEquals("a.jpg,data:x,", UrlSafety.safeSrcset("a.jpg,data:x,"));
        // A scheme split by white space is a URL and a descriptor no browser accepts: dropped too.
        assertNull(UrlSafety.safeSrcset("da\tta:x"));
        assertEquals("x", UrlSafety.safeSrcset("da\tta:text/html,x"));
        assertEquals("b.jpg (x, y) 2x", UrlSafety.safeSrcset("javascript:x 1x, b.jpg (x, y) 2x"));
        assertEquals("a.jpg 1x, b.jpg 2x", UrlSafety.safeSrcset("a.jpg 1x, b.jpg 2x"));
    }

    private static void assertNoEvilAttribute(String html, String what, int depth) {
        for (Element el : Jsoup.parse(html).getAllElements()) {
            List<Attribute> attributes = new ArrayList<>();
            el.attributes().forEach(attributes::add);
            for (Attribute a : attributes) {
                if (a.getValue().toLowerCase(Locale.ROOT).contains("evil")) {
                    if (a.getKey().equals("srcdoc") && depth < 3) {
                        assertNoEvilAttribute(a.getValue(), what + " (srcdoc)", depth + 1);
                        continue;
                    }
                    fail(what + ": " + a.getKey() + "=\"" + a.getValue() + "\" survived in\n" + html);
                }
            }
        }
    }
}
