package galley.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Collects the problems of one build so that all of them are reported at once. Thread-safe:
 * loaders and renderers running in parallel add to the same instance. Keeps at most {@code max}
 * entries (a broken archive of a million files must not flood the terminal), the first in report
 * order whatever order they were added in, so the same input reports the same problems for any
 * number of threads; counts them all.
 */
public final class Diagnostics {

    public static final int DEFAULT_MAX = 500;

    private final int max;
    /**
     * The first {@code max} in report order of all added, whatever order they came in (sources are
     * read in parallel): the head is the last of them, the one to drop when an earlier one comes.
     */
    private final PriorityQueue<Diagnostic> kept = new PriorityQueue<>(Diagnostic.REPORT_ORDER.reversed());

    private int errors;
    private int warnings;

    public Diagnostics() {
        this(DEFAULT_MAX);
    }

    public Diagnostics(int max) {
        if (max < 1) throw new IllegalArgumentException("max must be >= 1");
        this.max = max;
    }

    public synchronized void add(Diagnostic d) {
        if (d.severity() == Severity.ERROR) errors++;
        else warnings++;
        if (kept.size() < max) {
            kept.add(d);
        } else if (Diagnostic.REPORT_ORDER.compare(d, kept.peek()) < 0) {
            kept.poll();
            kept.add(d);
        }
    }

    public void error(SourcePosition at, String message) {
        add(Diagnostic.error(at, message));
    }

    public void warning(SourcePosition at, String message) {
        add(Diagnostic.warning(at, message));
    }

    public synchronized int errorCount() {
        return errors;
    }

    public synchronized int warningCount() {
        return warnings;
    }

    public synchronized boolean hasErrors() {
        return errors > 0;
    }

    /** How many were counted but not kept because of the cap. */
    public synchronized int dropped() {
        return errors + warnings - kept.size();
    }

    /** All kept diagnostics in report order (errors first, then by position). */
    public synchronized List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(kept);
        copy.sort(Diagnostic.REPORT_ORDER);
        return List.copyOf(copy);
    }

    /** Ends the build here when any error was reported; {@code strict} counts warnings too. */
    public void failIfErrors(boolean strict) {
        if (hasErrors() || (strict && warningCount() > 0)) {
            throw new BuildFailedException(this);
        }
    }

    public void failIfErrors() {
        failIfErrors(false);
    }
}
