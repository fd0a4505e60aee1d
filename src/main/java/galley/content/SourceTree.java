package galley.content;

import galley.cache.Fingerprint;
import galley.markdown.UrlPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The files of {@code content/}, found by {@link ContentScanner}. Paths are relative to the
 * project root (as diagnostics print them) and sorted, so every later step sees them in one order.
 *
 * @param root the project root (absolute)
 * @param media the site paths of media files, e.g. {@code /media/2025/11/a.jpg}
 * @param stamps size and modification time of every file above, as the scan saw them (keyed by
 *     the path relative to the root), so that caches need not ask the file system again
 * @param sums fingerprints of those stamps, made by the scan as it saw them
 */
public record SourceTree(
        Path root,
        List<Path> articles,
        List<Path> authors,
        List<Path> sections,
        List<Path> tags,
        SortedSet<String> media,
        Map<Path, Stamp> stamps,
        InputSums sums) {

    /**
     * Order-independent fingerprints ({@link galley.cache.Fingerprint.SetSum}) of every file's
     * path, size and modification time, made by the scan's folder tasks as they stat the files
     * (fingerprinting them one by one in sorted order afterwards was a twentieth of a new
     * article's build): of the article files; of the author, section and tag files; of the media
     * files; and of the set of media site paths alone.
     */
    public record InputSums(
            String articles,
            String profiles,
            String media,
            String mediaPaths,
            Optional<Fingerprint.SetSum> articleSum,
            boolean links) {

        /**
         * @param articleSum the sum behind {@code articles}, when it is a sum of the article
         *     files' stamp lines alone (not folded with git dates): {@link #restamped} updates it
         * @param links whether the scan followed a symbolic link (a file's line then names its target)
         */
        public InputSums {
            articleSum = articleSum.map(Fingerprint.SetSum::copy); // kept as the scan left it
        }

        /** Sums that {@link #restamped} cannot update. */
        public InputSums(String articles, String profiles, String media, String mediaPaths) {
            this(articles, profiles, media, mediaPaths, Optional.empty(), true);
        }

        public static InputSums none() {
            String empty = new Fingerprint.SetSum().hex();
            return new InputSums(empty, empty, empty, empty);
        }
    }

    /**
     * This tree with new stamps for some of its article files (the same files: none added or
     * removed), as a scan that saw them would give it, sums included; empty if this tree's sums
     * cannot be updated (the scan followed a symbolic link, or git dates are folded in): scan again.
     */
    private static final Path ARTICLES = Path.of("content", "articles");

    public Optional<SourceTree> restamped(Map<Path, Stamp> articleStamps) {
        if (sums.links() || sums.articleSum().isEmpty()) return Optional.empty();
        Fingerprint.SetSum sum = sums.articleSum().get().copy();
        Map<Path, Stamp> now = new HashMap<>(stamps);
        for (Map.Entry<Path, Stamp> e : articleStamps.entrySet()) {
            Stamp was = stamps.get(e.getKey());
            if (was == null || !e.getKey().startsWith(ARTICLES)) return Optional.empty();
            sum.remove(stampLine(e.getKey(), was)).add(stampLine(e.getKey(), e.getValue()));
            now.put(e.getKey(), e.getValue());
        }
        return Optional.of(new SourceTree(
                root,
                articles,
                authors,
                sections,
                tags,
                media,
                now,
                new InputSums(sum.hex(), sums.profiles(), sums.media(), sums.mediaPaths(), Optional.of(sum), false)));
    }

    /** The line a file adds to the fingerprints: its path relative to the root, size and modification time. */
    public static String stampLine(Path relative, Stamp stamp) {
        return relative + "\u0000" + stamp.size() + ":" + stamp.mtimeNanos();
    }

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
        media = media instanceof HashedSortedSet kept ? kept : new HashedSortedSet(media);
        stamps = Collections.unmodifiableMap(stamps);
    }

    public SourceTree(
            Path root,
            List<Path> articles,
            List<Path> authors,
            List<Path> sections,
            List<Path> tags,
            SortedSet<String> media) {
        this(root, articles, authors, sections, tags, media, Map.of(), InputSums.none());
    }

    /**
     * The size and modification time of {@code file} (relative to the root): as the scan saw it,
     * or, for a file the scan did not stamp, from the file system (following links); empty if
     * it cannot be read.
     */
    public Optional<Stamp> stamp(Path file) {
        Stamp seen = stamps.get(file);
        if (seen != null) return Optional.of(seen);
        try {
            BasicFileAttributes a = Files.readAttributes(root.resolve(file), BasicFileAttributes.class);
            return Optional.of(new Stamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * An unmodifiable sorted set whose {@code contains} is a hash lookup: every article's image
     * and links are checked against 17,000 media paths at 25,000 articles, and a tree took a few
     * dozen string comparisons for each.
     */
    private static final class HashedSortedSet extends AbstractSet<String> implements SortedSet<String> {
        private final SortedSet<String> sorted;
        private final Set<String> hashed;

        HashedSortedSet(SortedSet<String> media) {
            this.sorted = Collections.unmodifiableSortedSet(new TreeSet<>(media));
            this.hashed = Set.copyOf(media);
        }

        @Override
        public boolean contains(Object o) {
            return o != null && hashed.contains(o);
        }

        @Override
        public Iterator<String> iterator() {
            return sorted.iterator();
        }

        @Override
        public int size() {
            return sorted.size();
        }

        @Override
        public Comparator<? super String> comparator() {
            return sorted.comparator();
        }

        @Override
        public SortedSet<String> subSet(String from, String to) {
            return sorted.subSet(from, to);
        }

        @Override
        public SortedSet<String> headSet(String to) {
            return sorted.headSet(to);
        }

        @Override
        public SortedSet<String> tailSet(String from) {
            return sorted.tailSet(from);
        }

        @Override
        public String first() {
            return sorted.first();
        }

        @Override
        public String last() {
            return sorted.last();
        }
    }

    /** The file behind a {@code /media/...} site path. */
    public Path mediaFile(String mediaPath) {
        return root.resolve("content").resolve(mediaPath.substring(1));
    }

    /**
     * The media path ({@code /media/...}, decoded) that the URL {@code src} names, if it names a
     * file the scan found in {@code content/media/}; empty for other URLs and missing files.
     */
    public Optional<String> mediaPathOf(String src) {
        if (!src.startsWith("/media/")) return Optional.empty();
        String path = UrlPaths.decode(src);
        return media().contains(path) ? Optional.of(path) : Optional.empty();
    }

    /** What the scan saw of the media file at {@code mediaPath}: its size and modification time. */
    public Optional<Stamp> mediaStamp(String mediaPath) {
        return stamp(root.relativize(mediaFile(mediaPath)));
    }
}
