package galley.incremental;

import galley.cache.Fingerprint;
import galley.content.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A fingerprint of every input file's path, size and modification time: content, media and the theme. */
public final class InputStamp {

    private InputStamp() {}

    /**
     * The fingerprints a build records: of every input; of every input but the article files; of
     * every input but the article and media files; and of the set of media paths alone.
     */
    public record Keys(String inputs, String frame, String theme, String media) {}

    /** The fingerprints, from the scan's sums (the file system is asked only for the settings and the theme). */
    public static Keys keys(Path root, SourceTree tree) {
        Fingerprint all = new Fingerprint();
        Fingerprint frame = new Fingerprint();
        Fingerprint theme = new Fingerprint();
        SourceTree.InputSums sums = tree.sums();
        add(tree, Path.of("content/site.yaml"), all, frame, theme);
        all.add(sums.articles());
        for (Fingerprint f : List.of(all, frame, theme)) f.add(sums.profiles());
        all.add(sums.media());
        frame.add(sums.media());
        Path templates = root.resolve("templates");
        if (Files.isDirectory(templates)) {
            try (Stream<Path> walk = Files.walk(templates)) {
                for (Path p : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .sorted()
                        .toList()) {
                    add(tree, root.relativize(p), all, frame, theme);
                }
            } catch (IOException e) {
                String unreadable = "unreadable templates: " + e.getMessage();
                return new Keys(unreadable, unreadable, unreadable, sums.mediaPaths());
            }
        }
        return new Keys(all.hex(), frame.hex(), theme.hex(), sums.mediaPaths());
    }

    /** Adds a file's path, size and modification time (relative to the root) to each fingerprint. */
    private static void add(SourceTree tree, Path relative, Fingerprint... to) {
        String stamp = stampOf(tree, relative);
        for (Fingerprint f : to) f.add(stamp);
    }

    private static String stampOf(SourceTree tree, Path relative) {
        return tree.stamp(relative).map(s -> SourceTree.stampLine(relative, s)).orElse(relative + "\u0000missing");
    }
}
