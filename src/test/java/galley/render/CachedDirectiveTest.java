package galley.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <@cached key=...>}: the same text as without it, once per key and call place. */
class CachedDirectiveTest {

    @Test
    void givesWhatTheBodyGivesAndRendersItOncePerKey(@TempDir Path dir) throws Exception {
        // ${seen?size} tells which page rendered a text: a cached call repeats the first rendering.
        Files.writeString(dir.resolve("t.ftlh"), """
                <#list items as i><@cached key=i.key><b title="${i.text}">${i.text}</b>${seen?size}</@cached>|</#list>""");
        Files.writeString(dir.resolve("plain.ftlh"), """
                <#list items as i><b title="${i.text}">${i.text}</b>${seen?size}|</#list>""");
        TemplateRenderer renderer = new TemplateRenderer(dir, Locale.ENGLISH, ZoneOffset.UTC);
        List<Map<String, String>> items = List.of(
                Map.of("key", "a", "text", "<A & \"B\">"),
                Map.of("key", "b", "text", "Київ"),
                Map.of("key", "a", "text", "changed, but under the same key"));
        String cached = renderer.render("t.ftlh", Map.of("items", items, "seen", List.of()));
        assertEquals(
                "<b title=\"&lt;A &amp; &quot;B&quot;&gt;\">&lt;A &amp; &quot;B&quot;&gt;</b>0|<b title=\"Київ\">Київ</b>0|"
                        + "<b title=\"&lt;A &amp; &quot;B&quot;&gt;\">&lt;A &amp; &quot;B&quot;&gt;</b>0|",
                cached);
        // A second page of the same build reuses the text kept by the first.
        String again = renderer.render(
                "t.ftlh", Map.of("items", List.of(Map.of("key", "b", "text", "other")), "seen", List.of(1)));
        assertEquals("<b title=\"Київ\">Київ</b>0|", again);
        // Without the directive, the same bytes (for items whose key names what they show).
        String plain = renderer.render("plain.ftlh", Map.of("items", items.subList(0, 2), "seen", List.of()));
        assertEquals(cached.substring(0, cached.lastIndexOf("<b")), plain);
    }

    @Test
    void aCallCapturedIntoAVariableGivesTheSameText(@TempDir Path dir) throws Exception {
        // The first call renders into Freemarker's capture, not the page's sink; the second reuses it.
        Files.writeString(
                dir.resolve("t.ftlh"),
                "<#macro m><@cached key=\"k\">${v} Київ</@cached></#macro><#assign x><@m/></#assign>${x}|<@m/>|<@m/>");
        TemplateRenderer renderer = new TemplateRenderer(dir, Locale.ENGLISH, ZoneOffset.UTC);
        assertEquals("&lt;b&gt; Київ|&lt;b&gt; Київ|&lt;b&gt; Київ", renderer.render("t.ftlh", Map.of("v", "<b>")));
    }

    @Test
    void twoCallPlacesNeverShareText(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t.ftlh"), "<@cached key=\"k\">one</@cached> <@cached key=\"k\">two</@cached>");
        TemplateRenderer renderer = new TemplateRenderer(dir, Locale.ENGLISH, ZoneOffset.UTC);
        assertEquals("one two", renderer.render("t.ftlh", Map.of()));
    }

    @Test
    void aMissingKeyIsATemplateErrorAtItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t.ftlh"), "first line\n<@cached>body</@cached>");
        TemplateRenderer renderer = new TemplateRenderer(dir, Locale.ENGLISH, ZoneOffset.UTC);
        TemplateRenderer.TemplateProblem problem =
                assertThrows(TemplateRenderer.TemplateProblem.class, () -> renderer.render("t.ftlh", Map.of()));
        assertTrue(
                problem.diagnostic().toString().startsWith("templates/t.ftlh:2:"),
                problem.diagnostic().toString());
        assertTrue(
                problem.diagnostic().toString().contains("key"),
                problem.diagnostic().toString());
    }

    @Test
    void aBodyThatFailsIsNotKept(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t.ftlh"), "<@cached key=\"k\">${v}</@cached>");
        TemplateRenderer renderer = new TemplateRenderer(dir, Locale.ENGLISH, ZoneOffset.UTC);
        assertThrows(TemplateRenderer.TemplateProblem.class, () -> renderer.render("t.ftlh", Map.of()));
        assertEquals("now", renderer.render("t.ftlh", Map.of("v", "now")));
    }
}
