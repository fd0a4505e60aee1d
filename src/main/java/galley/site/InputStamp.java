package galley.site;

import galley.cache.Fingerprint;
import galley.content.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A fingerprint of every input file's path, size and modification time: content, media and the theme. */
final class InputStamp {

    private InputStamp() {}

    static String of(Path root, SourceTree tree) {
        return of(root, tree, true);
    }

    /** The same without the article files: what every page is made from besides articles. */
    static String frame(Path root, SourceTree tree) {
        return of(root, tree, false);
    }

    private static String of(Path root, SourceTree tree, boolean withArticles) {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("content/site.yaml"));
        Stream.of(withArticles ? tree.articles() : List.<Path>of(), tree.authors(), tree.sections(), tree.tags())
                .flatMap(List::stream).map(root::resolve).forEach(files::add);
        tree.media().forEach(m -> files.add(tree.mediaFile(m)));
        Path templates = root.resolve("templates");
        if (Files.isDirectory(templates)) {
            try (Stream<Path> walk = Files.walk(templates)) {
                walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(files::add);
            } catch (IOException e) {
                return "unreadable templates: " + e.getMessage();
            }
        }
        List<String> stamps = files.parallelStream().map(file -> tree.stamp(root.relativize(file))
                .map(s -> s.size() + ":" + s.mtimeNanos()).orElseGet(() -> stamp(file))).toList();
        Fingerprint f = new Fingerprint();
        for (int i = 0; i < files.size(); i++) f.add(root.relativize(files.get(i)).toString()).add(stamps.get(i));
        return f.hex();
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + ":" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return "missing";
        }
    }
}
