package galley.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.diag.Diagnostics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SafeYamlTest {

    private static final Path FILE = Path.of("content/articles/a.md");

    private static Optional<YamlNode> parse(String yaml, Diagnostics d) {
        return SafeYaml.parse(yaml, FILE, 2, d);
    }

    private static List<String> errors(String yaml) {
        Diagnostics d = new Diagnostics();
        parse(yaml, d);
        return d.sorted().stream().map(Object::toString).toList();
    }

    @Test
    void keepsScalarsAsWritten() {
        Diagnostics d = new Diagnostics();
        YamlNode node = parse("tags: [NO, on, 1e3, 2025-11-24, ~x, 'null', 0x1F]\nn: 007\n", d)
                .orElseThrow();
        assertEquals(
                Map.of("tags", List.of("NO", "on", "1e3", "2025-11-24", "~x", "null", "0x1F"), "n", "007"),
                node.toPlain());
    }

    @Test
    void reportsPositionsOnFileLines() {
        Diagnostics d = new Diagnostics();
        YamlNode.Mapping map =
                (YamlNode.Mapping) parse("title: x\nsection:   Politics\n", d).orElseThrow();
        assertEquals(
                "content/articles/a.md:3:12",
                map.find("section").orElseThrow().at().toString());
        assertEquals("content/articles/a.md:3:1", map.keyAt("section").toString());
    }

    @Test
    void refusesCustomTags() {
        assertEquals(
                List.of(
                        "content/articles/a.md:2:8: error: YAML tag \"!!javax.script.ScriptEngineManager\" is not allowed"),
                errors("title: !!javax.script.ScriptEngineManager [x]\n"));
        assertEquals(
                List.of("content/articles/a.md:2:8: error: YAML tag \"!thing\" is not allowed"),
                errors("title: !thing x\n"));
    }

    @Test
    @Timeout(5)
    void billionLaughsFailsFast() {
        StringBuilder y =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p);
            for (int i = 0; i < 8; i++) y.append(",*").append(p);
            y.append("]\n");
        }
        List<String> errors = errors(y.toString());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("content/articles/a.md:"), errors.get(0));
        assertTrue(
                errors.get(0).contains("error: invalid YAML")
                        || errors.get(0).contains("too deeply nested or too large"),
                errors.get(0));
    }

    @Test
    void duplicateKeysAreErrors() {
        assertEquals(
                List.of("content/articles/a.md:4:1: error: duplicate key \"title\" (first at line 2)"),
                errors("title: a\ndate: 2025-01-01\ntitle: b\n"));
    }

    @Test
    void tabsInIndentationAreErrorsWithTheirLine() {
        List<String> errors = errors("image:\n\tsrc: /media/a.jpg\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("content/articles/a.md:3:"), errors.get(0));
        assertTrue(errors.get(0).contains("tab"), errors.get(0));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        List<String> errors = errors("title: \"unclosed\ndate: 2025-01-01\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).matches("content/articles/a\\.md:\\d+:\\d+: error: invalid YAML: .*"), errors.get(0));
    }

    /** Syntax errors name the mistake and the line it is on, not where the parser gave up (issue #20). */
    @Test
    void syntaxErrorsNameTheMistakeWhereItWasMade() {
        assertEquals(
                List.of("content/articles/a.md:3:7: error: invalid YAML: the list opened here with [ is never closed;"
                        + " add ] after its last item, e.g. tags: [Port, Budget]"),
                errors("title: a\ntags: [Port, Budget\ndate: 2025-01-01\n"));
        assertEquals(
                List.of("content/articles/a.md:2:8: error: invalid YAML: this quoted text is not closed on its line;"
                        + " add the closing \" at the end of the value"),
                errors("title: \"Ferry strike: day two\nsection: \"News\"\n"));
        assertEquals(
                List.of("content/articles/a.md:2:8: error: invalid YAML: this quoted text is not closed on its line;"
                        + " add the closing ' at the end of the value"),
                errors("title: 'Ferry''s strike\nsection: 'News'\n"));
        assertEquals(
                List.of("content/articles/a.md:2:20: error: invalid YAML: a colon and a space inside a value end the"
                        + " key's value; put the whole value in quotes, e.g. title: \"Ferry strike: day two\""),
                errors("title: Ferry strike: day two\n"));
        assertEquals(
                List.of("content/articles/a.md:2:8: error: invalid YAML: a value cannot start with '@' in YAML;"
                        + " put the whole value in quotes, e.g. title: \"@harbourmaster replies\""),
                errors("title: @harbourmaster replies\n"));
        List<String> indented = errors("title: a\n  section: News\n");
        assertEquals(1, indented.size(), indented.toString());
        assertTrue(indented.get(0).startsWith("content/articles/a.md:3:"), indented.get(0));
        assertTrue(indented.get(0).contains("indented differently"), indented.get(0));
    }

    @Test
    void quotesClosedOnTheirLineAreNotBlamedForAnotherMistake() {
        List<String> errors = errors("title: \"It's \\\"fine\\\"\"\nsummary: 'it''s fine'\ntags: [a, b\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(
                errors.get(0).startsWith("content/articles/a.md:4:7: error: invalid YAML: the list opened here"),
                errors.get(0));
    }
}
