package galley.site;

import galley.cache.Fingerprint;
import galley.content.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A fingerprint of every input file's path, size and modification time: content, media and the theme. */
final class InputStamp {

    private InputStamp() {}

    /** The two fingerprints a build records: of every input, and of every input but the article files. */
    record Keys(String inputs, String frame) {}

    /** Both fingerprints in one pass over the scan's stamps (the file system is asked only for files the scan did not see). */
    static Keys keys(Path root, SourceTree tree) {
        Fingerprint all = new Fingerprint();
        Fingerprint frame = new Fingerprint();
        add(tree, Path.of("content/site.yaml"), all, frame);
        for (Path p : tree.articles()) add(tree, p, all, null);
        for (List<Path> list : List.of(tree.authors(), tree.sections(), tree.tags())) {
            for (Path p : list) add(tree, p, all, frame);
        }
        for (String m : tree.media()) add(tree, root.relativize(tree.mediaFile(m)), all, frame);
        Path templates = root.resolve("templates");
        if (Files.isDirectory(templates)) {
            try (Stream<Path> walk = Files.walk(templates)) {
                for (Path p : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    add(tree, root.relativize(p), all, frame);
                }
            } catch (IOException e) {
                return new Keys("unreadable templates: " + e.getMessage(), "unreadable templates");
            }
        }
        return new Keys(all.hex(), frame.hex());
    }

    /** Adds a file (relative to the root) to {@code all}, and to {@code frame} unless that is null. */
    private static void add(SourceTree tree, Path relative, Fingerprint all, Fingerprint frame) {
        String name = relative.toString();
        String stamp = tree.stamp(relative).map(s -> s.size() + ":" + s.mtimeNanos()).orElse("missing");
        all.add(name).add(stamp);
        if (frame != null) frame.add(name).add(stamp);
    }
}
