package galley.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One build (or check) of an output folder at a time: an operating-system lock on the file
 * {@code lock} in the output's state folder, held from before the state is read until the build
 * is done. Two builds into one output would otherwise stage, exchange and record the same trees at
 * once, and the site would be neither build.
 *
 * <p>The lock is the OS lock ({@link FileChannel#lock}), not the file: the OS releases it when
 * its process ends however it ends, so a killed build never blocks the next one. The file stays
 * (deleting it would let a waiter lock the deleted file while a third build locks a new one); it
 * holds the holder's process id and start time, for the message a waiting build prints.
 *
 * <p>Within one JVM the OS lock cannot tell two builds apart (and on POSIX, closing any channel to
 * the file would drop the process's lock), so builds in one JVM also take turns through a set of
 * held lock files, and a JVM opens the file only once it holds that turn.
 */
public final class OutputLock implements AutoCloseable {

    /** The lock file's name in the state folder. */
    public static final String FILE = "lock";

    /** Lock files held by builds in this JVM (real paths); guarded by itself. */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Another build holds the lock and the caller asked not to wait; {@code holder} describes it. */
    public static final class Busy extends Exception {
        private final String holder;

        Busy(String holder) {
            super("busy: " + holder);
            this.holder = holder;
        }

        /** "pid N, started at T" as the holder wrote it, or "another process" if it could not be read. */
        public String holder() {
            return holder;
        }
    }

    /**
     * Takes the lock of {@code stateFolder} (made if missing), waiting for the holder if there is one
     * and {@code wait}; {@code waiting} is told once, with the holder's description, before waiting.
     *
     * @throws Busy when held by another build and not {@code wait}
     */
    public static OutputLock take(Path stateFolder, boolean wait, Consumer<String> waiting) throws IOException, Busy {
        Files.createDirectories(stateFolder);
        return takeExisting(stateFolder, wait, waiting).orElseThrow();
    }

    /**
     * {@link #take} for a reader that writes nothing of its own ({@code check}): empty, holding
     * nothing, when there is no state folder (no build has made one: there is nothing to read that
     * a build could be changing).
     */
    public static Optional<OutputLock> takeIfStateExists(Path stateFolder, boolean wait, Consumer<String> waiting)
            throws IOException, Busy {
        if (!Files.isDirectory(stateFolder)) return Optional.empty();
        return takeExisting(stateFolder, wait, waiting);
    }

    private static Optional<OutputLock> takeExisting(Path stateFolder, boolean wait, Consumer<String> waiting)
            throws IOException, Busy {
        Path file = stateFolder.toRealPath().resolve(FILE);
        boolean told = false;
        synchronized (HELD) {
            while (HELD.contains(file)) {
                if (!wait) throw new Busy(holder(file));
                if (!told) {
                    waiting.accept(holder(file));
                    told = true;
                }
                try {
                    HELD.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the lock " + file);
                }
            }
            HELD.add(file);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = holder(file);
                if (!wait) throw new Busy(holder);
                if (!told) waiting.accept(holder);
                lock = channel.lock(); // returns when the holder's process releases it or ends
            }
            byte[] about = ("pid " + ProcessHandle.current().pid() + ", started at " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(about), 0);
            return Optional.of(new OutputLock(file, channel, lock));
        } catch (IOException | Busy | RuntimeException | Error e) {
            if (channel != null) closeQuietly(channel);
            release(file);
            if (e instanceof OverlappingFileLockException) throw new IOException("lock already held: " + file, e);
            throw e;
        }
    }

    /** What the holder wrote into the lock file: "pid N, started at T". */
    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.startsWith("pid ") && text.indexOf('\n') < 0) return text;
        } catch (IOException | RuntimeException e) {
            // unreadable (locked against reading on some systems, or being written): no details
        }
        return "another process";
    }

    private static void release(Path file) {
        synchronized (HELD) {
            HELD.remove(file);
            HELD.notifyAll();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the OS lock either way
        }
    }

    /** Releases the lock: the next waiting build goes on. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) lock.release();
            channel.close();
        } finally {
            release(file);
        }
    }
}
