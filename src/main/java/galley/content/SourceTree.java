package galley.content;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The files of {@code content/}, found by {@link ContentScanner}. Paths are relative to the
 * project root (as diagnostics print them) and sorted, so every later step sees them in one order.
 *
 * @param root the project root (absolute)
 * @param media the site paths of media files, e.g. {@code /media/2025/11/a.jpg}
 */
public record SourceTree(
        Path root,
        List<Path> articles,
        List<Path> authors,
        List<Path> sections,
        List<Path> tags,
        SortedSet<String> media) {

    public SourceTree {
        Objects.requireNonNull(root, "root");
        articles = List.copyOf(articles);
        authors = List.copyOf(authors);
        sections = List.copyOf(sections);
        tags = List.copyOf(tags);
        media = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(media));
    }

    /** The file behind a {@code /media/...} site path. */
    public Path mediaFile(String mediaPath) {
        return root.resolve("content").resolve(mediaPath.substring(1));
    }
}
