package galley.content;

import galley.cache.Fingerprint;
import galley.diag.Diagnostics;
import galley.diag.NearestName;
import galley.diag.SourcePosition;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Walks {@code content/} and sorts its files into articles, authors, section and tag pages and
 * media. Symbolic links are followed as {@link SourceLinks} rules: only to files and folders
 * inside the project, so a checkout cannot make Galley publish {@code /etc/passwd}.
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
        SourceLinks links = SourceLinks.of(root);
        if (!links.allows(content, Path.of("content"), diagnostics)) {
            return new SourceTree(root, articles, authors, sections, tags, media);
        }
        if (!Files.isDirectory(content)) {
            diagnostics.error(SourcePosition.of(Path.of("content")), "missing content folder: expected " + content);
            return new SourceTree(root, articles, authors, sections, tags, media);
        }
        // Every folder is a task of its own, so both cores list folders and stat files; what a task
        // finds is sorted into its kind there, and the lists are sorted once at the end.
        Map<Path, SourceTree.Stamp> stamps = new ConcurrentHashMap<>();
        Queue<Found> found = new ConcurrentLinkedQueue<>();
        Sums sums = new Sums();
        Walk walk = new Walk(links, found, stamps, sums, diagnostics);
        reportUnknownEntries(content, sums, diagnostics);
        List<FolderWalk> walks = new ArrayList<>();
        for (String folder : List.of("articles", "authors", "sections", "tags", "media")) {
            Path dir = content.resolve(folder);
            Path rel = Path.of("content", folder);
            if (Files.isSymbolicLink(dir) || Files.isSymbolicLink(content)) sums.links = true;
            // Judged before looking into it: a dangling or refused link is an error, not a missing folder.
            if (links.allows(dir, rel, diagnostics) && Files.isDirectory(dir))
                walks.add(new FolderWalk(walk, dir, rel, folder, true, SourceLinks.walkOf(dir)));
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
                        sums.articles.hex(),
                        sums.profiles.hex(),
                        sums.media.hex(),
                        sums.mediaPaths.hex(),
                        Optional.of(sums.articles),
                        sums.links));
    }

    /** The folders of {@code content/} that Galley reads; with {@code site.yaml}, all it reads there. */
    static final List<String> FOLDERS = List.of("articles", "authors", "sections", "tags", "media");

    /**
     * Warns of every entry at the top of {@code content/} that no rule reads ({@code pages/}, a
     * misspelt {@code article/}, {@code site.yml}), with a did-you-mean where a near name exists.
     * Hidden entries ({@code .DS_Store}, {@code .gitkeep}) are skipped. The names (not the
     * contents) of these entries go into the fingerprint of the profiles, so adding or removing
     * one is never a no-op build that replays the last build's warnings (issue #19).
     */
    private static void reportUnknownEntries(Path content, Sums sums, Diagnostics diagnostics) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(content)) {
            list.forEach(entries::add);
        } catch (IOException e) {
            return; // the folder walks below report what cannot be read
        }
        entries.sort(null);
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) continue;
            boolean folder = Files.isDirectory(entry);
            if (folder ? FOLDERS.contains(name) : name.equals("site.yaml")) continue;
            if (readUnderItsRightName(content, entry, name)) continue; // Articles/ on a case-insensitive disk
            String shown = "content/" + name + (folder ? "/" : "");
            sums.profiles.add("unread\u0000" + shown);
            String hint = suggestion(name, folder)
                    .map(near -> "; did you mean content/" + near + "?")
                    .orElse(" (content/ holds site.yaml, articles/, authors/, sections/, tags/ and media/)");
            diagnostics.warning(SourcePosition.of(Path.of("content", name)), shown + " is not read by Galley" + hint);
        }
    }

    private static boolean readUnderItsRightName(Path content, Path entry, String name) {
        for (String known :
                Stream.concat(FOLDERS.stream(), Stream.of("site.yaml")).toList()) {
            if (!known.equalsIgnoreCase(name)) continue;
            try {
                return Files.isSameFile(content.resolve(known), entry);
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * The name Galley reads that {@code name} is near (case aside, at most one edit for names of
     * up to five letters, two for longer ones; a swap of two neighbours is one edit): {@code
     * article} gives {@code articles/}, {@code site.yml} gives {@code site.yaml}, {@code pages} none.
     */
    static Optional<String> suggestion(String name, boolean folder) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        List<String> known = new ArrayList<>();
        for (String f : FOLDERS) known.add(f + "/");
        known.add("site.yaml");
        for (String k : known) {
            String bare = k.endsWith("/") ? k.substring(0, k.length() - 1) : k;
            // A folder named like a file Galley reads, or a file like a folder, still gets the hint.
            String candidate = lower;
            if (!folder && k.endsWith("/") && lower.indexOf('.') > 0)
                candidate = lower.substring(0, lower.lastIndexOf('.'));
            int d = NearestName.distance(candidate, bare);
            if (NearestName.isNear(candidate, bare) && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The fingerprints of {@link SourceTree.InputSums}, as the folder tasks add to them. */
    private static final class Sums {
        final Fingerprint.SetSum articles = new Fingerprint.SetSum();
        final Fingerprint.SetSum profiles = new Fingerprint.SetSum();
        final Fingerprint.SetSum media = new Fingerprint.SetSum();
        final Fingerprint.SetSum mediaPaths = new Fingerprint.SetSum();
        /** Whether a symbolic link was followed (to a file or a folder). */
        volatile boolean links;
    }

    /** What every folder task of one scan adds to: the files found, their stamps and sums, and the problems. */
    private record Walk(
            SourceLinks links,
            Queue<Found> found,
            Map<Path, SourceTree.Stamp> stamps,
            Sums sums,
            Diagnostics diagnostics) {}

    /** A file found: its kind (the folder of content/ it is in), its path relative to the root, and for media its site path. */
    private record Found(String kind, Path rel, String mediaPath) {}

    /**
     * Lists one folder: regular files (and links to files inside the project) become {@link Found}
     * with their stamps; sub-folders (and links to folders inside the project) are walked by tasks
     * of their own. Hidden files and folders are skipped; links follow {@link SourceLinks}.
     */
    private static final class FolderWalk extends RecursiveAction {
        private final Walk walk;
        private final Path dir;
        private final Path relDir;
        private final String kind;
        private final boolean top;
        private final SourceLinks.Walked walked;

        FolderWalk(Walk walk, Path dir, Path relDir, String kind, boolean top, SourceLinks.Walked walked) {
            this.walk = walk;
            this.dir = dir;
            this.relDir = relDir;
            this.kind = kind;
            this.top = top;
            this.walked = walked;
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
                        folders.add(new FolderWalk(
                                walk,
                                file,
                                rel,
                                kind,
                                false,
                                walked.then(walked.real().resolve(file.getFileName()))));
                        continue;
                    }
                    String linked = "";
                    if (attrs.isSymbolicLink()) {
                        walk.sums().links = true;
                        SourceLinks.Target target = walk.links().follow(file, walked);
                        if (target instanceof SourceLinks.Refused refused) {
                            walk.diagnostics().error(SourcePosition.of(rel), refused.problem());
                            continue;
                        }
                        if (target instanceof SourceLinks.Folder folder) {
                            folders.add(new FolderWalk(walk, file, rel, kind, false, walked.then(folder.real())));
                            continue;
                        }
                        SourceLinks.File linkedFile = (SourceLinks.File) target;
                        attrs = linkedFile.attributes();
                        linked = "\u0000-> " + linkedFile.real(); // a link pointed elsewhere is a change too
                    } else if (!attrs.isRegularFile()) {
                        continue;
                    }
                    SourceTree.Stamp stamp = new SourceTree.Stamp(
                            attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
                    walk.stamps().put(rel, stamp);
                    stampSum.add(SourceTree.stampLine(rel, stamp)
                            + linked); // every regular file, read or ignored: any change is looked at
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
}
