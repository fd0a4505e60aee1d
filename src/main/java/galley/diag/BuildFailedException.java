package galley.diag;

/**
 * Thrown when a build step found user errors. It carries the diagnostics so the CLI can print
 * every one of them; it is an expected outcome, never a crash, so it has no stack trace.
 */
public final class BuildFailedException extends RuntimeException {

    private final transient Diagnostics diagnostics;

    public BuildFailedException(Diagnostics diagnostics) {
        super(diagnostics.errorCount() + " error(s)", null, false, false);
        this.diagnostics = diagnostics;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }
}
