package galley.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The optional description of a section or tag ({@code content/sections/<slug>.md},
 * {@code content/tags/<slug>.md}).
 *
 * @param description Markdown, starting at file line {@code descriptionLine}
 */
public record TermPage(
        Path source, Term term, String summary, String description, int descriptionLine, String contentHash) {
    public TermPage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
