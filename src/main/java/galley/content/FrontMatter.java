package galley.content;

import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import galley.yaml.SafeYaml;
import galley.yaml.YamlNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A source file split into its YAML front matter and Markdown body.
 *
 * @param fields the front matter, a mapping
 * @param body the Markdown after the closing {@code ---}
 * @param bodyOffset where the body starts in {@code text}
 * @param bodyLine the 1-based file line the body starts on, for positions inside the body
 */
public record FrontMatter(YamlNode.Mapping fields, String body, int bodyOffset, int bodyLine) {

    private static final String FENCE = "---";

    /**
     * Splits {@code text} (already normalized to LF, without BOM) read from {@code file}. Like Zola's
     * {@code split.rs}, the split happens before YAML is read, so a missing fence gets an error
     * that says what to add rather than a YAML parse error.
     */
    public static Optional<FrontMatter> parse(Path file, String text, Diagnostics diagnostics) {
        if (!isFence(firstLine(text, 0))) {
            diagnostics.error(
                    SourcePosition.of(file, 1),
                    "missing front matter: the file must start with a line \"---\", then YAML, then \"---\"");
            return Optional.empty();
        }
        int yamlStart = text.indexOf('\n');
        if (yamlStart < 0) {
            diagnostics.error(
                    SourcePosition.of(file, 1), "front matter is not closed: add a line \"---\" after the YAML");
            return Optional.empty();
        }
        yamlStart++;
        int line = 2;
        int pos = yamlStart;
        while (pos <= text.length()) {
            String current = firstLine(text, pos);
            if (isFence(current)) {
                String yaml = text.substring(yamlStart, pos);
                int bodyStart = Math.min(text.length(), pos + current.length() + 1);
                Optional<YamlNode> node = SafeYaml.parse(yaml, file, 2, diagnostics);
                if (node.isEmpty()) return Optional.empty();
                if (!(node.get() instanceof YamlNode.Mapping map)) {
                    diagnostics.error(
                            node.get().at(),
                            "front matter must be a mapping of keys to values, not "
                                    + node.get().kindName());
                    return Optional.empty();
                }
                return Optional.of(new FrontMatter(map, text.substring(bodyStart), bodyStart, line + 1));
            }
            if (pos + current.length() >= text.length()) break;
            pos += current.length() + 1;
            line++;
        }
        diagnostics.error(
                SourcePosition.of(file, 1),
                "front matter is not closed: add a line \"---\" after the YAML (opened here)");
        return Optional.empty();
    }

    private static boolean isFence(String line) {
        return line.stripTrailing().equals(FENCE);
    }

    private static String firstLine(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.substring(from) : text.substring(from, nl);
    }
}
