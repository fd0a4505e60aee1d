package galley.diag;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in the input, with where it is. Prints as
 * {@code content/articles/2025/11/a.md:6:10: error: unknown author "x"; expected content/authors/x.md}.
 */
public record Diagnostic(Severity severity, SourcePosition at, String message, Kind kind) {

    /**
     * The kind of problem: its stable code in {@code --format json|github} (the name in lower case,
     * {@code broken-link}), and what it depends on besides the source it names, for the
     * incremental build: a page kept from the last build reports its warnings again only while
     * they still hold. The link kinds are {@code check}'s alone and never reach the build cache.
     */
    public enum Kind {
        /** Depends only on the source file it names. */
        GENERAL,
        /** A link or image to a media file that is not there: it no longer holds once the file exists. */
        MISSING_MEDIA,
        /** A link inside the site (or to an article's file) that no output serves. */
        BROKEN_LINK,
        /** A link whose {@code #fragment} names no element of the page it leads to. */
        BROKEN_ANCHOR,
        /** A link to a draft or to an article dated after the check's time. */
        LINK_TO_UNPUBLISHED,
        /** An image in a body without alt text. */
        IMAGE_NO_ALT
    }

    /** Errors before warnings, then by file, line and column, then by text: a stable report order. */
    public static final Comparator<Diagnostic> REPORT_ORDER = Comparator.comparing(Diagnostic::severity)
            .thenComparing(Diagnostic::at)
            .thenComparing(Diagnostic::message);

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(kind, "kind");
    }

    public Diagnostic(Severity severity, SourcePosition at, String message) {
        this(severity, at, message, Kind.GENERAL);
    }

    public static Diagnostic error(SourcePosition at, String message) {
        return new Diagnostic(Severity.ERROR, at, message);
    }

    public static Diagnostic warning(SourcePosition at, String message) {
        return new Diagnostic(Severity.WARNING, at, message);
    }

    /** A warning that {@code file} (a site path under /media/) is missing. */
    public static Diagnostic missingMedia(SourcePosition at, String file) {
        return new Diagnostic(
                Severity.WARNING, at, "missing media file " + file + "; expected content" + file, Kind.MISSING_MEDIA);
    }

    @Override
    public String toString() {
        return at + ": " + severity.label() + ": " + message;
    }
}
