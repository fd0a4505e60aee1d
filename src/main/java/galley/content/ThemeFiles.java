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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The project's theme: every file under {@code templates/} that Galley may read, found once per
 * build by the same link rule as {@code content/} ({@link SourceLinks}). Templates are loaded,
 * static files copied and the theme fingerprinted from this list only, so a link the rule refuses
 * is reported here, with the other problems, and is never opened.
 *
 * @param files each file's path relative to {@code templates/} ({@code /}-separated, e.g. {@code
 *     static/css/site.css}), to the path it is read through (under {@code templates/}, links
 *     included)
 * @param fingerprint of every file's path, size, modification time and, for a link, its target
 */
public record ThemeFiles(SortedMap<String, Path> files, String fingerprint) {

    public ThemeFiles {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** No project theme (the bundled one alone). */
    public static ThemeFiles none() {
        return new ThemeFiles(new TreeMap<>(), new Fingerprint().hex());
    }

    /** The files of {@code templates/static/}, by their path in the site (relative to {@code static/}). */
    public SortedMap<String, Path> staticFiles() {
        SortedMap<String, Path> found = new TreeMap<>();
        for (Map.Entry<String, Path> e : files.tailMap("static/").entrySet()) {
            if (!e.getKey().startsWith("static/")) break;
            found.put(e.getKey().substring("static/".length()), e.getValue());
        }
        return found;
    }

    /** Lists {@code root/templates/}; refused links and unreadable folders go to {@code diagnostics}. */
    public static ThemeFiles scan(Path root, Diagnostics diagnostics) {
        return scan(root, root.resolve("templates"), diagnostics);
    }

    /** Lists the theme folder {@code templates} of the project at {@code root}. */
    public static ThemeFiles scan(Path root, Path templates, Diagnostics diagnostics) {
        SourceLinks links = SourceLinks.of(root);
        if (!links.allows(templates, Path.of("templates"), diagnostics) || !Files.isDirectory(templates)) return none();
        SortedMap<String, Path> files = new TreeMap<>();
        SortedMap<String, String> lines = new TreeMap<>();
        walk(links, templates, "", SourceLinks.walkOf(templates), files, lines, diagnostics);
        Fingerprint fingerprint = new Fingerprint();
        lines.values().forEach(fingerprint::add);
        return new ThemeFiles(files, fingerprint.hex());
    }

    private static void walk(
            SourceLinks links,
            Path dir,
            String prefix,
            SourceLinks.Walked walked,
            SortedMap<String, Path> files,
            SortedMap<String, String> lines,
            Diagnostics diagnostics) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            list.forEach(entries::add);
        } catch (IOException e) {
            diagnostics.error(SourcePosition.of(Path.of("templates", prefix)), "cannot read: " + e.getMessage());
            return;
        }
        for (Path entry : entries) {
            String fileName = entry.getFileName().toString();
            if (fileName.startsWith(".")) continue; // .git of a theme kept as a submodule, .DS_Store
            String name = prefix + fileName;
            Path shown = Path.of("templates", name);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                diagnostics.error(SourcePosition.of(shown), "cannot read: " + e.getMessage());
                continue;
            }
            String linked = "";
            if (attrs.isDirectory()) {
                walk(links, entry, name + "/", walked.then(walked.real().resolve(fileName)), files, lines, diagnostics);
                continue;
            }
            if (attrs.isSymbolicLink()) {
                SourceLinks.Target target = links.follow(entry, walked);
                if (target instanceof SourceLinks.Refused refused) {
                    diagnostics.error(SourcePosition.of(shown), refused.problem());
                    continue;
                }
                if (target instanceof SourceLinks.Folder folder) {
                    walk(links, entry, name + "/", walked.then(folder.real()), files, lines, diagnostics);
                    continue;
                }
                SourceLinks.File file = (SourceLinks.File) target;
                attrs = file.attributes();
                linked = "\u0000-> " + file.real();
            } else if (!attrs.isRegularFile()) {
                continue; // a pipe or socket made in the folder is no theme file
            }
            files.put(name, entry);
            SourceTree.Stamp stamp =
                    new SourceTree.Stamp(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            lines.put(name, SourceTree.stampLine(shown, stamp) + linked);
        }
    }
}
