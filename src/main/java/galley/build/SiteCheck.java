package galley.build;

import galley.cache.SourceCache;
import galley.diag.Diagnostics;
import galley.diag.Progress;
import galley.diag.SourcePosition;
import galley.incremental.Strategy;
import galley.markdown.HtmlTags;
import galley.markdown.UrlPaths;
import galley.media.ImageSize;
import galley.model.Archive;
import galley.model.Article;
import galley.model.Author;
import galley.output.Assets;
import galley.output.OutputWriter;
import galley.plan.PagePlan;
import galley.plan.SitePlanner.SitePlan;
import galley.render.TemplateRenderer;
import galley.views.PageViews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code galley check}: the build's steps up to the plan, then what rendering can find without
 * making the site: every article body's Markdown (missing images), every link of the bodies, bios
 * and descriptions against the plan's outputs ({@link LinkCheck}), and each template run once on a
 * page of its kind, in memory. Nothing is written, not even the build cache (the last build's
 * source cache is read, so unchanged files are not parsed again).
 */
public final class SiteCheck {

    /** What was checked. */
    public record Result(int articles, int pages, int files) {}

    private SiteCheck() {}

    /** Checks the project, or throws {@link galley.diag.BuildFailedException} with every problem found. */
    public static Result run(SiteBuild.Options options, Diagnostics diagnostics, Consumer<String> log) {
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        try {
            return SiteBuild.inPool(pool, () -> check(options, diagnostics, log));
        } finally {
            pool.shutdown();
        }
    }

    private static Result check(SiteBuild.Options options, Diagnostics diagnostics, Consumer<String> log) {
        SiteBuild.Timer timer = new SiteBuild.Timer(log);
        Project project = Project.open(options, false, diagnostics, log);
        timer.step("scan", project.tree().articles().size() + " article files");

        TemplateRenderer templates = project.templates();
        SourceCache sources = project.sourceCache(options.clean(), log);
        List<Article> unpublished = new ArrayList<>();
        Archive archive = project.load(sources, options, diagnostics, unpublished::add, Progress.NONE);
        timer.step(
                "load",
                archive.articles().size() + " articles published, "
                        + archive.authors().size() + " authors");

        editorialWarnings(archive, diagnostics);
        smallHeroes(project, archive, diagnostics);
        Assets.Fingerprinted assets = Assets.fingerprinted(project.theme());
        SitePlan plan = SiteBuild.plan(project, archive, new Strategy.Full(), options.now(), diagnostics, assets);
        diagnostics.failIfErrors(options.strict());
        timer.step("plan", plan.pages().size() + " pages, " + plan.files().size() + " feeds and other files");

        PageViews views = project.views(archive, diagnostics, assets);
        LinkCheck links = new LinkCheck(
                project.config(),
                archive,
                project.tree(),
                plan,
                Assets.staticPaths(project.theme(), assets),
                unpublished,
                page -> pageIds(templates, views, page));
        views.checkLinks(links);
        views.prepareShared();
        OutputWriter.eachInParallel(archive.articles(), a -> views.checkBody(a, diagnostics));
        timer.step("bodies", archive.articles().size() + " article bodies read for broken links and images");
        links.report(diagnostics);
        unshownImages(project, archive, unpublished, links.mediaShown(), diagnostics);
        timer.step("links", "every link checked against the pages and files of the plan");

        int run = 0;
        for (PagePlan page : onePerTemplate(plan)) {
            try {
                templates.render(page.template(), views.model(page, new Diagnostics()), (bytes, length) -> "");
                run++;
            } catch (TemplateRenderer.TemplateProblem e) {
                diagnostics.add(e.diagnostic());
            }
        }
        diagnostics.failIfErrors(options.strict());
        timer.step("templates", run + " templates run once each, in memory");
        return new Result(archive.articles().size(), plan.pages().size(), plan.size());
    }

    /**
     * What a build accepts but an editor should see before publishing (issue #20): an author
     * without a bio (an empty author page), an article without a summary (lists and feeds fall
     * back to its first words) or without an image (no picture in lists or social cards), a hero
     * image without alt text (readers who cannot see it get nothing). Only {@code check} reports
     * them, so a build's output and warnings stay what they were; {@code --strict} makes them fail.
     */
    static void editorialWarnings(Archive archive, Diagnostics diagnostics) {
        for (Author author : archive.authors().values()) {
            if (author.bio().isBlank()) {
                diagnostics.warning(
                        SourcePosition.of(author.source(), author.bioLine()),
                        "author " + author.slug() + " has no bio: their page shows only the name; write a few lines"
                                + " after the front matter");
            }
        }
        for (Article a : archive.articles()) {
            SourcePosition top = SourcePosition.of(a.source(), 1);
            if (a.summary().isEmpty()) {
                diagnostics.warning(
                        top,
                        "no summary: lists and feeds show the body's first words; add a line such as summary: \"One"
                                + " sentence that says what happened.\"");
            }
            if (a.image().isEmpty()) {
                diagnostics.warning(top, "no image: lists and link previews show none; add image: with src and alt");
            } else if (a.image().get().alt().isBlank()) {
                diagnostics.warning(
                        top,
                        "the image " + a.image().get().src() + " has no alt text: readers who cannot see it get"
                                + " nothing; add alt: with what the picture shows");
            }
        }
    }

