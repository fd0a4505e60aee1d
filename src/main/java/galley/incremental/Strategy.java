package galley.incremental;

import galley.cache.BuildCache;
import galley.cache.BuildState;
import galley.cache.SourceCache;
import galley.content.SourceTree;
import galley.diag.Diagnostics;
import galley.model.Archive;
import galley.output.Assets;
import galley.views.ArticleFields;
import galley.views.PageViews;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How much of the last build this one reuses, decided once from what changed since, before
 * anything is planned. Every strategy gives the site a clean build gives; they differ in how many
 * outputs they examine:
 *
 * <ul>
 *   <li>{@link Full}: no usable last build; every output is rendered into a new tree.
 *   <li>{@link Keyed}: every output is keyed ({@link PageKeys}); those whose key changed are rendered.
 *   <li>{@link Additions}: only articles newer than every other one were published; the outputs they
 *       can change ({@link NewestArticles}) are keyed, the rest kept unexamined.
 *   <li>{@link BodyEdits}: only article bodies changed, below what any list shows; their pages and the
 *       full-content feeds listing them are rendered, the rest kept unexamined.
 * </ul>
 */
public sealed interface Strategy {

    /** The outputs the last build made, empty for {@link Full}. */
    BuildCache previous();

    /** A short name for the build log. */
    String name();

    record Full() implements Strategy {
        @Override
        public BuildCache previous() {
            return BuildCache.empty();
        }

        @Override
        public String name() {
            return "full";
        }
    }

    /**
     * @param mediaChanged media files came or went: outputs that warned of a missing one are rendered
     *     again whatever their key (the warning is not part of it)
     */
    record Keyed(BuildCache previous, boolean mediaChanged) implements Strategy {
        @Override
        public String name() {
            return "incremental";
        }
    }

    /** @param newest which outputs the new articles can change */
    record Additions(BuildCache previous, NewestArticles newest, boolean mediaChanged) implements Strategy {

        @Override
        public String name() {
            return "new articles";
        }
    }

    /** @param edited the article files whose bodies changed */
    record BodyEdits(BuildCache previous, List<Path> edited) implements Strategy {
        public BodyEdits {
            edited = List.copyOf(edited);
        }

        @Override
        public String name() {
            return "body edits";
        }
    }

    /**
     * What this build knows of the last one and of itself when it chooses.
     *
     * @param last the last successful build's state, if any and not {@code --clean}
     * @param previous its outputs (empty when unreadable or {@code --clean})
     * @param changes which article files were added or changed since, when nothing else of the
     *     sources changed in a way the source cache cannot tell apart
     * @param version Galley's cache version; {@code options} the options' fingerprint
     * @param keys this build's input fingerprints
     * @param views this build's views ({@link PageViews#globalKey()}: what every output shows)
     */
    record Facts(
            Optional<BuildState> last,
            BuildCache previous,
            Optional<SourceCache.ArticleChanges> changes,
            SourceCache sources,
            SourceTree tree,
            Archive archive,
            PageViews views,
            String version,
            String options,
            InputStamp.Keys keys,
            Instant now) {}

    /** Chooses the strategy; {@code diagnostics} holds what loading reported so far. */
    public static Strategy choose(Facts f, Diagnostics diagnostics) {
        if (f.previous().isEmpty()) return new Full();
        BuildCache previous = f.previous();
        if (f.last().isEmpty()) return new Keyed(previous, true);
        BuildState last = f.last().get();
        if (last.sameSettings(f.version(), f.options(), f.now())
                && last.frame().equals(f.keys().frame())) {
            Optional<List<Path>> edited = f.changes()
                    .filter(c -> c.added().isEmpty()
                            && !c.changed().isEmpty()
                            && c.changed().stream()
                                    .allMatch(file ->
                                            f.sources().onlyBodyChanged(file, ArticleFields::onlyOwnPageDiffers)))
                    .map(SourceCache.ArticleChanges::changed);
            if (edited.isPresent()) return new BodyEdits(previous, edited.get());
        }
        boolean mediaChanged = !last.media().equals(f.keys().media());
        // Only new articles (the commonest change after an edit), or scheduled ones whose time came.
        // The clock may have moved on (it changes only what is published and the news sitemap, which
        // that path accounts for), not back.
        Optional<List<Path>> added = f.changes()
                .filter(c -> c.changed().isEmpty()
                        && last.sameOptionsLater(f.version(), f.options(), f.now())
                        && last.theme().equals(f.keys().theme()))
                .map(SourceCache.ArticleChanges::added);
        // What every output shows (the site's navigation: a new section) must be as it was, or no
        // output can be kept unexamined.
        if (added.isPresent()
                && warningsOnlyAbout(added.get(), last, diagnostics)
                && last.global().equals(f.views().globalKey())
                && (last.frame().equals(f.keys().frame()) || mediaOnlyAdded(last, previous, f.tree()))) {
            Optional<NewestArticles> newest = NewestArticles.of(f.archive(), f.views(), previous, last.articles());
            if (newest.isPresent()) return new Additions(previous, newest.get(), mediaChanged);
        }
        return new Keyed(previous, mediaChanged);
    }

    /**
     * Whether every warning so far is about a new file or was given by the last build too. A new
     * warning about an older file means the new article changed how older ones read (a tag spelled
     * its way now shows so everywhere).
     */
    private static boolean warningsOnlyAbout(List<Path> added, BuildState last, Diagnostics diagnostics) {
        Set<Path> files = Set.copyOf(added);
        Set<String> before = Set.copyOf(last.warnings());
        return diagnostics.sorted().stream()
                .allMatch(d -> files.contains(d.at().file()) || before.contains(WarningCodec.encode(d)));
    }

    /**
     * Whether the media files changed only by being added, where that cannot change any output
     * kept unexamined: every media file the last build copied is there as it was (a rewritten
     * image can have another size, which its article's page shows), and the last build warned
     * of no missing media file (one that now exists would make it stale).
     */
    private static boolean mediaOnlyAdded(BuildState last, BuildCache previous, SourceTree tree) {
        if (last.warnings().stream().anyMatch(WarningCodec::isMissingMedia)) return false;
        return previous.entries().entrySet().stream()
                .filter(e -> e.getValue().key().startsWith("media:"))
                .allMatch(e -> tree.media().contains("/" + e.getKey()) // a hash lookup (see SourceTree)
                        && Assets.sameSource(e.getValue().key(), Assets.mediaKey(tree, "/" + e.getKey())));
    }
}
