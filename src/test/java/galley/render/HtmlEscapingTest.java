package galley.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import freemarker.core.HTMLOutputFormat;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Galley's HTML output format must escape exactly as Freemarker's own HTML format does. */
class HtmlEscapingTest {

    private static final String[] PIECES = {
        "a",
        "<",
        ">",
        "&",
        "\"",
        "'",
        "é",
        "—",
        "😀",
        "\uD83D",
        "\uDE00",
        "Київ",
        "&amp;",
        "<script>",
        "\u0000",
        " ",
        "x".repeat(5000)
    };

    @Test
    void escapesLikeFreemarkersHtmlFormatWhateverTheText() throws Exception {
        Random random = new Random(20261126);
        for (int trial = 0; trial < 3_000; trial++) {
            List<String> values = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int v = 0; v < n; v++) {
                StringBuilder text = new StringBuilder();
                int k = random.nextInt(12);
                for (int i = 0; i < k; i++) text.append(PIECES[random.nextInt(PIECES.length)]);
                values.add(text.toString());
            }
            // Values written between plain markup, as a template writes them: the sink must also close
            // a surrogate pair (or report a lone half) across the boundary exactly as getBytes does.
            StringWriter expected = new StringWriter();
            for (String v : values) {
                expected.write("<b>");
                HTMLOutputFormat.INSTANCE.output(v, expected);
            }
            byte[] got = Utf8Sink.render(out -> {
                for (String v : values) {
                    out.write("<b>");
                    HtmlEscaping.INSTANCE.output(v, out);
                }
            });
            assertArrayEquals(expected.toString().getBytes(StandardCharsets.UTF_8), got, () -> "for " + values);
            for (String v : values)
                assertEquals(HTMLOutputFormat.INSTANCE.escapePlainText(v), HtmlEscaping.INSTANCE.escapePlainText(v));
        }
    }

    @Test
    void theSameBuiltInsAreBypassedAsInFreemarkersHtmlFormat() {
        for (String builtIn : List.of("html", "xhtml", "xml", "esc", "no_esc", "url", "js_string")) {
            assertEquals(
                    HTMLOutputFormat.INSTANCE.isLegacyBuiltInBypassed(builtIn),
                    HtmlEscaping.INSTANCE.isLegacyBuiltInBypassed(builtIn),
                    builtIn);
        }
        assertEquals(HTMLOutputFormat.INSTANCE.getMimeType(), HtmlEscaping.INSTANCE.getMimeType());
    }

    @Test
    void aTemplateEscapesAndNoEscPassesMarkupThrough(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t.ftlh"), "<p title=\"${v}\">${v} ${m?no_esc}</p>");
        TemplateRenderer renderer = new TemplateRenderer(dir, Locale.ENGLISH, ZoneOffset.UTC);
        String out = renderer.render("t.ftlh", Map.of("v", "<a href='x'>&\"</a>", "m", "<i>ok</i>"));
        assertEquals(
                "<p title=\"&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;\">&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt; <i>ok</i></p>",
                out);
    }
}