    /**
     * A hero narrower than the article column shows it (the widest length of {@code images.sizes}):
     * stretched, it looks soft. Only {@code check} reports it, as the other editorial warnings.
     */
    static void smallHeroes(Project project, Archive archive, Diagnostics diagnostics) {
        int shown = widestShown(project.config().images().sizes());
        if (shown == 0) return;
        for (Article a : archive.articles()) {
            if (a.image().isEmpty()) continue;
            String src = a.image().get().src();
            project.tree()
                    .mediaPathOf(src)
                    .flatMap(m -> ImageSize.read(project.tree().mediaFile(m)))
                    .filter(size -> size.width() < shown)
                    .ifPresent(size -> diagnostics.warning(
                            SourcePosition.of(a.source(), 1),
                            "the hero image " + src + " is " + size.width() + " pixels wide, and the article"
                                    + " column shows it up to " + shown + ": it looks soft, stretched; use a photo"
                                    + " at least " + 2 * shown + " pixels wide (twice the column, for high-density"
                                    + " screens)"));
        }
    }

    /** A length of a {@code sizes} value: pixels or rems (16 pixels each). */
    private static final Pattern LENGTH = Pattern.compile("(\\d+(?:\\.\\d+)?)(px|rem|em)");

    /**
     * The widest that {@code sizes} shows an image, in CSS pixels: its largest pixel or rem length
     * outside parentheses (media conditions and calc() are left out); 0 when it names none (all
     * {@code vw}).
     */
    static int widestShown(String sizes) {
        int widest = 0;
        for (String candidate : sizes.split(",")) {
            String value = candidate.replaceAll("\\([^()]*\\)", " ");
            Matcher m = LENGTH.matcher(value);
            while (m.find()) {
                double n = Double.parseDouble(m.group(1)) * (m.group(2).equals("px") ? 1 : 16);
                widest = Math.max(widest, (int) Math.round(n));
            }
        }
        return widest;
    }

    /** Image files of {@code content/media/} that are not shown anywhere. */
    private static final Pattern IMAGE = Pattern.compile("(?i).*\\.(jpe?g|png|gif|webp|avif|svg)");

    /**
     * An image of {@code content/media/} that no article, author or text shows: published, and
     * resized, for nothing (or a reference mistyped elsewhere). Other media (PDFs, audio) may be
     * linked from outside the site, so only images are reported.
     */
    static void unshownImages(
            Project project,
            Archive archive,
            List<Article> unpublished,
            Set<String> shownByTexts,
            Diagnostics diagnostics) {
        Set<String> shown = new HashSet<>(shownByTexts);
        for (Article a : archive.articles())
            a.image().flatMap(i -> project.tree().mediaPathOf(i.src())).ifPresent(shown::add);
        for (Author author : archive.authors().values())
            author.photo().flatMap(project.tree()::mediaPathOf).ifPresent(shown::add);
        List<String> unshown = new ArrayList<>();
        for (String media : new TreeSet<>(project.tree().media())) {
            if (IMAGE.matcher(media).matches() && !shown.contains(media)) unshown.add(media);
        }
        // A draft's or a scheduled article's images are shown once it is published: its hero, and
        // any image its file names (its body is not rendered by check).
        for (Article a : unpublished) {
            if (unshown.isEmpty()) break;
            a.image().flatMap(i -> project.tree().mediaPathOf(i.src())).ifPresent(unshown::remove);
            try {
                String text = Files.readString(project.root().resolve(a.source()));
                unshown.removeIf(m -> text.contains(m) || text.contains(UrlPaths.encode(m)));
            } catch (IOException | UncheckedIOException e) {
                // the load reported an unreadable file
            }
        }
        for (String media : unshown) {
            diagnostics.warning(
                    SourcePosition.of(Path.of("content").resolve(media.substring(1))),
                    "no published article, author or page shows this image; use it, or delete it (it is"
                            + " published at " + media + " all the same)");
        }
    }

    /** The ids of {@code page} as its template renders it; empty when it cannot be rendered (reported with the templates). */
    private static Optional<Set<String>> pageIds(TemplateRenderer templates, PageViews views, PagePlan page) {
        try {
            return Optional.of(HtmlTags.ids(templates.render(page.template(), views.model(page, new Diagnostics()))));
        } catch (TemplateRenderer.TemplateProblem e) {
            return Optional.empty();
        }
    }

    /** The first page of the plan that uses each template (list pages: a numbered one if any, which shows the most). */
    private static List<PagePlan> onePerTemplate(SitePlan plan) {
        Map<String, PagePlan> first = new LinkedHashMap<>();
        for (PagePlan page : plan.pages()) first.putIfAbsent(page.template(), page);
        return new ArrayList<>(first.values());
    }
}
