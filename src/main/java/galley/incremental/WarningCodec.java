package galley.incremental;

import galley.diag.Diagnostic;
import galley.diag.Severity;
import galley.diag.SourcePosition;
import java.nio.file.Path;
import java.util.Optional;

/** Stores a page's diagnostics in the build cache as one line each, so a reused page reports them again. */
public final class WarningCodec {

    private static final String SEP = "\u001f";

    private WarningCodec() {}

    public static String encode(Diagnostic d) {
        SourcePosition at = d.at();
        return String.join(
                SEP,
                d.severity().name(),
                d.kind().name(),
                at.file().toString(),
                Integer.toString(at.line()),
                Integer.toString(at.column()),
                d.message());
    }

    public static Optional<Diagnostic> decode(String line) {
        String[] p = line.split(SEP, 6);
        if (p.length != 6) return Optional.empty();
        try {
            return Optional.of(new Diagnostic(
                    Severity.valueOf(p[0]),
                    new SourcePosition(Path.of(p[2]), Integer.parseInt(p[3]), Integer.parseInt(p[4])),
                    p[5],
                    Diagnostic.Kind.valueOf(p[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code line} encodes a {@link Diagnostic.Kind#MISSING_MEDIA} warning (without decoding it). */
    public static boolean isMissingMedia(String line) {
        return line.startsWith(MISSING_MEDIA_PREFIX);
    }

    private static final String MISSING_MEDIA_PREFIX =
            Severity.WARNING.name() + SEP + Diagnostic.Kind.MISSING_MEDIA.name() + SEP;
}
