package galley.serve;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Watches the sources a build reads: {@code content/} (with {@code site.yaml}) and {@code
 * templates/}, every folder under them (folders made later are added as they appear), and the
 * project folder itself for those two appearing or going. A WatchService watches one folder per
 * registration, hence the walk.
 *
 * <p>{@link #next} returns one batch per save, not per event: it waits for a first change, then
 * until the sources have been quiet for {@code quiet} (an editor's save is several events: a
 * temporary file written and renamed, a backup, a delete and a re-create; a {@code git checkout}
 * is hundreds), but no longer than {@code max} after the first, so a never-ending stream of writes
 * still gets rebuilt. Editors' temporary files ({@link #isEditorTemporary}) keep a batch open but
 * never start one. The events only say when to build: the build scans the sources itself, so a
 * missed or coalesced event (the kernel's queue overflowing) costs nothing but a rebuild.
 */
final class SourceWatcher implements AutoCloseable {

    private final Path root;
    private final Path content;
    private final Path templates;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new HashMap<>();

    SourceWatcher(Path root) throws IOException {
        this.root = root;
        this.content = root.resolve("content");
        this.templates = root.resolve("templates");
        this.service = FileSystems.getDefault().newWatchService();
        register(root);
        registerTree(content);
        registerTree(templates);
    }

    /**
     * Waits for the next batch of changes and returns the changed paths, or empty when the watcher
     * was closed.
     */
    Optional<Set<Path>> next(long quiet, long max) throws InterruptedException {
        Set<Path> changed = new TreeSet<>();
        try {
            while (changed.isEmpty()) collect(service.take(), changed);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(max);
            while (true) {
                long left = Math.min(TimeUnit.MILLISECONDS.toNanos(quiet), deadline - System.nanoTime());
                if (left <= 0) break;
                WatchKey key = service.poll(left, TimeUnit.NANOSECONDS);
                if (key == null) break; // quiet for long enough
                collect(key, changed);
            }
            return Optional.of(changed);
        } catch (ClosedWatchServiceException e) {
            return Optional.empty();
        }
    }

    /** Adds the key's source changes to {@code changed}; registers folders that appeared. */
    private void collect(WatchKey key, Set<Path> changed) {
        Path folder = folders.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                changed.add(content); // events were lost: rebuild, the build finds what changed
                continue;
            }
            if (folder == null) continue;
            Path path = folder.resolve((Path) event.context());
            if (folder.equals(root) && !path.equals(content) && !path.equals(templates)) continue;
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                    && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                // Files made in it before it was registered have no events of their own; the
                // folder's own event already asks for the rebuild that finds them.
                registerTree(path);
            }
            if (!isEditorTemporary(path.getFileName().toString())) changed.add(path);
        }
        if (!key.reset()) folders.remove(key); // the folder is gone
    }

    /**
     * Files editors write beside the one being saved (vim's swap file and its {@code 4913}
     * probe, backups ending in {@code ~}, Emacs lock files, JetBrains' save temporaries): none
     * is a source, so none starts a rebuild by itself.
     */
    static boolean isEditorTemporary(String name) {
        return name.endsWith(".swp")
                || name.endsWith(".swx")
                || name.endsWith(".swo")
                || name.endsWith("~")
                || name.startsWith(".#")
                || name.equals("4913")
                || name.endsWith("___jb_tmp___")
                || name.endsWith("___jb_old___");
    }

    private void registerTree(Path top) {
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    register(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted while walked: its parent's event covers it
                }
            });
        } catch (IOException e) {
            // a folder that vanished while being registered: its deletion is an event too
        }
    }

    private void register(Path dir) throws IOException {
        WatchKey key = dir.register(
                service,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        folders.put(key, dir);
    }

    /** Folders watched now (for tests). */
    int folders() {
        return folders.size();
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
