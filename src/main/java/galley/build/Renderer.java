package galley.build;

import galley.cache.BuildCache;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.Progress;
import galley.incremental.NewestArticles;
import galley.incremental.PageKeys;
import galley.incremental.Strategy;
import galley.incremental.WarningCodec;
import galley.output.OutputWriter;
import galley.plan.DataFile;
import galley.plan.PagePlan;
import galley.plan.SitePlanner.SitePlan;
import galley.render.DataFiles;
import galley.render.TemplateRenderer;
import galley.views.PageViews;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders the outputs of a plan that the strategy says may have changed, in parallel, and keeps
 * the others. An output's key is the fingerprint of everything it is made from ({@link PageKeys});
 * when it equals the key the last build recorded and the file is still there, the file is kept and
 * its recorded warnings are reported again.
 */
final class Renderer {

    private final TemplateRenderer templates;
    private final PageViews views;
    private final PageKeys keys;
    private final OutputWriter writer;
    private final Strategy strategy;
    private final BuildCache previous;
    private final BuildCache.Next next;
    private final boolean mediaChanged;
    private final Diagnostics diagnostics;

    /** Counts the outputs looked at (rendered or reused), for the command line's progress line. */
    private final Progress progress;

    Renderer(
            TemplateRenderer templates,
            PageViews views,
            OutputWriter writer,
            Strategy strategy,
            Diagnostics diagnostics,
            Progress progress) {
        this.progress = progress;
        this.templates = templates;
        this.views = views;
        this.keys = new PageKeys(views);
        this.writer = writer;
        this.strategy = strategy;
        this.previous = strategy.previous();
        // Body edits keep every other output as the last build recorded it.
        this.next = strategy instanceof Strategy.BodyEdits
                ? BuildCache.Next.keepingAll(previous)
                : new BuildCache.Next(previous);
        this.mediaChanged = strategy instanceof Strategy.Keyed k && k.mediaChanged()
                || strategy instanceof Strategy.Additions a && a.mediaChanged();
        this.diagnostics = diagnostics;
    }

    /** The record of this build's outputs, complete once {@link #render} and the asset copy are done. */
    BuildCache.Next next() {
        return next;
    }

    /** Renders what may have changed; returns a line for the build log. */
    String render(SitePlan plan) {
        if (strategy instanceof Strategy.Additions additions) {
            SitePlan candidates = additions.newest().candidates(plan, views, previous::has);
            int rendered = renderAll(candidates);
            keepOthers(plan, candidates, Boolean.getBoolean(NewestArticles.VERIFY));
            return rendered + " of " + candidates.size() + " outputs that new articles can change rendered (of "
                    + plan.size() + ")";
        }
        int rendered = renderAll(plan);
        if (strategy instanceof Strategy.BodyEdits)
            return "only article bodies changed: " + rendered + " outputs rendered";
        return rendered + " of " + plan.size() + " outputs rendered (" + strategy.name() + ")";
    }

    /**
     * Keeps every output of {@code plan} outside {@code rendered} as the last build made it,
     * unexamined (the quick path for additions). With {@code verify} (tests), first checks that
     * each one's key is the last build's: a wrong guess of what new articles change fails loudly.
     */
    private void keepOthers(SitePlan plan, SitePlan rendered, boolean verify) {
        Set<String> done = new HashSet<>(rendered.size() * 2);
        rendered.pages().forEach(p -> done.add(p.outputPath()));
        rendered.files().forEach(f -> done.add(f.outputPath()));
        List<String> others = new ArrayList<>(plan.size() - rendered.size());
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
            throw new IllegalStateException(
                    "the quick path for new articles left out " + path + ", whose inputs changed");
        }
    }

    private int renderAll(SitePlan plan) {
        progress.begin("render", plan.size());
        Set<String> reported = ConcurrentHashMap.newKeySet();
        AtomicInteger rendered = new AtomicInteger();
        OutputWriter.eachInParallel(plan.pages(), page -> {
            progress.advance();
            try {
                if (renderPage(page)) rendered.incrementAndGet();
            } catch (TemplateRenderer.TemplateProblem e) {
                // One broken template line fails every page using it: report it once.
                if (reported.add(e.diagnostic().toString())) diagnostics.add(e.diagnostic());
            }
        });
        OutputWriter.eachInParallel(plan.files(), file -> {
            progress.advance();
            if (renderFile(file)) rendered.incrementAndGet();
        });
        return rendered.get();
    }

    /** Renders one data file unless it can be reused; true if rendered. */
    private boolean renderFile(DataFile file) {
        String key = keys.of(file);
        if (reuse(file.outputPath(), key)) return false;
        String stamp = writer.write(file.outputPath(), DataFiles.render(file, views));
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
        next.made(
                path,
                new BuildCache.Entry(
                        key, stamp, problems.stream().map(WarningCodec::encode).toList(), views.mediaShown(page)));
        return true;
    }

    private boolean reuse(String path, String key) {
        Optional<BuildCache.Entry> old = previous.find(path);
        if (old.isEmpty()
                || !old.get().key().equals(key)
                || !writer.canKeep(path, old.get().stamp())) return false;
        // A page that warned of a missing image is made again when media files came or went: the
        // image may be there now (the warning is not part of the key).
        if (mediaChanged && old.get().warnings().stream().anyMatch(WarningCodec::isMissingMedia)) return false;
        // So is one whose text shows an image that is gone (a warning now) or was replaced (its
        // size and copies are on the page).
        for (String shown : old.get().media()) {
            if (!views.mediaRecord(shown.substring(0, shown.lastIndexOf(' '))).equals(shown)) return false;
        }
        writer.keep(path);
        old.get().warnings().forEach(w -> WarningCodec.decode(w).ifPresent(diagnostics::add));
        next.keep(path);
        return true;
    }
}
