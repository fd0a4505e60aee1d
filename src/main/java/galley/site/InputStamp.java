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

    /**
     * The fingerprints a build records: of every input; of every input but the article files; of
     * every input but the article and media files; and of the set of media paths alone.
     */
    record Keys(String inputs, String frame, String theme, String media) {}

    /** Both fingerprints in one pass over the scan's stamps (the file system is asked only for files the scan did not see). */
    static Keys keys(Path root, SourceTree tree) {
        Fingerprint all = new Fingerprint();
        Fingerprint frame = new Fingerprint();
        Fingerprint theme = new Fingerprint();
        Fingerprint media = new Fingerprint();
        add(tree, Path.of("content/site.yaml"), all, frame, theme);
        for (Path p : tree.articles()) add(tree, p, all);
        for (List<Path> list : List.of(tree.authors(), tree.sections(), tree.tags())) {
            for (Path p : list) add(tree, p, all, frame, theme);
        }
        for (String m : tree.media()) {
            add(tree, root.relativize(tree.mediaFile(m)), all, frame);
            media.add(m);
        }
        Path templates = root.resolve("templates");
        if (Files.isDirectory(templates)) {
            try (Stream<Path> walk = Files.walk(templates)) {
                for (Path p : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    add(tree, root.relativize(p), all, frame, theme);
                }
            } catch (IOException e) {
                String unreadable = "unreadable templates: " + e.getMessage();
                return new Keys(unreadable, unreadable, unreadable, media.hex());
            }
        }
        return new Keys(all.hex(), frame.hex(), theme.hex(), media.hex());
    }

    /** Adds a file's path, size and modification time (relative to the root) to each fingerprint. */
    private static void add(SourceTree tree, Path relative, Fingerprint... to) {
        String name = relative.toString();
        String stamp = tree.stamp(relative).map(s -> s.size() + ":" + s.mtimeNanos()).orElse("missing");
        for (Fingerprint f : to) f.add(name).add(stamp);
    }
}
