package galley.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import galley.diag.Diagnostics;
import galley.yaml.SourceText;
import galley.yaml.YamlNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrontMatterTest {

    private static final Path FILE = Path.of("content/articles/2025/11/a.md");

    private static List<String> errors(String text) {
        Diagnostics d = new Diagnostics();
        FrontMatter.parse(FILE, text, d);
        return d.sorted().stream().map(Object::toString).toList();
    }

    @Test
    void splitsFrontMatterAndBody() {
        FrontMatter fm = FrontMatter.parse(FILE, "---\ntitle: A\n---\nFirst line.\n", new Diagnostics())
                .orElseThrow();
        assertEquals("First line.\n", fm.body());
        assertEquals(4, fm.bodyLine());
        assertEquals("A", ((YamlNode.Scalar) fm.fields().find("title").orElseThrow()).value());
    }

    @Test
    void acceptsBomAndCrlf() {
        byte[] bytes = "\uFEFF---\r\ntitle: A\r\n---\r\nBody\r\n".getBytes(StandardCharsets.UTF_8);
        String text = SourceText.decode(bytes, FILE, new Diagnostics()).orElseThrow();
        FrontMatter fm = FrontMatter.parse(FILE, text, new Diagnostics()).orElseThrow();
        assertEquals("Body\n", fm.body());
    }

    @Test
    void missingClosingFenceIsAnError() {
        assertEquals(
                List.of(FILE
                        + ":1: error: front matter is not closed: add a line \"---\" after the YAML (opened here)"),
                errors("---\ntitle: A\n\nBody text\n"));
    }

    @Test
    void missingFrontMatterIsAnError() {
        assertEquals(
                List.of(
                        FILE
                                + ":1: error: missing front matter: the file must start with a line \"---\", then YAML, then \"---\""),
                errors("# Just markdown\n"));
    }

    @Test
    void invalidUtf8NamesTheLine() {
        byte[] bytes = {'-', '-', '-', '\n', 't', ':', ' ', 'a', '\n', '-', '-', '-', '\n', 'x', (byte) 0xC3, '(', '\n'
        };
        Diagnostics d = new Diagnostics();
        SourceText.decode(bytes, FILE, d);
        assertEquals(
                List.of(FILE + ":4: error: file is not valid UTF-8 (byte 0xC3 at offset 14); save it as UTF-8"),
                d.sorted().stream().map(Object::toString).toList());
    }
}
