package galley.site;

import galley.config.SiteConfig;
import galley.config.SiteConfigLoader;
import galley.content.ArchiveLoader;
import galley.content.ContentScanner;
import galley.content.LoadOptions;
import galley.content.SourceCache;
import galley.content.SourceTree;
import galley.cache.BuildCache;
import galley.cache.BuildState;
import galley.cache.Fingerprint;
import galley.diag.BuildFailedException;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import galley.markdown.MarkdownRenderer;
import galley.model.Archive;
import galley.render.TemplateRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
     *     (see {@link OutputWriter}); false (the default) leaves it to the first later build that
     *     commits several files, so that workspaces thrown away after one build never pay for it
     */
    public record Options(Path root, Path out, Optional<URI> baseUrl, Instant now, boolean drafts, boolean future,
                          boolean strict, int threads, boolean clean, boolean standby) {
        public Options {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(now, "now");
            if (threads < 1) throw new IllegalArgumentException("threads >= 1");
        }
    }

    /** What a successful build did. */
    public record Result(int articles, int pages, int files, List<String> changed, List<String> removed) {
        public Result {
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
        }
    }

    private SiteBuild() {}

    /** Builds the site, or throws {@link BuildFailedException} with every problem found. */
    public static Result run(Options options, Diagnostics diagnostics, Consumer<String> log) {
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        try {
            return pool.submit(() -> build(options, diagnostics, log)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("build interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static Result build(Options options, Diagnostics diagnostics, Consumer<String> log) {
        Path root = options.root().toAbsolutePath().normalize();
        Path out = options.out().toAbsolutePath().normalize();
        checkOutputFolder(root, out, diagnostics);
        Timer timer = new Timer(log);

        SiteConfig config = SiteConfigLoader.load(root, diagnostics).orElse(null);
        SourceTree tree = ContentScanner.scan(root, diagnostics);
        // Without settings nothing can be read; other scan problems (a refused symlink) are
        // reported together with everything the loader finds.
        if (config == null) diagnostics.failIfErrors();
        if (options.baseUrl().isPresent()) config = config.withBaseUrl(options.baseUrl().get());
        MarkdownRenderer markdown = new MarkdownRenderer(config.rawHtml());
        timer.step("scan", tree.articles().size() + " article files");

        Path cacheDir = cacheFolder(out);
        String optionsKey = Fingerprint.of(Version.current(), config.toString(), String.valueOf(options.drafts()),
                String.valueOf(options.future()), String.valueOf(options.strict()));
        InputStamp.Keys inputKeys = InputStamp.keys(root, tree);
        String inputsKey = inputKeys.inputs();
        String frameKey = inputKeys.frame();
        String themeKey = inputKeys.theme();
        String mediaKey = inputKeys.media();
        // With no output folder (deleted, or a CI job that restored .galley/ but not site/) the last
        // build's state and outputs describe files that are not there: the build is a first build
        // (the sources' cache, which describes inputs, still holds).
        boolean noOutputs = options.clean() || !java.nio.file.Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Optional<BuildState> lastState = noOutputs ? Optional.empty() : BuildState.load(cacheDir.resolve("state"));
        // Read while the sources are: every path but a first build needs the last build's outputs.
        Path cacheFile = cacheDir.resolve("outputs");
        ForkJoinTask<BuildCache> lastOutputs = ForkJoinTask.adapt(() -> noOutputs ? BuildCache.empty()
                : BuildCache.load(cacheFile, Version.current())).fork();
        if (!options.clean() && !diagnostics.hasErrors()) {
            Optional<Result> skipped = skipIfUnchanged(lastState, lastOutputs, out, optionsKey, inputsKey, options.now(), diagnostics);
            if (skipped.isPresent()) {
                timer.step("check", "nothing changed since the last build; nothing written");
                return skipped.get();
            }
        }
        try {
            BuildState.forget(cacheDir.resolve("state")); // until this build succeeds, it must not be skipped
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The templates are parsed on another core while the sources load (a tenth of a second off a
        // new article's build, whose few pages would otherwise wait for it).
        TemplateRenderer templates = new TemplateRenderer(root.resolve("templates"), Locale.forLanguageTag(config.language()),
                config.timezone());
        ForkJoinTask.adapt(() -> templates.preload(PagePlan.TEMPLATES)).fork();
        String sourceContext = Version.current() + "\n" + config;
        SourceCache sources = options.clean() ? SourceCache.empty(sourceContext)
                : SourceCache.load(cacheDir.resolve("sources"), sourceContext);
        Archive archive = ArchiveLoader.load(tree, config, new LoadOptions(options.now(), options.drafts(), options.future()),
                markdown, sources, diagnostics);
        diagnostics.failIfErrors(options.strict());
        timer.step("load", archive.articles().size() + " articles published, " + archive.authors().size() + " authors");

        // Asked before the cache is sealed; both quick paths below start from it.
        Optional<SourceCache.ArticleChanges> articleChanges = lastState.flatMap(s -> sources.articleChanges(tree));
        if (lastState.isPresent() && lastState.get().sameSettings(Version.current(), optionsKey, options.now())
                && lastState.get().frame().equals(frameKey)) {
            Optional<List<Path>> edited = articleChanges
                    .filter(c -> c.added().isEmpty() && !c.changed().isEmpty() && c.changed().stream().allMatch(sources::onlyBodyChanged))
                    .map(SourceCache.ArticleChanges::changed);
            if (edited.isPresent()) {
                Result quick = bodyEdits(out, cacheDir, lastOutputs.join(), templates, config, archive, tree, markdown, sources, edited.get(), lastState.get(),
                        new BuildState(Version.current(), optionsKey, inputsKey, frameKey, themeKey, mediaKey, options.now(), validUntil(archive, options.now()),
                                archive.articles().size(), lastState.get().pages(), lastState.get().files(), List.of()),
                        options.strict(), diagnostics);
                timer.step("quick", "only article bodies changed: " + quick.changed().size() + " files rewritten");
                return quick;
            }
        }

        // Only new articles (the commonest change after an edit), or scheduled ones whose time came:
        // they may take the quick path for additions once the plan is made (see NewestArticles).
        // The clock may have moved on (it changes only what is published and the news sitemap,
        // which that path accounts for), not back.
        Optional<List<Path>> added = articleChanges
                .filter(c -> c.changed().isEmpty() && lastState.get().sameOptionsLater(Version.current(), optionsKey, options.now())
                        && lastState.get().theme().equals(themeKey))
                .map(SourceCache.ArticleChanges::added);
        Set<Path> addedFiles = added.map(Set::copyOf).orElse(Set.of());
        if (added.isPresent() && !diagnostics.sorted().stream().allMatch(d -> addedFiles.contains(d.at().file())
                || lastState.get().warnings().contains(WarningCodec.encode(d)))) {
            // A warning about an older file that the last build did not give: the new article changed
            // how older ones read (a tag spelled its way now shows so everywhere).
            added = Optional.empty();
        }

        // The parses are encoded for the cache now and let go: a million-article archive must not
        // hold every parse twice while it renders. The file is written when the build succeeds.
        // Encoding runs on another core while the site is planned (planning does not read the cache).
        ForkJoinTask<?> sealed = ForkJoinTask.adapt(() -> {
            try {
                sources.seal();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, null).fork();

        java.util.Set<String> copied = new java.util.HashSet<>(Assets.staticPaths(root));
        for (String m : tree.media()) {
            if (!copied.add(m.substring(1))) {
                diagnostics.error(SourcePosition.of(Path.of("content").resolve(m.substring(1))),
                        "media file collides with the theme's static file " + m.substring(1) + "; rename one of them");
            }
        }
        SitePlanner.SitePlan plan = SitePlanner.plan(archive, config, options.now(), copied, diagnostics);
        sealed.join();
        diagnostics.failIfErrors(options.strict());
        timer.step("plan", plan.pages().size() + " pages, " + plan.files().size() + " feeds and other files");

        PageViews views = new PageViews(config, archive, tree, markdown, diagnostics, Version.current());
        views.prepareShared();
        BuildCache previous = lastOutputs.join();
        boolean mediaChanged = lastState.map(s -> !s.media().equals(mediaKey)).orElse(true);
        Optional<NewestArticles> newest = added.isEmpty() || previous.isEmpty()
                || mediaChanged && !mediaOnlyAdded(lastState.get(), previous, tree)
                ? Optional.empty() : NewestArticles.of(archive, views, previous, lastState.get().articles());
        BuildCache.Next next = new BuildCache.Next(previous);
        try (OutputWriter writer = previous.isEmpty() ? OutputWriter.full(out, cacheDir, options.standby()) : OutputWriter.inPlace(out, cacheDir)) {
            PageKeys keys = new PageKeys(views);
            Renderer renderer = new Renderer(templates, views, keys, writer, previous, next, mediaChanged, diagnostics);
            SitePlanner.SitePlan candidates = newest.map(n -> n.candidates(plan, views, previous::has))
                    .orElse(plan);
            int rendered = renderer.renderAll(candidates);
            if (newest.isPresent()) {
                renderer.keepOthers(plan, candidates, Boolean.getBoolean(NewestArticles.VERIFY));
                timer.step("render", rendered + " of " + candidates.size() + " outputs that new articles can change rendered (of "
                        + plan.size() + ")");
            } else {
                timer.step("render", rendered + " of " + plan.size() + " outputs rendered (" + (writer.isInPlace() ? "incremental" : "full") + ")");
            }
            int assets = Assets.copy(root, tree, writer, previous, next, newest.isPresent());
            diagnostics.failIfErrors(options.strict());
            timer.step("copy", assets + " static and media files");
            writer.commit(next.gone());
            // Both caches after the commit (they describe the new site), each on its own core.
            ForkJoinTask<?> sourcesSaved = ForkJoinTask.adapt(() -> {
                try {
                    sources.save(cacheDir.resolve("sources"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, null).fork();
            BuildCache.save(cacheFile, Version.current(), next);
            sourcesSaved.join();
            new BuildState(Version.current(), optionsKey, inputsKey, frameKey, themeKey, mediaKey, options.now(), validUntil(archive, options.now()),
                    archive.articles().size(), plan.pages().size(), plan.size() + assets,
                    diagnostics.sorted().stream().map(WarningCodec::encode).toList()).save(cacheDir.resolve("state"));
            List<String> changed = writer.changedPaths();
            List<String> removed = writer.removedPaths();
            timer.step("write", changed.size() + " files changed, " + removed.size() + " removed");
            return new Result(archive.articles().size(), plan.pages().size(), plan.size() + assets, changed, removed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The result of the last build, if nothing it was made from changed: same version and options,
     * same source and theme files (paths, sizes, modification times), a build time within the span
     * that gives the same site, and every output file still as that build wrote it.
     */
    private static Optional<Result> skipIfUnchanged(Optional<BuildState> state, ForkJoinTask<BuildCache> lastOutputs, Path out, String optionsKey,
                                                    String inputsKey, Instant now, Diagnostics diagnostics) {
        if (state.isEmpty() || !state.get().covers(Version.current(), optionsKey, inputsKey, now)) return Optional.empty();
        if (!java.nio.file.Files.isDirectory(out)) return Optional.empty();
        BuildCache outputs = lastOutputs.join();
        if (outputs.isEmpty()) return Optional.empty();
        boolean intact = outputs.outputs().parallelStream().allMatch(path -> {
            try {
                return OutputWriter.stamp(out.resolve(path)).equals(outputs.find(path).orElseThrow().stamp());
            } catch (java.io.IOException e) {
                return false;
            }
        });
        if (!intact) return Optional.empty();
        replayWarnings(state.get().warnings(), diagnostics);
        BuildState s = state.get();
        return Optional.of(new Result(s.articles(), s.pages(), s.files(), List.of(), List.of()));
    }

    /**
     * The quick path for the commonest change, a correction in the text of published articles:
     * when only article files changed, each only below what teasers show (see
     * {@link galley.content.SourceCache#onlyBodyChanged}), and settings, theme, other sources and
     * the clock window are as the last build left them, then exactly the outputs whose key holds
     * the article's content hash can differ: its page and the full-content feeds that list it.
     * Those are rendered and committed in place; every other output is the last build's, and is
     * not checked again (a changed template, file or setting, or {@code --clean}, takes the full
     * path). The build cache and state are updated as a full incremental build would leave them.
     */
    private static Result bodyEdits(Path out, Path cacheDir, BuildCache previous, TemplateRenderer templates, SiteConfig config,
                                    Archive archive, SourceTree tree, MarkdownRenderer markdown, SourceCache sources, List<Path> edited,
                                    BuildState last, BuildState next, boolean strict, Diagnostics diagnostics) {
        Path cacheFile = cacheDir.resolve("outputs");
        PageViews views = new PageViews(config, archive, tree, markdown, diagnostics, Version.current());
        Set<Path> editedFiles = Set.copyOf(edited);
        List<PagePlan> pages = new java.util.ArrayList<>();
        Set<String> editedPaths = new java.util.HashSet<>();
        for (galley.model.Article a : archive.articles()) {
            if (editedFiles.contains(a.source())) {
                pages.add(new PagePlan.ArticlePage(a));
                editedPaths.add(a.path());
            }
        }
        List<DataFile> feeds = new java.util.ArrayList<>();
        SitePlanner.feeds(archive, config, feeds);
        feeds.removeIf(f -> !(f instanceof DataFile.Feed feed && feed.fullContent()
                && feed.entries().stream().anyMatch(a -> editedPaths.contains(a.path()))));
        BuildCache.Next all = BuildCache.Next.keepingAll(previous);
        try (OutputWriter writer = OutputWriter.inPlace(out, cacheDir)) {
            Renderer renderer = new Renderer(templates, views, new PageKeys(views), writer, previous, all, false, diagnostics);
            renderer.renderAll(new SitePlanner.SitePlan(pages, feeds));
            diagnostics.failIfErrors(strict);
            writer.commit(List.of());
            BuildCache.save(cacheFile, Version.current(), all);
            sources.save(cacheDir.resolve("sources"));
            // The re-rendered outputs' warnings are what rendering gave now; the others' still hold
            // (the edited files themselves gave none when read).
            Set<String> warnings = new java.util.TreeSet<>(last.warnings());
            for (String path : all.madePaths()) {
                previous.find(path).ifPresent(e -> e.warnings().forEach(warnings::remove));
                warnings.addAll(all.entries().get(path).warnings());
            }
            List<String> stillTrue = List.copyOf(warnings);
            next.withWarnings(stillTrue).save(cacheDir.resolve("state"));
            replayWarnings(stillTrue, diagnostics);
            return new Result(next.articles(), next.pages(), next.files(), writer.changedPaths(), writer.removedPaths());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the media files changed only by being added or rewritten, where that cannot change
     * any warning of an output kept unexamined: no media file the last build copied is gone, and
     * the last build warned of no missing media file (one that now exists would make it stale).
     */
    private static boolean mediaOnlyAdded(BuildState last, BuildCache previous, SourceTree tree) {
        if (last.warnings().stream().anyMatch(w -> w.contains(MISSING_MEDIA))) return false;
        return previous.entries().entrySet().stream()
                .filter(e -> e.getValue().key().startsWith("media:"))
                .allMatch(e -> tree.media().contains("/" + e.getKey())); // a hash lookup (see SourceTree)
    }

    /** The start of the warning for a link or image to a media file that is not there. */
    private static final String MISSING_MEDIA = "missing media file";

    /** Reports again the saved warnings of outputs and sources that were not read or rendered this time. */
    private static void replayWarnings(List<String> encoded, Diagnostics diagnostics) {
        Set<String> reported = new java.util.HashSet<>();
        diagnostics.sorted().forEach(d -> reported.add(d.toString()));
        for (String w : encoded) {
            WarningCodec.decode(w).filter(d -> !reported.contains(d.toString())).ifPresent(diagnostics::add);
        }
    }

    /**
     * Until when the same inputs give the same site: the next scheduled article's time, or the
     * moment an article leaves the news sitemap's two-day window, whichever comes first.
     */
    private static Instant validUntil(Archive archive, Instant now) {
        Instant until = archive.nextScheduled().orElse(Instant.MAX);
        Instant windowStart = now.minus(java.time.Duration.ofDays(2));
        for (galley.model.Article a : archive.articles()) {
            if (!a.date().isAfter(windowStart)) break; // newest first: the rest are older
            Instant leaves = a.date().plus(java.time.Duration.ofDays(2));
            if (leaves.isBefore(until)) until = leaves;
        }
        return until;
    }

    /** The build cache beside the output folder: {@code site/} has {@code .galley/site/}. */
    static Path cacheFolder(Path out) {
        return out.getParent().resolve(".galley").resolve(out.getFileName().toString());
    }

    /**
     * Renders the outputs whose inputs changed and reuses the others. An output's key is the
     * fingerprint of everything it is made from (see {@link PageViews}); when it equals the key
     * the last build recorded and the file is still there, the file is kept and its recorded
     * warnings are reported again.
     */
    private record Renderer(TemplateRenderer templates, PageViews views, PageKeys keys, OutputWriter writer,
                            BuildCache previous, BuildCache.Next next, boolean mediaChanged, Diagnostics diagnostics) {

        /**
         * Keeps every output of {@code plan} outside {@code rendered} as the last build made it,
         * unexamined (the quick path for additions). With {@code verify} (tests), first checks that
         * each one's key is the last build's: a wrong guess of what new articles change fails loudly.
         */
        void keepOthers(SitePlanner.SitePlan plan, SitePlanner.SitePlan rendered, boolean verify) {
            Set<String> done = new java.util.HashSet<>(rendered.size() * 2);
            rendered.pages().forEach(p -> done.add(p.outputPath()));
            rendered.files().forEach(f -> done.add(f.outputPath()));
            List<String> others = new java.util.ArrayList<>(plan.size() - rendered.size());
            for (PagePlan p : plan.pages()) {
                if (done.contains(p.outputPath())) continue;
                others.add(p.outputPath());
                if (verify) expectKey(p.outputPath(), keys.of(p, templates.fingerprint(p.template())));
            }
            for (DataFile f : plan.files()) {
                if (done.contains(f.outputPath())) continue;
                others.add(f.outputPath());
                if (verify) expectKey(f.outputPath(), keys.of(f));
            }
            OutputWriter.eachInParallel(others, path -> {
                BuildCache.Entry old = next.keep(path);
                writer.keep(path);
                old.warnings().forEach(w -> WarningCodec.decode(w).ifPresent(diagnostics::add));
            });
        }

        private void expectKey(String path, String key) {
            if (!previous.find(path).map(BuildCache.Entry::key).orElse("").equals(key)) {
                throw new IllegalStateException("the quick path for new articles left out " + path + ", whose inputs changed");
            }
        }

        int renderAll(SitePlanner.SitePlan plan) {
            Set<String> reported = ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicInteger rendered = new java.util.concurrent.atomic.AtomicInteger();
            OutputWriter.eachInParallel(plan.pages(), page -> {
                try {
                    if (renderPage(page)) rendered.incrementAndGet();
                } catch (TemplateRenderer.TemplateProblem e) {
                    // One broken template line fails every page using it: report it once.
                    if (reported.add(e.diagnostic().toString())) diagnostics.add(e.diagnostic());
                }
            });
            OutputWriter.eachInParallel(plan.files(), file -> {
                if (renderFile(file)) rendered.incrementAndGet();
            });
            return rendered.get();
        }

        /** Renders one data file unless it can be reused; true if rendered. */
        private boolean renderFile(DataFile file) {
            String key = keys.of(file);
            if (reuse(file.outputPath(), key)) return false;
            String stamp = writer.write(file.outputPath(), file.render(views));
            next.made(file.outputPath(), new BuildCache.Entry(key, stamp, List.of()));
            return true;
        }

        /** Renders one page unless it can be reused; true if rendered. */
        private boolean renderPage(PagePlan page) {
            String path = page.outputPath();
            String key = keys.of(page, templates.fingerprint(page.template()));
            if (reuse(path, key)) return false;
            Diagnostics sink = new Diagnostics();
            Map<String, Object> model = views.model(page, sink);
            String stamp = templates.render(page.template(), model, (bytes, length) -> writer.write(path, bytes, length));
            List<Diagnostic> problems = sink.sorted();
            problems.forEach(diagnostics::add);
            next.made(path, new BuildCache.Entry(key, stamp, problems.stream().map(WarningCodec::encode).toList()));
            return true;
        }

        private boolean reuse(String path, String key) {
            Optional<BuildCache.Entry> old = previous.find(path);
            if (old.isEmpty() || !old.get().key().equals(key) || !writer.canKeep(path, old.get().stamp())) return false;
            // A page that warned of a missing image is made again when media files came or went:
            // the image may be there now (the warning is not part of the key).
            if (mediaChanged && old.get().warnings().stream().anyMatch(w -> w.contains(MISSING_MEDIA))) return false;
            writer.keep(path);
            old.get().warnings().forEach(w -> WarningCodec.decode(w).ifPresent(diagnostics::add));
            next.keep(path);
            return true;
        }
    }

    /**
     * Refuses output folders that would replace the project or the user's files: the project root,
     * a folder above it, content/ or templates/ (or anything inside them), the home folder.
     */
    static void checkOutputFolder(Path root, Path out, Diagnostics diagnostics) {
        Path home = Path.of(System.getProperty("user.home", "/")).toAbsolutePath().normalize();
        boolean dangerous = out.getParent() == null || root.startsWith(out) || out.equals(home)
                || out.startsWith(root.resolve("content")) || out.startsWith(root.resolve("templates"));
        if (dangerous) {
            diagnostics.error(SourcePosition.of(Path.of("--out")), "refusing to write the site to " + out
                    + ": it would replace the project, its content or templates; choose a folder such as " + root.resolve("site"));
            diagnostics.failIfErrors();
        }
    }

    /** Logs one timed line per step (Zola's log_time). */
    private static final class Timer {
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
