package galley.output;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Swaps two directory trees in one step: Linux {@code renameat2(RENAME_EXCHANGE)}, called through
 * JNA because Java 17 has no API for it. Before and after the call each of the two paths holds one
 * whole tree, and there is no moment between: the output folder is never missing or half-moved.
 *
 * <p>Where the call is missing (another OS, an old kernel, a file system without it, no native
 * library for JNA) {@link #works} says so and the writer falls back to plain renames. Setting the
 * system property {@code galley.exchange=off} does the same (tests of the fallback path).
 */
public final class TreeExchange {

    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;

    /** The two C functions used; paths go as NUL-terminated bytes in the file system's encoding. */
    interface LibC extends Library {
        int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags) throws LastErrorException;

        String strerror(int errnum);
    }

    private static final Object LOCK = new Object();
    private static boolean loaded;
    private static LibC libc;

    private TreeExchange() {}

    private static LibC libc() {
        if ("off".equals(System.getProperty("galley.exchange"))) return null;
        synchronized (LOCK) {
            if (!loaded) {
                loaded = true;
                String os = System.getProperty("os.name", "");
                if (os.startsWith("Linux")) {
                    try {
                        libc = Native.load("c", LibC.class);
                    } catch (LinkageError | RuntimeException e) {
                        libc = null; // no native support here: the writer falls back to renames
                    }
                }
            }
            return libc;
        }
    }

    /**
     * Whether trees in {@code folder} can be exchanged: tried once on two empty folders made there,
     * since support depends on the file system as well as the kernel.
     */
    public static boolean works(Path folder) {
        if (libc() == null) return false;
        Path a = folder.resolve(".galley-exchange-probe-a");
        Path b = folder.resolve(".galley-exchange-probe-b");
        try {
            Files.createDirectories(a);
            Files.createDirectories(b);
            Files.createFile(a.resolve("a"));
            if (!exchange(a, b)) return false;
            return Files.exists(b.resolve("a")) && !Files.exists(a.resolve("a"));
        } catch (IOException e) {
            return false;
        } finally {
            try {
                Files.deleteIfExists(a.resolve("a"));
                Files.deleteIfExists(b.resolve("a"));
                Files.deleteIfExists(a);
                Files.deleteIfExists(b);
            } catch (IOException ignored) {
                // a probe folder left behind is harmless; the next probe reuses it
            }
        }
    }

    /**
     * Exchanges the trees at {@code a} and {@code b} (both must exist). Returns false when this
     * system cannot (nothing happened); throws when it can but the call failed (nothing happened).
     */
    static boolean exchange(Path a, Path b) throws IOException {
        LibC c = libc();
        if (c == null) return false;
        try {
            c.renameat2(AT_FDCWD, bytes(a), AT_FDCWD, bytes(b), RENAME_EXCHANGE);
            return true;
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP) return false;
            throw new FileSystemException(a.toString(), b.toString(), c.strerror(errno));
        }
    }

    private static byte[] bytes(Path p) {
        Charset cs;
        try {
            cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            cs = Charset.defaultCharset();
        }
        byte[] text = p.toAbsolutePath().toString().getBytes(cs);
        byte[] z = new byte[text.length + 1];
        System.arraycopy(text, 0, z, 0, text.length);
        return z;
    }
}
