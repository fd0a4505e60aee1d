package galley.diag;

import java.util.concurrent.atomic.LongAdder;

/**
 * How far the running step of a build is: its name, how many units (files, outputs) it has and
 * how many are done. The pipeline's steps count; the command line shows it (see
 * {@code galley.cli.ProgressLine}). Counting costs one uncontended add per unit, from any thread.
 */
public final class Progress {

    /** A progress no one looks at. */
    public static final Progress NONE = new Progress();

    /** What a step had done when looked at. */
    public record Snapshot(String step, long total, long done, long startedNanos) {
        /** Units per second since the step began, or 0 before the first second's worth. */
        public double rate(long nowNanos) {
            double seconds = (nowNanos - startedNanos) / 1e9;
            return seconds > 0 ? done / seconds : 0;
        }
    }

    private volatile Snapshot begun = new Snapshot("", 0, 0, System.nanoTime());
    private final LongAdder done = new LongAdder();
    private volatile boolean cancelled;

    /**
     * Thrown by {@link #begin} and {@link #advance} once the build was {@link #cancel cancelled}:
     * the build stops where it is, before its commit, so the output folder stays as the last
     * finished build left it.
     */
    public static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("the build was cancelled", null, false, false);
        }
    }

    /** Starts the step {@code step} of {@code total} units (0: not counted). Steps follow each other. */
    public void begin(String step, long total) {
        if (cancelled) throw new Cancelled();
        done.reset();
        begun = new Snapshot(step, total, 0, System.nanoTime());
    }

    /** One more unit of the running step done. */
    public void advance() {
        if (cancelled) throw new Cancelled();
        done.increment();
    }

    /**
     * Asks the build that counts here to stop at its next unit ({@code galley serve}'s Ctrl-C
     * during a rebuild: a full one takes many seconds at archive scale). {@link #NONE} cannot be
     * cancelled.
     */
    public void cancel() {
        if (this == NONE) throw new UnsupportedOperationException("Progress.NONE is shared");
        cancelled = true;
    }

    public Snapshot snapshot() {
        Snapshot b = begun;
        return new Snapshot(
                b.step(),
                b.total(),
                Math.min(done.sum(), b.total() > 0 ? b.total() : Long.MAX_VALUE),
                b.startedNanos());
    }
}
