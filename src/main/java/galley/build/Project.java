package galley.build;

import galley.cache.BuildState;
import galley.cache.Fingerprint;
import galley.cache.SourceCache;
import galley.config.SiteConfig;
import galley.config.SiteConfigLoader;
import galley.content.ArchiveLoader;
import galley.content.ContentScanner;
import galley.content.GitDates;
import galley.content.LoadOptions;
import galley.content.SourceLinks;
import galley.content.SourceTree;
import galley.content.ThemeFiles;
import galley.diag.Diagnostics;
import galley.diag.Progress;
import galley.incremental.InputStamp;
import galley.markdown.MarkdownRenderer;
import galley.markdown.UrlSafety;
import galley.model.Archive;
import galley.model.Article;
import galley.model.Scheduled;
import galley.model.Slug;
import galley.output.Assets;
import galley.plan.PagePlan;
import galley.render.TemplateRenderer;
import galley.views.PageViews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Consumer;

/**
 * What a build starts from, before any article is read: where the project and its output are,
 * the settings, the scanned source tree and the fingerprints of its inputs.
 *
 * @param optionsKey the fingerprint of the version, the settings and the options that change the site
 */
record Project(
        Path root,
        Path out,
        Path cacheDir,
        SiteConfig config,
        SourceTree tree,
        ThemeFiles theme,
        MarkdownRenderer markdown,
        String optionsKey,
        InputStamp.Keys inputs,
        GitDates gitDates) {

    /**
     * Reads the settings and scans the sources; fails with every problem found if there are no
     * usable settings, or if the output folder is refused ({@link OutputFolder#check}; a {@code build}
     * also refuses a folder Galley did not make). The output folder is its real path from here on.
     */
    static Project open(SiteBuild.Options options, boolean build, Diagnostics diagnostics, Consumer<String> log) {
        Path root = options.root().toAbsolutePath().normalize();
        Path out = OutputFolder.check(root, options.out(), build, options.force(), diagnostics);
        SourceTree tree = ContentScanner.scan(root, diagnostics);
        ThemeFiles theme = ThemeFiles.scan(root, diagnostics);
        // The settings are read only if the scan would follow them (a content/ or site.yaml linked
        // outside the project is reported by the scan, or here, and never opened: a YAML error
        // would quote the file it leads to).
        SourceLinks links = SourceLinks.of(root);
        Path settings = root.resolve("content").resolve("site.yaml");
        boolean readable = !Files.isSymbolicLink(root.resolve("content"))
                || links.follow(root.resolve("content"), null) instanceof SourceLinks.Folder;
        readable = readable && links.allows(settings, Path.of("content", "site.yaml"), diagnostics);
        SiteConfig config = readable ? SiteConfigLoader.load(root, diagnostics).orElse(null) : null;
        // Without settings nothing can be read; other scan problems (a refused symlink) are
        // reported together with everything the loader finds.
        if (config == null) diagnostics.failIfErrors();
        if (options.baseUrl().isPresent())
            config = config.withBaseUrl(options.baseUrl().get());
        if (!options.images()) config = config.withImages(config.images().withoutDerivatives());
        String optionsKey = Fingerprint.of(
                Version.current(),
                RULES,
                config.toString(),
                String.valueOf(options.drafts()),
                String.valueOf(options.future()),
                String.valueOf(options.strict()));
        Path cacheDir = SiteBuild.cacheFolder(out);
        GitDates gitDates = config.gitDates()
                ? GitDates.read(
                        root,
                        cacheDir,
                        SiteConfigLoader.positionOf(root, "git_dates"),
                        !options.clean(),
                        build,
                        diagnostics,
                        log)
                : GitDates.NONE;
        // From here on an article's stamp holds its git dates (see GitDates#fold).
        tree = gitDates.fold(tree);
        return new Project(
                root,
                out,
                cacheDir,
                config,
                tree,
                theme,
                new MarkdownRenderer(config.rawHtml()),
                optionsKey,
                InputStamp.keys(tree, theme),
                gitDates);
    }

    /**
     * The rules whose change gives another site from the same sources: with them in the options'
     * key and the source cache's context, a development build ("dev" version) after a rule
     * changed neither skips the build nor reuses readings made under the old rule.
     */
    static final String RULES = "slug " + Slug.RULE + ", urls " + UrlSafety.RULE;

    /** The theme's templates, parsed on another core from now on (a new article's few pages would otherwise wait for them). */
    TemplateRenderer templates() {
        TemplateRenderer templates =
                new TemplateRenderer(theme, Locale.forLanguageTag(config.language()), config.timezone());
        ForkJoinTask.adapt(() -> templates.preload(PagePlan.TEMPLATES)).fork();
        return templates;
    }

    /** The parsed sources of the last build ({@code clean}: none); a damaged one is dropped with a line in {@code log}. */
    SourceCache sourceCache(boolean clean, Consumer<String> log) {
        String context = sourceContext();
        return clean ? SourceCache.empty(context) : SourceCache.load(cacheDir.resolve("sources"), context, log);
    }

    /** What the source cache's readings depend on besides the files: Galley's version, its rules and the settings. */
    String sourceContext() {
        return Version.current() + "\n" + RULES + "\n" + config;
    }

    /** This project with the tree {@code restamped} from its own (see {@link SourceTree#restamped}). */
    Project withTree(SourceTree restamped) {
        return new Project(
                root,
                out,
                cacheDir,
                config,
                restamped,
                theme,
                markdown,
                optionsKey,
                InputStamp.keys(restamped, theme),
                gitDates);
    }

    /**
     * Reads and validates every source (stage 1): the archive, or every problem found at once. The
     * articles left out (drafts, future) go to {@code leftOut}; the articles read are counted in
     * {@code progress}.
     */
    Archive load(
            SourceCache sources,
            SiteBuild.Options options,
            Diagnostics diagnostics,
            Consumer<Article> leftOut,
            Progress progress) {
        progress.begin("load", tree.articles().size());
        Archive archive = ArchiveLoader.load(
                tree,
                config,
                new LoadOptions(options.now(), options.drafts(), options.future()),
                markdown,
                sources,
                gitDates,
                diagnostics,
                leftOut,
                progress);
        diagnostics.failIfErrors(options.strict());
        return archive;
    }

    /** The views of {@code archive}: what templates receive. */
    PageViews views(Archive archive, Diagnostics diagnostics, Assets.Fingerprinted assets) {
        return new PageViews(config, archive, tree, markdown, diagnostics, Version.current(), assets.paths());
    }

    /** The state this build leaves, for the next one to compare with. */
    BuildState state(String globalKey, Archive archive, int pages, int files, List<String> warnings, Instant now) {
        return new BuildState(
                Version.current(),
                optionsKey,
                inputs.inputs(),
                inputs.frame(),
                inputs.theme(),
                inputs.media(),
                globalKey,
                now,
                validUntil(archive, now),
                archive.articles().size(),
                pages,
                files,
                archive.nextScheduled().map(this::describe).orElse(""),
                warnings);
    }

    /** "2026-12-08T06:00:00+02:00 content/articles/…": the time in the site's zone, as authors write it. */
    private String describe(Scheduled next) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(next.date().atZone(config.timezone())) + " "
                + next.source().toString().replace('\\', '/');
    }

    /**
     * Until when the same inputs give the same site: the next scheduled article's time, or the
     * moment an article leaves the news sitemap's two-day window, whichever comes first.
     */
    private static Instant validUntil(Archive archive, Instant now) {
        Instant until = archive.nextScheduled().map(Scheduled::date).orElse(Instant.MAX);
        Instant windowStart = now.minus(Duration.ofDays(2));
        for (Article a : archive.articles()) {
            if (!a.date().isAfter(windowStart)) break; // newest first: the rest are older
            Instant leaves = a.date().plus(Duration.ofDays(2));
            if (leaves.isBefore(until)) until = leaves;
        }
        return until;
    }
}
