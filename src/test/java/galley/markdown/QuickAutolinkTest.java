package galley.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.footnotes.FootnotesExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;

/** The filtered autolinking must give exactly the HTML of commonmark's own extension. */
class QuickAutolinkTest {

    private static String html(Extension autolink, String markdown) {
        List<Extension> extensions = List.of(
                TablesExtension.create(), StrikethroughExtension.create(), autolink, FootnotesExtension.create());
        Parser parser = Parser.builder()
                .extensions(extensions)
                .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
                .build();
        return HtmlRenderer.builder().extensions(extensions).build().render(parser.parse(markdown));
    }

    private static void same(String markdown) {
        assertEquals(
                html(AutolinkExtension.create(), markdown),
                html(QuickAutolink.create(), markdown),
                () -> "for " + markdown);
    }

    @Test
    void linksWhatTheExtensionLinksAndNothingElse() {
        for (String text : List.of(
                "See https://example.org/a?b=c#d, then stop.",
                "Write to desk@example.org or (tips@example.com).",
                "Visit www.example.com. Or WWW.EXAMPLE.COM, Www.example.com and wWw.example.com.",
                "A [link](https://example.org/x) and a bare https://example.net/y in one line.",
                "[www.inside.org](https://example.org) and [mail me@x.org](https://example.org) stay as they are.",
                "<https://angle.example.org> and `https://code.example.org` and ![alt https://img.example.org](x.png)",
                "**bold www.bold.org** _em ftp://files.example.org/f_ ~~struck user@x.org~~",
                "| a | b |\n|---|---|\n| https://cell.example.org | c@d.org |",
                "Text[^1].\n\n[^1]: A note at https://note.example.org.",
                "said: this, at 10:30; no link://here? a:b:// and @ alone, ww. and www.",
                "trailing punctuation https://example.org/path).\" and mailto:x@y.org")) {
            same(text);
        }
    }

    @Test
    void randomMixesGiveTheSameHtml() {
        String[] pieces = {
            "word ",
            "said: ",
            "https://example.org/a ",
            "http://x.y/z?q=1&r=2",
            "user@example.com",
            "www.example.org",
            "WWW.X.ORG",
            "[a](https://l.example.org)",
            "`code http://c.org`",
            "**",
            "_",
            "\n",
            "\n\n",
            "> ",
            "- ",
            "@",
            "://",
            "ww.",
            ". ",
            ", ",
            "(",
            ")",
            "<",
            ">",
            "![i](p.png)",
            "~~",
            "Київ ",
            "é"
        };
        Random random = new Random(20261126);
        for (int trial = 0; trial < 2_000; trial++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) text.append(pieces[random.nextInt(pieces.length)]);
            same(text.toString());
        }
    }

    @Test
    void theFilterLetsThroughEveryTextThatCanHoldALink() {
        assertTrue(QuickAutolink.mayHoldLink("go to https://x.org"));
        assertTrue(QuickAutolink.mayHoldLink("me@x.org"));
        assertTrue(QuickAutolink.mayHoldLink("www.x.org"));
        assertFalse(QuickAutolink.mayHoldLink("Plain prose: no links here, just words."));
    }
}
