package galley.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Which file is at a path, and whether it was written since: its file key (device and inode),
 * size, modification time and, where the file system has one, change time (which a rename or a
 * write sets, and no user can set back). A process that keeps what it wrote to a state file in
 * memory compares identities to know whether another process has written it since.
 */
public record FileIdentity(String key, long size, long modifiedNanos, long changedNanos) {

    /** A path with no file: equal to another missing file's identity, and to no file's. */
    public static final FileIdentity MISSING = new FileIdentity("missing", -1, -1, -1);

    public FileIdentity {
        Objects.requireNonNull(key, "key");
    }

    /** The identity of the file at {@code path} (links are not followed), or {@link #MISSING}. */
    public static FileIdentity of(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long changed = -1;
            try {
                Map<String, Object> unix = Files.readAttributes(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
                if (unix.get("ctime") instanceof FileTime ctime) changed = ctime.to(TimeUnit.NANOSECONDS);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // not a Unix file system: the other fields must do
            }
            return new FileIdentity(
                    String.valueOf(a.fileKey()) + (a.isRegularFile() ? "" : " not a file"),
                    a.size(),
                    a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                    changed);
        } catch (NoSuchFileException e) {
            return MISSING;
        } catch (IOException e) {
            return new FileIdentity("unreadable: " + e.getMessage(), -1, -1, -1);
        }
    }
}
