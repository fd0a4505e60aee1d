package galley.content;

import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one rule for symbolic links among the sources ({@code content/} and {@code templates/},
 * static files and templates loaded by include or import alike): a link is followed only to a
 * file or folder inside the project root, outside its hidden files and folders ({@code .git},
 * {@code .galley}). Anything else is an error naming the link and where it points, so a checkout
 * (an untrusted pull request built for a preview) cannot make Galley publish, or echo in an
 * error, a file the machine can read ({@code /etc/passwd}, a runner's credentials in {@code
 * .git/config}), nor read {@code /dev/zero} forever.
 *
 * <p>The boundary is the project root rather than {@code content/} or {@code templates/} alone,
 * so a theme may share partials with another folder of the project ({@code templates/partials ->
 * ../shared/partials}) and media may be linked from elsewhere in the repository.
 */
public final class SourceLinks {

    private static final String FIX = "replace the link with a copy of the file, or point it inside the project";

    private final Path realRoot;

    private SourceLinks(Path realRoot) {
        this.realRoot = realRoot;
    }

    /** The rule for the project at {@code root}, judged on real paths (a root reached through links included). */
    public static SourceLinks of(Path root) {
        try {
            return new SourceLinks(root.toRealPath());
        } catch (IOException e) {
            return new SourceLinks(root.toAbsolutePath().normalize()); // a missing root: its sources report it
        }
    }

    /** Where a link leads: a file to read, a folder to walk, or why it is refused. */
    public sealed interface Target permits File, Folder, Refused {}

    /** A regular file inside the project; {@code attributes} are the target's. */
    public record File(Path real, BasicFileAttributes attributes) implements Target {}

    /** A folder inside the project that is not one of the folders being walked. */
    public record Folder(Path real) implements Target {}

    /** A link that is not followed: {@code problem} is the error message, with the fix. */
    public record Refused(String problem) implements Target {}

    /**
     * The real paths of the folders a walk is in, innermost first: a link to one of them, or to a
     * folder above one, would walk it again, for ever.
     */
    public record Walked(Path real, Walked outer) {
        public Walked then(Path inner) {
            return new Walked(inner, this);
        }

        /** True if {@code folder} is one of these folders or holds one (a link to it leads back in). */
        boolean leadsBackFrom(Path folder) {
            for (Walked w = this; w != null; w = w.outer) if (w.real.startsWith(folder)) return true;
            return false;
        }
    }

    /** The start of a walk of {@code folder} (not a link, or a link already judged). */
    public static Walked walkOf(Path folder) {
        try {
            return new Walked(folder.toRealPath(), null);
        } catch (IOException e) {
            return new Walked(folder.toAbsolutePath().normalize(), null);
        }
    }

    /** Judges the symbolic link {@code link}, met in a walk of the folders {@code walked} (null: none). */
    public Target follow(Path link, Walked walked) {
        String written;
        try {
            written = Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            written = "?";
        }
        Path real;
        try {
            real = link.toRealPath();
        } catch (NoSuchFileException e) {
            return new Refused("symbolic link to " + written
                    + " leads to nothing (a dangling link); remove it, or point it at a file inside the project");
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
            return new Refused("symbolic link to " + written + " cannot be followed (" + reason + "); " + FIX);
        } catch (IOException e) {
            return new Refused("symbolic link to " + written + " cannot be followed (" + e.getMessage() + "); " + FIX);
        }
        String shown = written.equals(real.toString()) ? written : written + " (" + real + ")";
        if (!real.startsWith(realRoot)) {
            return new Refused("symbolic link to " + shown + " leads outside the project; " + FIX);
        }
        for (Path name : realRoot.relativize(real)) {
            if (name.toString().startsWith(".")) {
                return new Refused("symbolic link to " + shown
                        + " leads into a hidden file or folder of the project (Galley does not read those); " + FIX);
            }
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class);
        } catch (IOException e) {
            return new Refused("symbolic link to " + shown + " cannot be read (" + e.getMessage() + "); " + FIX);
        }
        if (attributes.isDirectory()) {
            if (walked != null && walked.leadsBackFrom(real)) {
                return new Refused(
                        "symbolic link to " + shown
                                + " leads back to a folder that contains it (a loop); remove it, or point it at another folder");
            }
            return new Folder(real);
        }
        if (!attributes.isRegularFile()) {
            return new Refused("symbolic link to " + shown + " leads to a device, pipe or socket, not a file; " + FIX);
        }
        return new File(real, attributes);
    }

    /**
     * For a path read on its own ({@code content/}, {@code templates/}, {@code content/site.yaml}):
     * true if it is no link or a link the rule follows; otherwise false, with the error reported
     * at {@code shown}.
     */
    public boolean allows(Path path, Path shown, Diagnostics diagnostics) {
        if (!Files.isSymbolicLink(path)) return true;
        Target target = follow(path, null);
        if (target instanceof Refused refused) {
            diagnostics.error(SourcePosition.of(shown), refused.problem());
            return false;
        }
        return true;
    }
}
