package galley.diag;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in the input, with where it is. Prints as
 * {@code content/articles/2025/11/a.md:6:10: error: unknown author "x"; expected content/authors/x.md}.
 */
public record Diagnostic(Severity severity, SourcePosition at, String message) {

    /** Errors before warnings, then by file, line and column, then by text: a stable report order. */
    public static final Comparator<Diagnostic> REPORT_ORDER =
            Comparator.comparing(Diagnostic::severity)
                    .thenComparing(Diagnostic::at)
                    .thenComparing(Diagnostic::message);

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
    }

    public static Diagnostic error(SourcePosition at, String message) {
        return new Diagnostic(Severity.ERROR, at, message);
    }

    public static Diagnostic warning(SourcePosition at, String message) {
        return new Diagnostic(Severity.WARNING, at, message);
    }

    @Override
    public String toString() {
        return at + ": " + severity.label() + ": " + message;
    }
}
