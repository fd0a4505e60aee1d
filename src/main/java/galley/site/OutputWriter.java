package galley.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only place that writes the site. Every output goes into a staging folder beside the output
 * folder; {@link #commit()} swaps it in by rename, so a failed or killed build leaves the previous
 * site whole. A file whose bytes did not change is hard-linked from the previous site instead of
 * written, so it keeps its modification time and deploy tools see only real changes.
 *
 * <p>Thread-safe: pages are written from many threads.
 */
public final class OutputWriter implements AutoCloseable {

    private static final String STAGING = ".galley-staging";
    private static final String RETIRED = ".galley-old";

    private final Path out;
    private final Path staging;
    private final Path retired;
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private boolean committed;

    /** Opens a staging folder for {@code out}; recovers from a build that was killed mid-swap. */
    public OutputWriter(Path out) throws IOException {
        this.out = out.toAbsolutePath().normalize();
        Path parent = this.out.getParent();
        String name = this.out.getFileName().toString();
        this.staging = parent.resolve("." + name + STAGING);
        this.retired = parent.resolve("." + name + RETIRED);
        Files.createDirectories(parent);
        recover();
        deleteTree(staging);
        Files.createDirectories(staging);
    }

    /** If a swap was interrupted after the old site was moved away, put it back. */
    private void recover() throws IOException {
        if (Files.isDirectory(retired)) {
            if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(retired, out, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteTree(retired);
            }
        }
    }

    /** Writes {@code bytes} at {@code relative} (forward slashes, no leading slash). */
    public void write(String relative, byte[] bytes) {
        Path target = claim(relative);
        Path previous = out.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            if (sameBytes(previous, bytes)) {
                link(previous, target);
                return;
            }
            changed.add(relative);
            Files.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + relative + ": " + e.getMessage(), e);
        }
    }

    /** Copies the file {@code source} to {@code relative}, or links the unchanged previous copy. */
    public void copy(Path source, String relative) {
        Path target = claim(relative);
        Path previous = out.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            if (Files.isRegularFile(previous, LinkOption.NOFOLLOW_LINKS) && Files.size(previous) == Files.size(source)
                    && Files.mismatch(previous, source) == -1) {
                link(previous, target);
                return;
            }
            changed.add(relative);
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + relative + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code relative} was already written in this build. */
    public boolean has(String relative) {
        return written.contains(relative);
    }

    private Path claim(String relative) {
        Path target = staging.resolve(relative).normalize();
        if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\") || !target.startsWith(staging)
                || Arrays.asList(relative.split("/")).contains("..")) {
            throw new IllegalArgumentException("output path escapes the output folder: " + relative);
        }
        if (!written.add(relative)) {
            throw new IllegalStateException("two outputs at " + relative);
        }
        return target;
    }

    private static boolean sameBytes(Path previous, byte[] bytes) throws IOException {
        if (!Files.isRegularFile(previous, LinkOption.NOFOLLOW_LINKS) || Files.size(previous) != bytes.length) return false;
        return Arrays.equals(Files.readAllBytes(previous), bytes);
    }

    private static void link(Path previous, Path target) throws IOException {
        try {
            Files.createLink(target, previous);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            Files.copy(previous, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** Output paths this build wrote with new bytes (added or changed), sorted. */
    public List<String> changedPaths() {
        return new ArrayList<>(new TreeSet<>(changed));
    }

    /** Output paths of the previous site that this build no longer has, sorted. */
    public List<String> removedPaths() throws IOException {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(out)) return removed;
        try (var files = Files.walk(out)) {
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> out.relativize(p).toString().replace('\\', '/'))
                    .filter(rel -> !written.contains(rel))
                    .sorted()
                    .forEach(removed::add);
        }
        return removed;
    }

    /**
     * Swaps the staging folder in. Between the two renames the output folder is briefly absent;
     * a build killed exactly there is repaired by the next one ({@link #recover()}).
     */
    public void commit() throws IOException {
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(out, retired, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        deleteTree(retired);
    }

    /** Drops the staging folder unless committed: the previous site stays exactly as it was. */
    @Override
    public void close() throws IOException {
        if (!committed) deleteTree(staging);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
