package galley.content;

import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.SortedSet;
import java.util.TreeSet;

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
        Map<Path, SourceTree.Stamp> stamps = new HashMap<>();
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
        // The folders are walked in parallel (articles and media are the big ones); results are merged in order.
        List<String> folders = List.of("articles", "authors", "sections", "tags", "media");
        record Walked(List<Path> found, Map<Path, SourceTree.Stamp> stamps, Diagnostics diagnostics) {}
        List<Walked> walked = folders.parallelStream().map(folder -> {
            Path dir = content.resolve(folder);
            Walked w = new Walked(new ArrayList<>(), new HashMap<>(), new Diagnostics());
            if (Files.isDirectory(dir)) walk(root, dir, realContent, w.found(), w.stamps(), w.diagnostics());
            return w;
        }).toList();
        for (int f = 0; f < folders.size(); f++) {
            String folder = folders.get(f);
            List<Path> found = walked.get(f).found();
            stamps.putAll(walked.get(f).stamps());
            walked.get(f).diagnostics().sorted().forEach(diagnostics::add);
            for (Path rel : found) {
                String name = rel.getFileName().toString();
                switch (folder) {
                    case "media" -> media.add("/" + root.resolve("content").relativize(root.resolve(rel)).toString().replace('\\', '/'));
                    case "articles", "authors", "sections", "tags" -> {
                        if (!name.endsWith(".md")) {
                            diagnostics.warning(SourcePosition.of(rel), "ignored: only .md files belong in content/" + folder + "/");
                            continue;
                        }
                        if (!folder.equals("articles") && rel.getNameCount() != 3) {
                            diagnostics.warning(SourcePosition.of(rel), "ignored: files in content/" + folder + "/ are not read from sub-folders");
                            continue;
                        }
                        switch (folder) {
                            case "articles" -> articles.add(rel);
                            case "authors" -> authors.add(rel);
                            case "sections" -> sections.add(rel);
                            default -> tags.add(rel);
                        }
                    }
                    default -> throw new IllegalStateException(folder);
                }
            }
        }
        articles.sort(null);
        authors.sort(null);
        sections.sort(null);
        tags.sort(null);
        return new SourceTree(root, articles, authors, sections, tags, media, stamps);
    }

    private static void walk(Path root, Path dir, Path realContent, List<Path> found, Map<Path, SourceTree.Stamp> stamps,
                             Diagnostics diagnostics) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (!d.equals(dir) && d.getFileName().toString().startsWith(".")) return FileVisitResult.SKIP_SUBTREE;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Path rel = root.relativize(file);
                    if (file.getFileName().toString().startsWith(".")) return FileVisitResult.CONTINUE;
                    BasicFileAttributes seen = attrs;
                    if (attrs.isSymbolicLink()) {
                        if (!linkStaysInside(file, realContent)) {
                            diagnostics.error(SourcePosition.of(rel), "symbolic link points outside content/; refused");
                            return FileVisitResult.CONTINUE;
                        }
                        if (!Files.isRegularFile(file)) return FileVisitResult.CONTINUE;
                        try {
                            seen = Files.readAttributes(file, BasicFileAttributes.class); // the target's
                        } catch (IOException e) {
                            return visitFileFailed(file, e);
                        }
                    } else if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    found.add(rel);
                    stamps.put(rel, new SourceTree.Stamp(seen.size(), seen.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    diagnostics.error(SourcePosition.of(root.relativize(file)), "cannot read: " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            diagnostics.error(SourcePosition.of(root.relativize(dir)), "cannot read folder: " + e.getMessage());
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
