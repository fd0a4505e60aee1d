package galley.build;

import galley.cache.SourceCache;
import galley.diag.Diagnostics;
import galley.incremental.Strategy;
import galley.model.Archive;
import galley.output.OutputWriter;
import galley.plan.PagePlan;
import galley.plan.SitePlanner.SitePlan;
import galley.render.TemplateRenderer;
import galley.views.PageViews;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * {@code galley check}: the build's steps up to the plan, then what rendering can find without
 * making the site: every article body's Markdown (broken links, missing images) and each template
 * run once on a page of its kind, in memory. Nothing is written, not even the build cache (the
 * last build's source cache is read, so unchanged files are not parsed again).
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
        Project project = Project.open(options, false, diagnostics);
        timer.step("scan", project.tree().articles().size() + " article files");

        TemplateRenderer templates = project.templates();
        SourceCache sources = project.sourceCache(options.clean(), log);
        Archive archive = project.load(sources, options, diagnostics);
        timer.step(
                "load",
                archive.articles().size() + " articles published, "
                        + archive.authors().size() + " authors");

        SitePlan plan = SiteBuild.plan(project, archive, new Strategy.Full(), options.now(), diagnostics);
        diagnostics.failIfErrors(options.strict());
        timer.step("plan", plan.pages().size() + " pages, " + plan.files().size() + " feeds and other files");

        PageViews views = project.views(archive, diagnostics);
        views.prepareShared();
        OutputWriter.eachInParallel(archive.articles(), a -> views.body(a, diagnostics));
        timer.step("bodies", archive.articles().size() + " article bodies read for broken links and images");

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

    /** The first page of the plan that uses each template (list pages: a numbered one if any, which shows the most). */
    private static List<PagePlan> onePerTemplate(SitePlan plan) {
        Map<String, PagePlan> first = new LinkedHashMap<>();
        for (PagePlan page : plan.pages()) first.putIfAbsent(page.template(), page);
        return new ArrayList<>(first.values());
    }
}
