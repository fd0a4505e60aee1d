package galley.build;

import galley.cache.BuildCache;
import galley.cache.BuildState;
import galley.cache.SourceCache;
import galley.config.SiteConfigLoader;
import galley.diag.BuildFailedException;
import galley.diag.Diagnostics;
import galley.diag.Progress;
import galley.diag.SourcePosition;
import galley.incremental.Strategy;
import galley.incremental.WarningCodec;
import galley.media.ImageProcessor;
import galley.media.ResponsiveImage;
import galley.model.Archive;
import galley.output.Assets;
import galley.output.OutputWriter;
import galley.output.ResizedImages;
import galley.output.Standby;
import galley.plan.SitePlanner;
import galley.plan.SitePlanner.SitePlan;
import galley.render.TemplateRenderer;
import galley.views.PageViews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Consumer;

/**
 * The build, as named steps: settings, scan, load and validate, plan, render and write, commit.
 * Each step takes values and returns a new one; only {@link OutputWriter} touches the output.
 */
public final class SiteBuild {

    /**
     * What to build.
     *
     * @param baseUrl overrides site.yaml's base_url when present
     * @param threads worker threads for loading and rendering (output is identical for any count)
     * @param clean ignore the build cache: render every page (the output is the same either way)
     * @param standby make the standby tree as a build into an empty output folder writes the site
     *     (see {@link OutputWriter}); false for workspaces that are thrown away after one build
     * @param force replace a non-empty output folder that Galley did not make (see {@link OutputFolder})
     */
    public record Options(
            Path root,
            Path out,
            Optional<URI> baseUrl,
            Instant now,
            boolean drafts,
            boolean future,
            boolean strict,
            int threads,
            boolean clean,
            boolean standby,
            boolean force,
            boolean images) {
        /** Options that resize images as site.yaml says. */
        public Options(
                Path root,
                Path out,
                Optional<URI> baseUrl,
                Instant now,
                boolean drafts,
                boolean future,
                boolean strict,
                int threads,
                boolean clean,
                boolean standby,
                boolean force) {
            this(root, out, baseUrl, now, drafts, future, strict, threads, clean, standby, force, true);
        }

        public Options {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(now, "now");
            if (threads < 1) throw new IllegalArgumentException("threads >= 1");
        }

        /** These options with another build clock. */
        public Options withNow(Instant at) {
            return new Options(root, out, baseUrl, at, drafts, future, strict, threads, clean, standby, force, images);
        }

        /** These options with another base URL. */
        public Options withBaseUrl(URI base) {
            return new Options(
                    root, out, Optional.of(base), now, drafts, future, strict, threads, clean, standby, force, images);
        }
    }

    /**
     * What a successful build did. {@code nextScheduled} is the earliest article left out for its
     * future date ("2026-12-08T06:00:00+02:00 content/articles/…"), or empty: a rebuild is due then.
     */
    public record Result(
            int articles, int pages, int files, List<String> changed, List<String> removed, String nextScheduled) {
        public Result {
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
        }
    }

    private SiteBuild() {}

    /** Builds the site, or throws {@link BuildFailedException} with every problem found. */
    public static Result run(Options options, Diagnostics diagnostics, Consumer<String> log) {
        return run(options, diagnostics, log, Progress.NONE);
    }

    /** {@link #run(Options, Diagnostics, Consumer)}, counting the running step's files and outputs in {@code progress}. */
    public static Result run(Options options, Diagnostics diagnostics, Consumer<String> log, Progress progress) {
        return run(options, diagnostics, log, progress, null);
    }

    /**
     * {@link #run(Options, Diagnostics, Consumer, Progress)} in a process that builds again: starts
     * from what the last build kept in {@code warm} (see {@link WarmStart}), and keeps what this one
     * leaves there when it succeeds.
     */
    public static Result run(
            Options options, Diagnostics diagnostics, Consumer<String> log, Progress progress, WarmStart warm) {
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        try {
            return inPool(pool, () -> build(options, diagnostics, log, progress, warm));
        } finally {
            pool.shutdown();
        }
    }

