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

    /** The fingerprints in one pass over the scan's stamps (the file system is asked only for files the scan did not see). */
    static Keys keys(Path root, SourceTree tree) {
        Fingerprint all = new Fingerprint();
        Fingerprint frame = new Fingerprint();
        Fingerprint theme = new Fingerprint();
        Fingerprint media = new Fingerprint();
        add(tree, Path.of("content/site.yaml"), all, frame, theme);
        for (String stamp : tree.articles().parallelStream().map(p -> stampOf(tree, p)).toList()) all.add(stamp);
        for (List<Path> list : List.of(tree.authors(), tree.sections(), tree.tags())) {
            for (Path p : list) add(tree, p, all, frame, theme);
        }
        // Media are most of the files: their names and stamps are made in parallel, then added in order.
        List<String> mediaPaths = List.copyOf(tree.media());
        List<String> mediaStamps = mediaPaths.parallelStream().map(m -> stampOf(tree, root.relativize(tree.mediaFile(m)))).toList();
        for (int i = 0; i < mediaStamps.size(); i++) {
            all.add(mediaStamps.get(i));
            frame.add(mediaStamps.get(i));
            media.add(mediaPaths.get(i));
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
        String stamp = stampOf(tree, relative);
        for (Fingerprint f : to) f.add(stamp);
    }

    private static String stampOf(SourceTree tree, Path relative) {
        return relative + "\u0000" + tree.stamp(relative).map(s -> s.size() + ":" + s.mtimeNanos()).orElse("missing");
    }
}
