package galley.scaffold;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Writes new source files, never over an existing one, all of them or none. */
public final class NewFiles {

    /** A file to create: its path relative to the project root and its text. */
    public record NewFile(Path path, String text) {
        public NewFile {
            if (path.isAbsolute()
                    || path.normalize().startsWith("..")
                    || !path.normalize().equals(path))
                throw new IllegalArgumentException("not a plain relative path: " + path);
        }
    }

    private NewFiles() {}

    /** The files of {@code files} that already exist under {@code root} (or are links, even dangling). */
    public static List<Path> existing(Path root, List<NewFile> files) {
        List<Path> found = new ArrayList<>();
        for (NewFile f : files) {
            if (Files.exists(root.resolve(f.path()), LinkOption.NOFOLLOW_LINKS)) found.add(f.path());
        }
        return found;
    }

    /**
     * Creates every file of {@code files} under {@code root}, with the folders they need. A file
     * that exists (made by someone else since {@link #existing} was asked) stops the whole call:
     * the files this call created are removed again and the exception says which file was there.
     */
    public static void create(Path root, List<NewFile> files) throws IOException {
        List<Path> created = new ArrayList<>();
        try {
            for (NewFile f : files) {
                Path target = root.resolve(f.path());
                Files.createDirectories(target.getParent());
                // CREATE_NEW: exists-and-create is one step, so a file made meanwhile is never replaced.
                Files.writeString(
                        target,
                        f.text(),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                created.add(target);
            }
        } catch (IOException | RuntimeException e) {
            undo(created);
            throw e;
        }
    }

    private static void undo(List<Path> created) {
        for (Path p : created) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the error that stopped the call is the one reported
            }
        }
    }
}
