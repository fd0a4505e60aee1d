package galley.content;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The files of {@code content/}, found by {@link ContentScanner}. Paths are relative to the
 * project root (as diagnostics print them) and sorted, so every later step sees them in one order.
 *
 * @param root the project root (absolute)
 * @param media the site paths of media files, e.g. {@code /media/2025/11/a.jpg}
 * @param stamps size and modification time of every file above, as the scan saw them (keyed by
 *     the path relative to the root), so that caches need not ask the file system again
 */
public record SourceTree(
        Path root,
        List<Path> articles,
        List<Path> authors,
        List<Path> sections,
        List<Path> tags,
        SortedSet<String> media,
        Map<Path, Stamp> stamps) {

    /** A file's size and modification time (nanoseconds since the epoch). */
    public record Stamp(long size, long mtimeNanos) {
        public long mtimeMillis() {
            return Math.floorDiv(mtimeNanos, 1_000_000L);
        }
    }

    public SourceTree {
        Objects.requireNonNull(root, "root");
        articles = List.copyOf(articles);
        authors = List.copyOf(authors);
        sections = List.copyOf(sections);
        tags = List.copyOf(tags);
        media = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(media));
        stamps = java.util.Collections.unmodifiableMap(stamps);
    }

    public SourceTree(Path root, List<Path> articles, List<Path> authors, List<Path> sections, List<Path> tags,
                      SortedSet<String> media) {
        this(root, articles, authors, sections, tags, media, Map.of());
    }

    /**
     * The size and modification time of {@code file} (relative to the root): as the scan saw it,
     * or, for a file the scan did not stamp, from the file system (following links); empty if
     * it cannot be read.
     */
    public java.util.Optional<Stamp> stamp(Path file) {
        Stamp seen = stamps.get(file);
        if (seen != null) return java.util.Optional.of(seen);
        try {
            java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(root.resolve(file),
                    java.nio.file.attribute.BasicFileAttributes.class);
            return java.util.Optional.of(new Stamp(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The file behind a {@code /media/...} site path. */
    public Path mediaFile(String mediaPath) {
        return root.resolve("content").resolve(mediaPath.substring(1));
    }
}
