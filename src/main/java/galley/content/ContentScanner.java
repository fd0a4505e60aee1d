package galley.content;

import galley.cache.Fingerprint;
import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;

/**
 * Walks {@code content/} and sorts its files into articles, authors, section and tag pages and
 * media. Links are not followed blindly: a symlink that leads outside {@code content/} is refused,
 * so a checkout cannot make Galley publish {@code /etc/passwd}.
 */
public final class ContentScanner {

    private ContentScanner() {}

    public static SourceTree scan(Path root, Diagnostics diagnostics) {
        Path content = root.resolve("content");
        List<Path> articles = new ArrayList<>();
        List<Path> authors = new ArrayList<>();
        List<Path> sections = new ArrayList<>();
        List<Path> tags = new ArrayList<>();
        SortedSet<String> media = new TreeSet<>();
        if (!Files.isDirectory(content)) {
            diagnostics.error(SourcePosition.of(Path.of("content")), "missing content folder: expected " + content);
            return new SourceTree(root, articles, authors, sections, tags, media);
        }
        Path realContent;
        try {
            realContent = content.toRealPath();
        } catch (IOException e) {
            diagnostics.error(SourcePosition.of(Path.of("content")), "cannot read content folder: " + e.getMessage());
            return new SourceTree(root, articles, authors, sections, tags, media);
        }
        // Every folder is a task of its own, so both cores list folders and stat files; what a task
        // finds is sorted into its kind there, and the lists are sorted once at the end.
        Map<Path, SourceTree.Stamp> stamps = new ConcurrentHashMap<>();
        Queue<Found> found = new ConcurrentLinkedQueue<>();
        Sums sums = new Sums();
        Walk walk = new Walk(realContent, found, stamps, sums, diagnostics);
        List<FolderWalk> walks = new ArrayList<>();
        for (String folder : List.of("articles", "authors", "sections", "tags", "media")) {
            Path dir = content.resolve(folder);
            if (Files.isDirectory(dir)) walks.add(new FolderWalk(walk, dir, Path.of("content", folder), folder, true));
        }
        // In the build's pool (its worker threads); called from elsewhere (tests), in the common pool.
        if (ForkJoinTask.inForkJoinPool()) ForkJoinTask.invokeAll(walks);
        else ForkJoinPool.commonPool().invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(walks)));
        List<String> mediaPaths = new ArrayList<>();
        for (Found f : found) {
            switch (f.kind()) {
                case "articles" -> articles.add(f.rel());
                case "authors" -> authors.add(f.rel());
                case "sections" -> sections.add(f.rel());
                case "tags" -> tags.add(f.rel());
                default -> mediaPaths.add(f.mediaPath());
            }
        }
        articles.sort(null);
        authors.sort(null);
        sections.sort(null);
        tags.sort(null);
        media.addAll(mediaPaths);
        return new SourceTree(
                root,
                articles,
                authors,
                sections,
                tags,
                media,
                stamps,
                new SourceTree.InputSums(
                        sums.articles.hex(), sums.profiles.hex(), sums.media.hex(), sums.mediaPaths.hex()));
    }

    /** The fingerprints of {@link SourceTree.InputSums}, as the folder tasks add to them. */
    private static final class Sums {
        final Fingerprint.SetSum articles = new Fingerprint.SetSum();
        final Fingerprint.SetSum profiles = new Fingerprint.SetSum();
        final Fingerprint.SetSum media = new Fingerprint.SetSum();
        final Fingerprint.SetSum mediaPaths = new Fingerprint.SetSum();
    }

    /** What every folder task of one scan adds to: the files found, their stamps and sums, and the problems. */
    private record Walk(
            Path realContent,
            Queue<Found> found,
            Map<Path, SourceTree.Stamp> stamps,
            Sums sums,
            Diagnostics diagnostics) {}

    /** A file found: its kind (the folder of content/ it is in), its path relative to the root, and for media its site path. */
    private record Found(String kind, Path rel, String mediaPath) {}

    /**
     * Lists one folder: regular files (and links to files inside content/) become {@link Found}
     * with their stamps; sub-folders are walked by tasks of their own. Hidden files and folders
     * are skipped; links are not followed blindly (see the class comment).
     */
    private static final class FolderWalk extends RecursiveAction {
        private final Walk walk;
        private final Path dir;
        private final Path relDir;
        private final String kind;
        private final boolean top;

        FolderWalk(Walk walk, Path dir, Path relDir, String kind, boolean top) {
            this.walk = walk;
            this.dir = dir;
            this.relDir = relDir;
            this.kind = kind;
            this.top = top;
        }

        @Override
        protected void compute() {
            List<FolderWalk> folders = new ArrayList<>();
            List<Found> files = new ArrayList<>();
            Fingerprint.SetSum stampSum = new Fingerprint.SetSum();
            Fingerprint.SetSum mediaPathSum = new Fingerprint.SetSum();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path file : entries) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(".")) continue;
                    Path rel =
                            relDir.resolve(file.getFileName()); // joined as paths: a name string would be parsed again
                    BasicFileAttributes attrs;
                    try {
                        attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        walk.diagnostics().error(SourcePosition.of(rel), "cannot read: " + e.getMessage());
                        continue;
                    }
                    if (attrs.isDirectory()) {
                        folders.add(new FolderWalk(walk, file, rel, kind, false));
                        continue;
                    }
                    if (attrs.isSymbolicLink()) {
                        if (!linkStaysInside(file, walk.realContent())) {
                            walk.diagnostics()
                                    .error(SourcePosition.of(rel), "symbolic link points outside content/; refused");
                            continue;
                        }
                        if (!Files.isRegularFile(file)) continue;
                        try {
                            attrs = Files.readAttributes(file, BasicFileAttributes.class); // the target's
                        } catch (IOException e) {
                            walk.diagnostics().error(SourcePosition.of(rel), "cannot read: " + e.getMessage());
                            continue;
                        }
                    } else if (!attrs.isRegularFile()) {
                        continue;
                    }
                    SourceTree.Stamp stamp = new SourceTree.Stamp(
                            attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
                    walk.stamps().put(rel, stamp);
                    stampSum.add(SourceTree.stampLine(
                            rel, stamp)); // every regular file, read or ignored: any change is looked at
                    if (kind.equals("media")) {
                        String mediaPath = "/"
                                + rel.subpath(1, rel.getNameCount()).toString().replace('\\', '/');
                        mediaPathSum.add(mediaPath);
                        files.add(new Found(kind, rel, mediaPath));
                    } else if (!name.endsWith(".md")) {
                        walk.diagnostics()
                                .warning(
                                        SourcePosition.of(rel),
                                        "ignored: only .md files belong in content/" + kind + "/");
                    } else if (!kind.equals("articles") && !top) {
                        walk.diagnostics()
                                .warning(
                                        SourcePosition.of(rel),
                                        "ignored: files in content/" + kind + "/ are not read from sub-folders");
                    } else {
                        files.add(new Found(kind, rel, null));
                    }
                }
            } catch (IOException e) {
                walk.diagnostics()
                        .error(
                                SourcePosition.of(relDir),
                                (top ? "cannot read folder: " : "cannot read: ") + e.getMessage());
            }
            walk.found().addAll(files);
            switch (kind) {
                case "articles" -> walk.sums().articles.addAll(stampSum);
                case "media" -> {
                    walk.sums().media.addAll(stampSum);
                    walk.sums().mediaPaths.addAll(mediaPathSum);
                }
                default -> walk.sums().profiles.addAll(stampSum);
            }
            invokeAll(folders);
        }
    }

    private static boolean linkStaysInside(Path link, Path realContent) {
        try {
            return link.toRealPath().startsWith(realContent);
        } catch (IOException e) {
            return false; // dangling link
        }
    }
}