    /** Runs {@code work} in {@code pool} (whose threads the parallel steps use), rethrowing what it throws. */
    static <T> T inPool(ForkJoinPool pool, Callable<T> work) {
        try {
            return pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("build interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The pipeline. Each step takes values and returns one; the strategy (how much of the last
     * build is reused) is chosen once, after loading, and every later step follows it.
     */
    private static Result build(
            Options options, Diagnostics diagnostics, Consumer<String> log, Progress progress, WarmStart warm) {
        Timer timer = new Timer(log);
        Optional<WarmStart.Taken> kept = warm == null ? Optional.empty() : warm.take();
        // After body edits, a warm start has the project and the archive without a scan or a load.
        Optional<WarmStart.Start> quick = kept.flatMap(k -> k.bodyEdits(options, log));
        progress.begin("scan", 0);
        Project project =
                quick.map(WarmStart.Start::project).orElseGet(() -> Project.open(options, true, diagnostics, log));
        if (quick.isEmpty()) warmUpImageCodecs(project);
        timer.step(
                "scan",
                quick.isPresent()
                        ? quick.get().edited() + " article files changed (told by the watcher)"
                        : project.tree().articles().size() + " article files");

        LastBuild last = quick.map(WarmStart.Start::last)
                .or(() -> kept.flatMap(k -> k.lastBuild(project, options)))
                .orElseGet(() -> LastBuild.read(project, options, log));
        Optional<Result> unchanged =
                quick.isPresent() ? Optional.empty() : last.ifNothingChanged(project, options.now(), diagnostics);
        if (unchanged.isPresent()) {
            timer.step("check", "nothing changed since the last build; nothing written");
            if (warm != null) kept.ifPresent(warm::restore); // the kept build is still the last one
            return unchanged.get();
        }
        last.forget(); // until this build succeeds, it must not be skipped
        // Only a build that had a site can commit through its standby.
        Optional<Standby.Ahead> standbyCheck = last.state().isPresent()
                ? kept.flatMap(k -> k.standbyCheck(project))
                        .or(() -> Optional.of(Standby.Ahead.start(project.out(), project.cacheDir())))
                : Optional.empty();

        TemplateRenderer templates = project.templates(); // parsed on another core while the sources load
        SourceCache sources = quick.map(WarmStart.Start::sources)
                .or(() -> kept.map(k -> k.sources(project, options, log)))
                .orElseGet(() -> project.sourceCache(options.clean(), log));
        Archive archive = quick.isPresent()
                ? quick.get().archive()
                : project.load(sources, options, diagnostics, a -> {}, progress);
        if (warm != null) sources.keepParsed();
        timer.step(
                "load",
                archive.articles().size() + " articles published, "
                        + archive.authors().size() + " authors");
        progress.begin("plan", 0);

        // The theme files published under a name that holds their hash: pages name those copies.
        Assets.Fingerprinted assets = Assets.fingerprinted(project.theme());
        PageViews views = project.views(archive, diagnostics, assets);
        Strategy strategy = last.choose(project, sources, archive, views, options.now(), diagnostics);
        // The warm start's archive holds the loader's reading only where body edits are all that changed.
        if (quick.isPresent() && !(strategy instanceof Strategy.BodyEdits))
            throw new IllegalStateException("a warm start after body edits, but the " + strategy.name() + " strategy");
        ForkJoinTask<?> sealed = seal(sources); // encoded for the cache while the site is planned, and let go
        // Markdown shown on many pages (author bios, section and tag descriptions) is rendered up front, so
        // its warnings are reported whichever pages are rendered; body edits replay the last build's.
        if (!(strategy instanceof Strategy.BodyEdits)) views.prepareShared();
        SitePlan plan = plan(project, archive, strategy, options.now(), diagnostics, assets);
        views.carriedInFull(plan.files());
        sealed.join();
        diagnostics.failIfErrors(options.strict());
        timer.step("plan", plan.pages().size() + " pages, " + plan.files().size() + " feeds and other files");

        Written written = renderAndCommit(
                project,
                options,
                strategy,
                templates,
                views,
                plan,
                diagnostics,
                timer,
                log,
                standbyCheck,
                progress,
                assets);
        Saved saved = save(
                project,
                last,
                strategy,
                sources,
                written.outputs(),
                archive,
                views,
                plan.pages().size(),
                written.files(),
                options.now(),
                diagnostics);
        BuildState state = saved.state();
        if (warm != null) warm.keep(options, project, sources, archive, state, saved.outputs());
        timer.step(
                "write",
                written.changed().size() + " files changed, "
                        + written.removed().size() + " removed");
        return new Result(
                state.articles(),
                state.pages(),
                state.files(),
                written.changed(),
                written.removed(),
                state.scheduled());
    }

    /**
     * What the render and commit steps did.
     *
     * @param outputs the record of every output of the new site
     * @param files how many files the site has
     */
    private record Written(BuildCache.Next outputs, int files, List<String> changed, List<String> removed) {}

    /** Renders what the strategy says may have changed, copies static and media files, and commits the new site. */
    private static Written renderAndCommit(
            Project project,
            Options options,
            Strategy strategy,
            TemplateRenderer templates,
            PageViews views,
            SitePlan plan,
            Diagnostics diagnostics,
            Timer timer,
            Consumer<String> log,
            Optional<Standby.Ahead> standbyCheck,
            Progress progress,
            Assets.Fingerprinted fingerprinted) {
        try (OutputWriter writer = strategy instanceof Strategy.Full
                ? OutputWriter.full(project.out(), project.cacheDir(), options.standby(), log)
                : OutputWriter.inPlace(project.out(), project.cacheDir(), log, standbyCheck.orElse(null))) {
            Renderer renderer = new Renderer(templates, views, writer, strategy, diagnostics, progress);
            timer.step("render", renderer.render(plan));
            progress.begin("copy", 0);
            ResizedImages photos =
                    new ResizedImages(project.config().images(), project.cacheDir(), views::sizeOf, diagnostics);
            int assets = strategy instanceof Strategy.BodyEdits
                    ? 0
                    : Assets.copy(
                            project.theme(),
                            project.tree(),
                            writer,
                            strategy.previous(),
                            renderer.next(),
                            strategy instanceof Strategy.Additions,
                            fingerprinted,
                            project.config().basePath(),
                            photos,
                            progress);
            diagnostics.failIfErrors(options.strict());
            timer.step("copy", assets + " static and media files; " + photos.summary());
            progress.begin("write", 0);
            // Marked before the commit, not after: a build killed between the two would leave a
            // site the next build does not recognise as Galley's.
            OutputFolder.mark(project.out(), project.cacheDir());
            writer.commit(renderer.next().gone());
            return new Written(renderer.next(), plan.size() + assets, writer.changedPaths(), writer.removedPaths());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * On a first build (no record of outputs) of a project with a photo to resize (a JPEG or PNG
     * of 16 KB or more), loads the image codecs on another thread while the sources load and the
     * pages render (see {@link ImageProcessor#warmUpInBackground}).
     */
    private static void warmUpImageCodecs(Project project) {
        if (!project.config().images().derivatives()
                || Files.exists(project.cacheDir().resolve("outputs"))) return;
        for (String m : project.tree().media()) {
            if (ResponsiveImage.resizedFormat(m).isPresent()
                    && project.tree()
                            .mediaStamp(m)
                            .filter(st -> st.size() >= 16 * 1024)
                            .isPresent()) {
                ImageProcessor.warmUpInBackground();
                return;
            }
        }
    }

    /** Encodes the source cache on another core; the file is written when the build succeeds. */
    private static ForkJoinTask<?> seal(SourceCache sources) {
        // A million-article archive must not hold every parse twice while it renders.
        return ForkJoinTask.adapt(
                        () -> {
                            try {
                                sources.seal();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        null)
                .fork();
    }

    /**
     * Every output, each with what it is made from; for body edits only the edited articles' pages
     * and the full-content feeds that list them (every other output is the last build's).
     */
    static SitePlan plan(
            Project project,
            Archive archive,
            Strategy strategy,
            Instant now,
            Diagnostics diagnostics,
            Assets.Fingerprinted assets) {
        if (strategy instanceof Strategy.BodyEdits edits)
            return SitePlanner.bodyEdits(archive, project.config(), edits.edited());
        Set<String> copied = new HashSet<>(Assets.staticPaths(project.theme(), assets));
        for (String m : project.tree().media()) {
            if (!copied.add(m.substring(1))) {
                diagnostics.error(
                        SourcePosition.of(Path.of("content").resolve(m.substring(1))),
                        "media file collides with the theme's static file " + m.substring(1) + "; rename one of them");
            }
        }
        project.config()
                .images()
                .social()
                .filter(m -> !project.tree().media().contains(m))
                .ifPresent(m -> diagnostics.error(
                        SiteConfigLoader.positionOf(project.root(), "images"),
                        "images.social: there is no content" + m + "; add the image there, or remove the setting"));
        if (project.config().images().derivatives()) {
            // pier.jpg and pier.png would both write pier.672w.webp (pier.jpg and pier.jpeg, every copy).
            Map<String, String> stems = new HashMap<>();
            for (String m : new TreeSet<>(project.tree().media())) {
                if (ResponsiveImage.resizedFormat(m).isEmpty()) continue;
                String other = stems.putIfAbsent(m.substring(0, m.lastIndexOf('.')), m);
                if (other != null) {
                    diagnostics.error(
                            SourcePosition.of(Path.of("content").resolve(m.substring(1))),
                            "has the name of " + other.substring(1) + " but for its extension: their resized copies"
                                    + " would be written over each other; rename one of them");
                }
            }
            for (String m : project.tree().media()) {
                ResponsiveImage.copyOf(m, project.tree().media()::contains)
                        .ifPresent(original -> diagnostics.error(
                                SourcePosition.of(Path.of("content").resolve(m.substring(1))),
                                "named like a resized copy of " + original.substring(1)
                                        + ", which Galley writes at this path; rename this file"));
            }
        }
        return SitePlanner.plan(archive, project.config(), now, copied, diagnostics);
    }

    /** The state and the record of outputs a build saved, as their files now hold them. */
    private record Saved(BuildState state, BuildCache outputs) {}

    /**
     * Writes the caches that describe the new site (after the commit): the source cache, the
     * outputs and the state, each saved on its own core.
     */
    private static Saved save(
            Project project,
            LastBuild last,
            Strategy strategy,
            SourceCache sources,
            BuildCache.Next next,
            Archive archive,
            PageViews views,
            int pages,
            int files,
            Instant now,
            Diagnostics diagnostics) {
        ForkJoinTask<?> sourcesSaved = ForkJoinTask.adapt(
                        () -> {
                            try {
                                sources.save(project.cacheDir().resolve("sources"));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        null)
                .fork();
        BuildCache outputs;
        try {
            outputs = BuildCache.save(project.cacheDir().resolve("outputs"), Version.current(), next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sourcesSaved.join();
        BuildState state;
        if (strategy instanceof Strategy.BodyEdits) {
            // The re-rendered outputs' warnings are what rendering gave now; the others' still hold
            // (the edited files themselves gave none when read).
            BuildState before = last.state().orElseThrow();
            Set<String> warnings = new TreeSet<>(before.warnings());
            for (String path : next.madePaths()) {
                strategy.previous().find(path).ifPresent(e -> e.warnings().forEach(warnings::remove));
                warnings.addAll(next.entries().get(path).warnings());
            }
            state = project.state(
                    views.globalKey(), archive, before.pages(), before.files(), List.copyOf(warnings), now);
            replayWarnings(state.warnings(), diagnostics);
        } else {
            state = project.state(
                    views.globalKey(),
                    archive,
                    pages,
                    files,
                    diagnostics.sorted().stream().map(WarningCodec::encode).toList(),
                    now);
        }
        try {
            state.save(project.cacheDir().resolve("state"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Saved(state, outputs);
    }

    /** Reports again the saved warnings of outputs and sources that were not read or rendered this time. */
    static void replayWarnings(List<String> encoded, Diagnostics diagnostics) {
        Set<String> reported = new HashSet<>();
        diagnostics.sorted().forEach(d -> reported.add(d.toString()));
        for (String w : encoded) {
            WarningCodec.decode(w).filter(d -> !reported.contains(d.toString())).ifPresent(diagnostics::add);
        }
    }

    /** The build cache beside the output folder: {@code site/} has {@code .galley/site/}. */
    static Path cacheFolder(Path out) {
        return OutputFolder.stateFolder(out);
    }

    /** Logs one timed line per step (Zola's log_time). */
    static final class Timer {
        private final Consumer<String> log;
        private long last = System.nanoTime();

        Timer(Consumer<String> log) {
            this.log = log;
        }

        void step(String name, String detail) {
            long now = System.nanoTime();
            log.accept(String.format(Locale.ROOT, "%-7s %6d ms  %s", name, (now - last) / 1_000_000, detail));
            last = now;
        }
    }
}
