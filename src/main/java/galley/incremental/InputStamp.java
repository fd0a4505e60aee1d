package galley.incremental;

import galley.cache.Fingerprint;
import galley.content.SourceTree;
import galley.content.ThemeFiles;
import java.nio.file.Path;
import java.util.List;

/** A fingerprint of every input file's path, size and modification time: content, media and the theme. */
public final class InputStamp {

    private InputStamp() {}

    /**
     * The fingerprints a build records: of every input; of every input but the article files; of
     * every input but the article and media files; and of the set of media paths alone.
     */
    public record Keys(String inputs, String frame, String theme, String media) {}

    /**
     * The fingerprints, from the scans' sums (the file system is asked only for the settings). The
     * theme's sum comes from its scan, which follows links as the build reads them: a link added
     * or pointed elsewhere is a change, never a build that skips as "nothing changed".
     */
    public static Keys keys(SourceTree tree, ThemeFiles themeFiles) {
        Fingerprint all = new Fingerprint();
        Fingerprint frame = new Fingerprint();
        Fingerprint theme = new Fingerprint();
        SourceTree.InputSums sums = tree.sums();
        add(tree, Path.of("content/site.yaml"), all, frame, theme);
        all.add(sums.articles());
        for (Fingerprint f : List.of(all, frame, theme)) f.add(sums.profiles());
        all.add(sums.media());
        frame.add(sums.media());
        for (Fingerprint f : List.of(all, frame, theme)) f.add(themeFiles.fingerprint());
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
