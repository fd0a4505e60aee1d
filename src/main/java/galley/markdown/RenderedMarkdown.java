package galley.markdown;

import galley.diag.Diagnostic;
import java.util.List;

/**
 * A rendered Markdown text.
 *
 * @param html the HTML, safe to embed as is
 * @param warnings problems found in links, each with its 1-based line in the Markdown text
 */
public record RenderedMarkdown(String html, List<LineWarning> warnings) {
    public RenderedMarkdown {
        warnings = List.copyOf(warnings);
    }

    /**
     * A doubtful link; {@code line} counts from the first line of the rendered text (1-based), 0 for
     * the text as a whole. {@code error}: the text could not be rendered at all (the build fails).
     */
    public record LineWarning(int line, int column, String message, Diagnostic.Kind kind, boolean error) {
        public LineWarning(int line, int column, String message, Diagnostic.Kind kind) {
            this(line, column, message, kind, false);
        }

        public LineWarning(int line, int column, String message) {
            this(line, column, message, Diagnostic.Kind.GENERAL);
        }
    }
}
