package galley.cli;

import galley.diag.Progress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows how far a build is, on standard error. On a terminal: one line, rewritten in place four
 * times a second, with the running step's count, rate and time left, cleared before any other
 * line is printed. Elsewhere (a CI log, a pipe, a file): a plain line every ten seconds for a step
 * that runs that long, and never an escape code. A step that ends within a second shows nothing,
 * so a small site's build prints what it printed before.
 */
final class ProgressLine implements AutoCloseable {

    private static final long TERMINAL_EVERY_MS = 250;
    private static final long PLAIN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long QUIET_FOR_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long plainEveryNanos;
    private final long quietForNanos;
    private final PrintWriter err;
    private final Progress progress;
    private final boolean terminal;
    private final ScheduledExecutorService ticker;
    /** Whether a progress line is on the terminal, to be cleared before the next line. */
    private boolean shown;
    /** The step and time of the last plain line. */
    private String lastStep = "";

    private long lastPlain;

    /** Ticks every {@code everyMs}; plain lines every {@code plainEveryNanos}; nothing for a step younger than {@code quietForNanos}. */
    ProgressLine(
            PrintWriter err,
            Progress progress,
            boolean terminal,
            long everyMs,
            long plainEveryNanos,
            long quietForNanos) {
        this.plainEveryNanos = plainEveryNanos;
        this.quietForNanos = quietForNanos;
        this.err = err;
        this.progress = progress;
        this.terminal = terminal;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "galley-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    /** Starts showing {@code progress} on {@code err}, in place if {@code terminal}. */
    static ProgressLine start(PrintWriter err, Progress progress, boolean terminal) {
        return new ProgressLine(
                err, progress, terminal, terminal ? TERMINAL_EVERY_MS : 1000, PLAIN_EVERY_NANOS, QUIET_FOR_NANOS);
    }

    /**
     * Whether standard error is a terminal. Linux names the file behind each descriptor; elsewhere
     * the JVM's console (standard input and output on a terminal) stands in. {@code TERM=dumb}
     * (Emacs shells, some CI runners) is not one.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) return false;
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.exists(Path.of("/proc/self/fd"))) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception e) {
            // not Linux, or /proc is hidden: the console stands in
        }
        return System.console() != null;
    }

    /** Prints {@code line} (and its end of line), clearing the progress line first. */
    synchronized void println(String line) {
        clear();
        err.println(line);
        err.flush();
    }

    private synchronized void tick() {
        Progress.Snapshot s = progress.snapshot();
        long now = System.nanoTime();
        if (s.step().isEmpty() || now - s.startedNanos() < quietForNanos) {
            clear();
            return;
        }
        if (terminal) {
            err.print("\r" + describe(s, now) + "\u001b[K");
            err.flush();
            shown = true;
        } else if (!s.step().equals(lastStep)
                ? now - s.startedNanos() >= plainEveryNanos
                : now - lastPlain >= plainEveryNanos) {
            err.println("galley: " + describe(s, now));
            err.flush();
            lastStep = s.step();
            lastPlain = now;
        }
    }

    /** "render 12,345 of 48,449 (25%), 3,100/s, about 12 s left", or "load, 3 s" for a step not counted. */
    static String describe(Progress.Snapshot s, long now) {
        long seconds = (now - s.startedNanos()) / 1_000_000_000L;
        if (s.total() <= 0) return String.format(Locale.ROOT, "%s, %d s", s.step(), seconds);
        double rate = s.rate(now);
        String left = rate > 0 && s.done() < s.total()
                ? String.format(
                        Locale.ROOT, ", about %d s left", Math.max(1, Math.round((s.total() - s.done()) / rate)))
                : "";
        return String.format(
                Locale.ROOT,
                "%s %,d of %,d (%d%%), %,d/s%s",
                s.step(),
                s.done(),
                s.total(),
                s.done() * 100 / s.total(),
                Math.round(rate),
                left);
    }

    private void clear() {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
            shown = false;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            clear();
        }
    }
}
