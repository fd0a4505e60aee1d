package galley.build;

import galley.cache.BuildCache;
import galley.cache.BuildState;
import galley.cache.FileIdentity;
import galley.cache.SourceCache;
import galley.content.ArchiveLoader;
import galley.content.GitDates;
import galley.content.SourceTree;
import galley.diag.BuildFailedException;
import galley.diag.Diagnostics;
import galley.model.Archive;
import galley.output.Standby;
import galley.views.ArticleFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What one build leaves for the next build in the same process ({@code galley serve}), so that a
 * rebuild does not read again what the last one wrote: the parsed sources, the state and the
 * record of outputs, each trusted only while its file is the one that build saved ({@link
 * FileIdentity}: another build of the same folder in between makes the next build read them).
 *
 * <p>Told which files changed since (by a file watcher), a rebuild after a body edit does not scan
 * or load at all: when every changed file is an article file the last build read, and each new
 * reading differs from the last only in what the article's own page shows ({@link
 * ArchiveLoader#reread}), it stamps those files again and puts their new readings into the kept
 * archive; the rest of the build (strategy, plan, render, commit, caches) is the usual one. In
 * every other case (a new, deleted or renamed file, settings, templates, media, authors, a problem in
 * the edited file, the clock past the last build's span, events the watcher lost) the build scans
 * and loads as usual, from the kept sources. Either way the site is the one a clean build gives.
 *
 * <p>The standby tree (see {@link galley.output.OutputWriter}) is checked against its record
 * right after a build, while the server waits for the next edit, rather than when the next build
 * starts; the next build's commit uses that check only if the record and both trees are still as
 * the check found them.
 *
 * <p>Not thread-safe: one build at a time uses it, as {@code galley serve} runs them.
 */
public final class WarmStart {

    /** The last successful build's leavings; null before the first one and after a failed build. */
    private Kept kept;
    /** Files changed since the last build started (absolute); null when not known (all may have). */
    private Set<Path> changed = null;

    /** Tells the next build which files changed (the watcher's paths, absolute); they add up until it runs. */
    public void changed(Set<Path> paths) {
        if (kept == null) return;
        if (changed == null) changed = new HashSet<>();
        changed.addAll(paths);
    }

    /** What a successful build keeps. */
    private record Kept(
            SiteBuild.Options options,
            Project project,
            SourceCache.Kept sources,
            FileIdentity sourcesFile,
            Archive archive,
            BuildState state,
            FileIdentity stateFile,
            BuildCache outputs,
            FileIdentity outputsFile,
            Standby.Ahead standbyCheck) {}

    /** The kept build, taken: a build that fails leaves nothing kept, and the next one starts cold. */
    Optional<Taken> take() {
        Kept k = kept;
        Set<Path> files = changed;
        kept = null;
        changed = null;
        return Optional.ofNullable(k).map(x -> new Taken(x, files));
    }

    /** Puts back a kept build that the build which took it left as it was (nothing changed). */
    void restore(Taken taken) {
        kept = taken.kept;
        changed = new HashSet<>();
    }

    /** Keeps what the build that just succeeded leaves. */
    void keep(
            SiteBuild.Options options,
            Project project,
            SourceCache sources,
            Archive archive,
            BuildState state,
            BuildCache outputs) {
        Path cache = project.cacheDir();
        kept = new Kept(
                options,
                project,
                sources.kept(cache.resolve("sources")),
                FileIdentity.of(cache.resolve("sources")),
                archive,
                state,
                FileIdentity.of(cache.resolve("state")),
                outputs,
                FileIdentity.of(cache.resolve("outputs")),
                // Checked while the server waits for the next edit; still trusted only if the
                // trees and the record are as the check found them (Standby.Ahead#ifCurrent).
                Standby.Ahead.start(project.out(), cache));
        changed = new HashSet<>();
    }

    /** A kept build taken by the build starting now, with the files changed since (null: unknown). */
    static final class Taken {
        private final Kept kept;
        private final Set<Path> changed;

        private Taken(Kept kept, Set<Path> changed) {
            this.kept = kept;
            this.changed = changed;
        }

        /** The last build's state and outputs, if their files are as it left them and the site is there. */
        Optional<LastBuild> lastBuild(Project project, SiteBuild.Options options) {
            if (options.clean() || !project.cacheDir().equals(kept.project.cacheDir())) return Optional.empty();
            if (!Files.exists(project.out(), LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
            Path cache = project.cacheDir();
            if (!FileIdentity.of(cache.resolve("state")).equals(kept.stateFile)
                    || !FileIdentity.of(cache.resolve("outputs")).equals(kept.outputsFile)) return Optional.empty();
            return Optional.of(LastBuild.of(cache.resolve("state"), kept.state, kept.outputs));
        }

        /** The check of the standby tree made since the last build, for a build of the same output folder. */
        Optional<Standby.Ahead> standbyCheck(Project project) {
            return project.out().equals(kept.project.out())
                            && project.cacheDir().equals(kept.project.cacheDir())
                    ? Optional.of(kept.standbyCheck)
                    : Optional.empty();
        }

        /** The sources the last build read, or read from the cache file if it changed since. */
        SourceCache sources(Project project, SiteBuild.Options options, Consumer<String> log) {
            if (options.clean()) return project.sourceCache(true, log);
            return SourceCache.resume(
                    kept.sources, project.cacheDir().resolve("sources"), project.sourceContext(), log);
        }

        /**
         * The start of a build after body edits only, without a scan or a load (see the class
         * comment); empty when this build must scan and load.
         */
        Optional<Start> bodyEdits(SiteBuild.Options options, Consumer<String> log) {
            if (changed == null || changed.isEmpty() || options.clean()) return Optional.empty();
            if (!options.equals(withNow(kept.options, options))) return usual(log, "other options");
            Project was = kept.project;
            if (was.config().gitDates()) return usual(log, "git dates"); // a commit changes dates without an event
            if (!kept.state.sameSettings(Version.current(), was.optionsKey(), options.now()))
                return usual(
                        log,
                        "the clock left the last build's span"); // a scheduled article is due, or one leaves the news
            // sitemap
            // The output folder is judged again, as every build judges it: it may have been replaced by a link.
            try {
                if (!OutputFolder.check(was.root(), options.out(), true, options.force(), new Diagnostics())
                        .equals(was.out())) return usual(log, "the output folder moved");
            } catch (BuildFailedException e) {
                return usual(log, "the output folder is refused"); // the usual start reports it
            }
            Path articles = was.root().resolve("content").resolve("articles");
            Map<Path, SourceTree.Stamp> stamps = new HashMap<>();
            for (Path file : changed) {
                if (!file.startsWith(articles) || !file.getFileName().toString().endsWith(".md"))
                    return usual(log, "not an article file: " + file);
                Path relative = was.root().relativize(file);
                Optional<SourceTree.Stamp> before =
                        Optional.ofNullable(was.tree().stamps().get(relative));
                if (before.isEmpty()) return usual(log, "a new file: " + relative); // the lists change
                BasicFileAttributes now;
                try {
                    now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    return usual(log, "gone or unreadable: " + relative); // the scan reports it
                }
                if (!now.isRegularFile()) return usual(log, "not a regular file: " + relative);
                SourceTree.Stamp stamp =
                        new SourceTree.Stamp(now.size(), now.lastModifiedTime().to(TimeUnit.NANOSECONDS));
                if (!stamp.equals(before.get())) stamps.put(relative, stamp);
            }
            if (stamps.isEmpty()) return usual(log, "no file changed"); // the usual check of a build with nothing to do
            Optional<SourceTree> tree = was.tree().restamped(stamps);
            if (tree.isEmpty()) return usual(log, "the sources hold a symbolic link");
            Project project = was.withTree(tree.get());
            Optional<LastBuild> last = lastBuild(project, options);
            if (last.isEmpty()
                    || !FileIdentity.of(project.cacheDir().resolve("sources")).equals(kept.sourcesFile))
                return usual(log, "the state folder was written by another build");
            SourceCache sources = sources(project, options, log);
            List<Path> files = new ArrayList<>(stamps.keySet());
            files.sort(null);
            Optional<Archive> archive = ArchiveLoader.reread(
                    kept.archive,
                    project.tree(),
                    files,
                    project.config(),
                    project.markdown(),
                    sources,
                    GitDates.NONE,
                    file -> sources.onlyBodyChanged(file, ArticleFields::onlyOwnPageDiffers));
            if (archive.isEmpty()) return usual(log, "not only article bodies changed");
            sources.reuseUnread();
            return Optional.of(new Start(project, last.get(), sources, archive.get(), files.size()));
        }

        /** Empty, with why in the build's log: the build scans and loads. */
        private static Optional<Start> usual(Consumer<String> log, String why) {
            log.accept("scan and load: " + why);
            return Optional.empty();
        }

        private static SiteBuild.Options withNow(SiteBuild.Options o, SiteBuild.Options now) {
            return new SiteBuild.Options(
                    o.root(),
                    o.out(),
                    o.baseUrl(),
                    now.now(),
                    o.drafts(),
                    o.future(),
                    o.strict(),
                    o.threads(),
                    o.clean(),
                    o.standby(),
                    o.force());
        }
    }

    /** A build's start without a scan or a load: the project, the last build, the sources and the archive. */
    record Start(Project project, LastBuild last, SourceCache sources, Archive archive, int edited) {}
}
