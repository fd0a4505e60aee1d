package galley.build;

import galley.cache.BuildCache;
import galley.cache.BuildState;
import galley.cache.SourceCache;
import galley.diag.Diagnostics;
import galley.incremental.Strategy;
import galley.model.Archive;
import galley.output.OutputWriter;
import galley.views.PageViews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Consumer;

/**
 * What the last successful build left: its state (what it was made from) and its outputs' record
 * (read on another core while the sources load: every path but {@code --clean} needs it).
 */
final class LastBuild {

    private final Path stateFile;
    private final Optional<BuildState> state;
    private final ForkJoinTask<BuildCache> outputs;

    private LastBuild(Path stateFile, Optional<BuildState> state, ForkJoinTask<BuildCache> outputs) {
        this.stateFile = stateFile;
        this.state = state;
        this.outputs = outputs;
    }

    /**
     * Starts reading the last build's record. With {@code --clean} there is none; nor when the
     * output folder is gone (deleted, or a CI job that restored .galley/ but not site/): the record
     * describes files that are not there, so the build is a first build (the source cache, which
     * describes inputs, still holds). A damaged state or record is dropped with one line to
     * {@code notes}.
     */
    static LastBuild read(Project project, SiteBuild.Options options, Consumer<String> notes) {
        Path stateFile = project.cacheDir().resolve("state");
        Path outputsFile = project.cacheDir().resolve("outputs");
        boolean none = options.clean() || !Files.exists(project.out(), LinkOption.NOFOLLOW_LINKS);
        Optional<BuildState> state = none ? Optional.empty() : BuildState.load(stateFile, notes);
        ForkJoinTask<BuildCache> outputs = ForkJoinTask.adapt(
                        () -> none ? BuildCache.empty() : BuildCache.load(outputsFile, Version.current(), notes))
                .fork();
        return new LastBuild(stateFile, state, outputs);
    }

    /** The last build as this process kept it (see {@link WarmStart}): nothing is read. */
    static LastBuild of(Path stateFile, BuildState state, BuildCache outputs) {
        ForkJoinTask<BuildCache> done = ForkJoinTask.adapt(() -> outputs);
        done.invoke();
        return new LastBuild(stateFile, Optional.of(state), done);
    }

    Optional<BuildState> state() {
        return state;
    }

    /** The last build's outputs, empty if there is no usable record. */
    BuildCache outputs() {
        return outputs.join();
    }

    /**
     * The result of the last build, if nothing it was made from changed: same version and options,
     * same source and theme files (paths, sizes, modification times), a build time within the span
     * that gives the same site, and every output file still as that build wrote it.
     */
    Optional<SiteBuild.Result> ifNothingChanged(Project project, Instant now, Diagnostics diagnostics) {
        if (diagnostics.hasErrors()) return Optional.empty();
        if (state.isEmpty()
                || !state.get()
                        .covers(
                                Version.current(),
                                project.optionsKey(),
                                project.inputs().inputs(),
                                now)) return Optional.empty();
        if (!Files.isDirectory(project.out())) return Optional.empty();
        BuildCache last = outputs();
        if (last.isEmpty()) return Optional.empty();
        boolean intact = last.outputs().parallelStream().allMatch(path -> {
            try {
                return OutputWriter.stamp(project.out().resolve(path))
                        .equals(last.find(path).orElseThrow().stamp());
            } catch (IOException e) {
                return false;
            }
        });
        if (!intact) return Optional.empty();
        SiteBuild.replayWarnings(state.get().warnings(), diagnostics);
        BuildState s = state.get();
        return Optional.of(
                new SiteBuild.Result(s.articles(), s.pages(), s.files(), List.of(), List.of(), s.scheduled()));
    }

    /** How much of this last build the new one reuses (see {@link Strategy}). */
    Strategy choose(
            Project project,
            SourceCache sources,
            Archive archive,
            PageViews views,
            Instant now,
            Diagnostics diagnostics) {
        return Strategy.choose(
                new Strategy.Facts(
                        state,
                        outputs(),
                        sources.articleChanges(project.tree()),
                        sources,
                        project.tree(),
                        archive,
                        views,
                        Version.current(),
                        project.optionsKey(),
                        project.inputs(),
                        now),
                diagnostics);
    }

    /** Deletes the saved state: a build that does not finish must not be skipped next time. */
    void forget() {
        try {
            BuildState.forget(stateFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
