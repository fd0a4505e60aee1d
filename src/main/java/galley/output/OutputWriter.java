package galley.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.zip.CRC32C;

/**
 * The only place that writes the site, in one of two ways; both leave the previous site whole if
 * the build fails or is killed, whatever moment the kill lands at:
 *
 * <ul>
 *   <li><b>Full</b> (no usable cache): every output goes into a staging folder beside the output
 *       folder; an output whose bytes did not change is hard-linked from the previous site (so it
 *       keeps its modification time); commit exchanges the two folders in one step
 *       ({@link TreeExchange}) and keeps the previous site as the {@link Standby} tree.
 *   <li><b>In place</b> (incremental builds): only new and changed outputs are staged. Commit moves
 *       them into the standby tree (brought up to date first: it is the previous site), deletes
 *       what the build no longer makes, and exchanges standby and site in one step.
 * </ul>
 *
 * <p>Where trees cannot be exchanged (not Linux, or a file system without {@code RENAME_EXCHANGE})
 * the writer falls back to renames: a full build moves the old site aside and the new one in, and
 * an in-place commit writes a journal of its moves and deletions and then performs them, each an
 * atomic rename. A build killed between those renames is completed by the next one, before it
 * does anything else. A commit of a single file needs no standby: one rename is already atomic.
 *
 * <p>Thread-safe: outputs are written from many threads.
 */
public final class OutputWriter implements AutoCloseable {

    private final Path out;
    private final Path staging;
    private final Path retired;
    private final Path journal;
    private final Standby standby;
    private final boolean inPlace;
    /** Whether there is a previous site to compare with (a first build skips those lookups). */
    private final boolean hadSite;

    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    /** Staging folders already made: creating one costs a failed mkdir and an exception each time. */
    private final Set<Path> madeDirs = ConcurrentHashMap.newKeySet();
    /**
     * A full build into a folder with no site yet makes the standby as it writes: every file is
     * also hard-linked into it (null otherwise). Made afterwards, by the first build that changed
     * more than one file, it took that build from under 2 s to 3.5-6 s at 25,000 articles (a second
     * walk of 46,000 folders); made here, it costs the cold build the links and folders alone
     * (about 2 s of 16-18 s), with the tree and the file names already at hand.
     */
    private final Path twin;

    private final List<String> removed = new ArrayList<>();
    private boolean committed;
    /** Whether the commit journal was written: the next build completes it from the staged files. */
    private boolean journaled;
    /**
     * A build with no site to compare with (a first build, or one after the output folder was
     * deleted) starts from the tree that a deleted site's standby or a killed build's staging left
     * beside it, rather than deleting that tree and making a new one: it reuses its folders and
     * its files whose bytes are right, and deletes only what the new site does not have (null
     * otherwise). Deleting the standby of a deleted 25,000-article site (46,000 folders, and the
     * last links to 1.1 GB of files) made such a build's write step take 16.9 s instead of 0.34 s;
     * deleting waits for the disk on this VM (its root file system is mounted with {@code discard}:
     * {@code rm -rf} of a 10,500-entry tree took 13.6 s wall for 0.5 s of CPU).
     */
    private final Recycled recycled;

    /**
     * Where the writer's changes to the file system go: the real one, or in tests one that fails
     * at a chosen call (see {@link FileOps}). Read once per writer.
     */
    static volatile FileOps fileOps = FileOps.NIO;

    private final FileOps fs = fileOps;

    /** Where the writer tells of a standby tree found changed (one line; the build carries on). */
    private final Consumer<String> notes;

    /** The folders of the previous site and their modification times, found by a full build's walk of it. */
    private final Map<String, Long> oldSiteFolders = new ConcurrentHashMap<>();

    /** The standby's check begun ahead of the commit, or null: checked at the commit. */
    private final Standby.Ahead ahead;

    private OutputWriter(
            Path out, Path cacheDir, boolean inPlace, boolean makeStandby, Consumer<String> notes, Standby.Ahead ahead)
            throws IOException {
        this.notes = notes;
        this.ahead = ahead;
        this.out = out.toAbsolutePath().normalize();
        Path parent = this.out.getParent();
        String name = this.out.getFileName().toString();
        this.staging = parent.resolve("." + name + ".galley-staging");
        this.retired = parent.resolve("." + name + ".galley-old");
        this.journal = cacheDir.resolve("commit-journal");
        this.standby = standbyOf(this.out, cacheDir);
        fs.createDirectories(parent);
        recover(this.out, this.staging, this.retired, this.journal, fs, notes);
        if (!inPlace && isEmptyFolder(this.out)) {
            // An empty output folder (made by hand, or by a CI step) is no site: built into as into
            // none, so that it does not become a standby that differs from the new site everywhere.
            try {
                fs.delete(this.out);
            } catch (IOException e) {
                // a mount point, or not ours to remove: it is exchanged like any other site
            }
        }
        this.hadSite = Files.isDirectory(this.out, LinkOption.NOFOLLOW_LINKS);
        this.inPlace = inPlace && hadSite;
        this.recycled = hadSite ? null : recycle();
        if (recycled == null) {
            deleteTree(staging, fs);
            fs.createDirectories(staging);
        }
        if (makeStandby && !this.inPlace && !hadSite && TreeExchange.works(parent)) {
            standby.discard(fs); // a standby of no site is stale: the record goes first, then the tree
            fs.createDirectories(standby.tree);
            this.twin = standby.tree;
        } else {
            this.twin = null;
        }
    }

    private static boolean isEmptyFolder(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return false;
        try (var entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * With no site: takes the staging folder a killed build left, or else the standby of a deleted
     * site (its record dropped first: the tree is no one's standby any more), as this build's
     * staging folder (see {@link #recycled}); null when there is neither.
     */
    private Recycled recycle() throws IOException {
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(standby.tree, LinkOption.NOFOLLOW_LINKS)) return null;
            standby.dropRecord(fs);
            fs.move(standby.tree, staging, StandardCopyOption.ATOMIC_MOVE);
        }
        return Recycled.of(staging, fs);
    }

    /**
     * What a recycled tree held when the build began: its files and folders (relative paths).
     * Anything else in it (a symbolic link, a device) is deleted first, so that no write can go
     * through it.
     */
    private record Recycled(Set<String> files, Set<String> folders) {
        static Recycled of(Path root, FileOps fs) throws IOException {
            Set<String> files = ConcurrentHashMap.newKeySet();
            Set<String> folders = new TreeSet<>();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) folders.add(relative(root, dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) files.add(relative(root, file));
                    else fs.delete(file);
                    return FileVisitResult.CONTINUE;
                }
            });
            return new Recycled(files, folders);
        }

        private static String relative(Path root, Path p) {
            return root.relativize(p).toString().replace('\\', '/');
        }
    }

    /** The standby tree of the site at {@code out} (absolute and normal) and its record in {@code cacheDir}. */
    static Standby standbyOf(Path out, Path cacheDir) {
        return new Standby(
                out.resolveSibling("." + out.getFileName() + ".galley-standby"), cacheDir.resolve("standby"));
    }

    /**
     * A writer that rebuilds the whole output folder; with {@code makeStandby}, a build into an
     * empty folder also makes the standby as it writes (see {@link #twin}).
     */
    public static OutputWriter full(Path out, Path cacheDir, boolean makeStandby) throws IOException {
        return full(out, cacheDir, makeStandby, note -> {});
    }

    /** {@link #full(Path, Path, boolean)}, telling {@code notes} of a standby found changed. */
    public static OutputWriter full(Path out, Path cacheDir, boolean makeStandby, Consumer<String> notes)
            throws IOException {
        return new OutputWriter(out, cacheDir, false, makeStandby, notes, null);
    }

    /** A writer that changes only what changed (falls back to full when there is no output folder yet). */
    public static OutputWriter inPlace(Path out, Path cacheDir) throws IOException {
        return inPlace(out, cacheDir, note -> {});
    }

    /** {@link #inPlace(Path, Path)}, telling {@code notes} of a standby found changed. */
    public static OutputWriter inPlace(Path out, Path cacheDir, Consumer<String> notes) throws IOException {
        return new OutputWriter(out, cacheDir, true, false, notes, null);
    }

    /** {@link #inPlace(Path, Path, Consumer)}, using the standby's check begun ahead (see {@link Standby.Ahead}). */
    public static OutputWriter inPlace(Path out, Path cacheDir, Consumer<String> notes, Standby.Ahead ahead)
            throws IOException {
        return new OutputWriter(out, cacheDir, true, false, notes, ahead);
    }

    public boolean isInPlace() {
        return inPlace;
    }

    /**
     * Finishes what a killed build left: an interrupted swap (the old site moved away, the new one
     * not yet in place) or an interrupted in-place commit (the journal lists what remains).
     */
    public static void recover(Path out, Path staging, Path retired, Path journal) throws IOException {
        recover(out, staging, retired, journal, fileOps, note -> {});
    }

    /**
     * {@link #recover(Path, Path, Path, Path)}, telling {@code notes} of a journal found damaged: it
     * is deleted, not followed (what it would move and delete could be anything). The killed build
     * that wrote it had dropped its state, so the next build checks every output against the record
     * of the last one and makes again whatever the journal's moves and deletions changed.
     */
    private static void recover(Path out, Path staging, Path retired, Path journal, FileOps fs, Consumer<String> notes)
            throws IOException {
        if (Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
            Optional<List<String>> lines = journalLines(Files.readAllBytes(journal));
            if (lines.isEmpty()) {
                notes.accept(journal + ": damaged; not followed, and the outputs it would have changed are made again");
                fs.delete(journal);
            }
            for (String line : lines.orElse(List.of())) {
                String rel = line.substring(2);
                Path target = out.resolve(rel);
                if (line.startsWith("R ")) {
                    Path staged = staging.resolve(rel);
                    if (Files.isRegularFile(staged, LinkOption.NOFOLLOW_LINKS)) {
                        fs.createDirectories(target.getParent());
                        fs.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                } else {
                    fs.deleteIfExists(target);
                    // A folder that cannot go keeps the journal, so that the next build tidies it.
                    deleteEmptyParentsOrFail(out, target.getParent(), fs);
                }
            }
            if (lines.isPresent()) fs.delete(journal);
        }
        if (Files.isDirectory(retired, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                fs.move(retired, out, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteTree(retired, fs);
            }
        }
    }

    /**
     * The commit journal's first line. After it: a line per move ({@code R path}) and per deletion
     * ({@code D path}), a line with the CRC32C of the lines before it ({@code crc} and 8 hexadecimal
     * digits), and {@code end}.
     */
    private static final String JOURNAL_HEADER = "galley-commit-journal 1";

    private static final byte[] JOURNAL_END = "end\n".getBytes(StandardCharsets.US_ASCII);
    /** The length of the last two lines: {@code crc xxxxxxxx} and {@code end}. */
    private static final int JOURNAL_TAIL = "crc 00000000\n".length() + JOURNAL_END.length;

    /** A journal of {@code lines} ({@code R path} or {@code D path}), as {@link #journalLines} reads it. */
    public static byte[] journal(List<String> lines) {
        StringBuilder text = new StringBuilder(JOURNAL_HEADER).append('\n');
        for (String line : lines) text.append(line).append('\n');
        byte[] checked = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(checked, checked.length + JOURNAL_TAIL);
        byte[] tail = (crcLine(checked, checked.length) + "end\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tail, 0, bytes, checked.length, tail.length);
        return bytes;
    }

    /** The lines of a journal between its first line and its checksum; empty if it is damaged (or of another format). */
    static Optional<List<String>> journalLines(byte[] bytes) {
        int checked = bytes.length - JOURNAL_TAIL;
        if (checked < 0
                || Arrays.mismatch(
                                bytes,
                                bytes.length - JOURNAL_END.length,
                                bytes.length,
                                JOURNAL_END,
                                0,
                                JOURNAL_END.length)
                        != -1) return Optional.empty();
        byte[] crc = crcLine(bytes, checked).getBytes(StandardCharsets.US_ASCII);
        if (Arrays.mismatch(bytes, checked, checked + crc.length, crc, 0, crc.length) != -1) return Optional.empty();
        List<String> lines =
                new ArrayList<>(List.of(new String(bytes, 0, checked, StandardCharsets.UTF_8).split("\n", -1)));
        // The text before the checksum ends in a line end: split leaves an empty last item.
        if (lines.size() < 2
                || !lines.get(0).equals(JOURNAL_HEADER)
                || !lines.remove(lines.size() - 1).isEmpty()) return Optional.empty();
        lines.remove(0);
        for (String line : lines) {
            if (line.length() < 3 || !(line.startsWith("R ") || line.startsWith("D "))) return Optional.empty();
        }
        return Optional.of(lines);
    }

    /** {@code crc}, the CRC32C of {@code bytes[0, length)} in 8 hexadecimal digits, and a line end. */
    private static String crcLine(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return String.format(Locale.ROOT, "crc %08x\n", (int) crc.getValue());
    }

    /**
     * Writes {@code bytes} at {@code relative} (forward slashes, no leading slash) and returns the
     * file's stamp (size and modification time, which the rename at commit keeps).
     */
    public String write(String relative, byte[] bytes) {
        return write(relative, bytes, bytes.length);
    }

    /** Writes {@code bytes[0, length)} as {@link #write(String, byte[])} writes a whole array. */
    public String write(String relative, byte[] bytes, int length) {
        Path target = claim(relative);
        Path previous = out.resolve(relative);
        try {
            if (hadSite && sameBytes(previous, bytes, length)) {
                if (!inPlace) link(previous, target);
                return stamp(previous);
            }
            changed.add(relative);
            if (!reused(relative, target, () -> sameBytes(target, bytes, length))) {
                makeDirs(target.getParent());
                fs.write(target, bytes, length, false);
            }
            linkTwin(relative, target);
            return stamp(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + relative, e);
        }
    }

    /** A comparison of a recycled file with what the build makes there. */
    private interface Same {
        boolean test() throws IOException;
    }

    /**
     * In a recycled tree (see {@link #recycled}): true if the file already at {@code target} is
     * what the build makes there ({@code same}), which then stays as it is; otherwise clears
     * whatever is there, so that the new file is a new one (the old may be linked elsewhere).
     */
    private boolean reused(String relative, Path target, Same same) throws IOException {
        if (recycled == null) return false;
        if (recycled.files().contains(relative)) {
            if (same.test()) return true;
            fs.deleteIfExists(target);
        } else if (recycled.folders().contains(relative)) {
            deleteTree(target, fs); // a folder where a page goes now
        }
        return false;
    }

    /** Copies the file {@code source} to {@code relative}, unless the previous copy is identical; returns its stamp. */
    public String copy(Path source, String relative) {
        Path target = claim(relative);
        Path previous = out.resolve(relative);
        try {
            if (hadSite
                    && Files.isRegularFile(previous, LinkOption.NOFOLLOW_LINKS)
                    && Files.size(previous) == Files.size(source)
                    && Files.mismatch(previous, source) == -1) {
                if (!inPlace) link(previous, target);
                return stamp(previous);
            }
            changed.add(relative);
            if (!reused(
                    relative,
                    target,
                    () -> Files.size(target) == Files.size(source) && Files.mismatch(target, source) == -1)) {
                makeDirs(target.getParent());
                fs.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            linkTwin(relative, target);
            return stamp(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + relative, e);
        }
    }

    /** Whether the previous site has {@code relative} exactly as the last build wrote it ({@code stamp}). */
    public boolean canKeep(String relative, String stamp) {
        try {
            return stamp(out.resolve(relative)).equals(stamp);
        } catch (IOException e) {
            return false;
        }
    }

    /** Size and modification time of a file, as recorded in the build cache. */
    public static String stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) throw new IOException("not a file: " + file);
        return a.size() + ":" + a.lastModifiedTime().toMillis();
    }

    /** Reuses the previous site's file unchanged (its inputs did not change). */
    public void keep(String relative) {
        reserve(relative);
        if (inPlace) return;
        Path target = staging.resolve(relative);
        try {
            link(out.resolve(relative), target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + relative, e);
        }
    }

    private Path claim(String relative) {
        reserve(relative);
        return staging.resolve(relative);
    }

    /** Checks that {@code relative} stays inside the output folder and is claimed once. */
    private void reserve(String relative) {
        // Only a path with ".." in it can climb out once resolved: the costly checks are for those alone
        // (a build claims tens of thousands of plain paths).
        boolean escapes = relative.isEmpty()
                || relative.charAt(0) == '/'
                || relative.indexOf('\\') >= 0
                || relative.contains("..")
                        && (Arrays.asList(relative.split("/")).contains("..")
                                || !staging.resolve(relative).normalize().startsWith(staging));
        if (escapes) {
            throw new IllegalArgumentException("output path escapes the output folder: " + relative);
        }
        if (!written.add(relative)) {
            throw new IllegalStateException("two outputs at " + relative);
        }
    }

    /** Whether {@code file} is a file holding exactly {@code bytes[0, length)}. */
    private static boolean sameBytes(Path file, byte[] bytes, int length) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != length) return false;
        byte[] old = Files.readAllBytes(file);
        return Arrays.equals(old, 0, old.length, bytes, 0, length);
    }

    /** Links a file just written into the standby being made, if any (see {@link #twin}). */
    private void linkTwin(String relative, Path written) throws IOException {
        if (twin == null) return;
        Path target = twin.resolve(relative);
        makeDirs(target.getParent());
        linkOrCopyFile(written, target, fs); // a file this build just wrote (or kept): never a symbolic link
    }

    private void makeDirs(Path dir) throws IOException {
        if (!madeDirs.contains(dir)) {
            try {
                fs.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                if (recycled == null || !dir.startsWith(staging)) throw e;
                // A recycled tree has a file where this build needs a folder (a page that became a section).
                for (Path p = dir; !p.equals(staging); p = p.getParent()) {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) fs.deleteIfExists(p);
                }
                fs.createDirectories(dir);
            }
            madeDirs.add(dir);
        }
    }

    private void link(Path previous, Path target) throws IOException {
        makeDirs(target.getParent());
        linkOrCopy(previous, target);
    }

    /**
     * Puts {@code source} at {@code target} as a hard link (the same file: no bytes copied, same
     * modification time), or as a copy where links are not possible; a symbolic link stays one.
     */
    static void linkOrCopy(Path source, Path target, FileOps fs) throws IOException {
        if (Files.isSymbolicLink(source)) {
            fs.copy(source, target, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        linkOrCopyFile(source, target, fs);
    }

    private void linkOrCopy(Path source, Path target) throws IOException {
        linkOrCopy(source, target, fs);
    }

    /** {@link #linkOrCopy} for a {@code source} known to be a regular file (one system call fewer). */
    private static void linkOrCopyFile(Path source, Path target, FileOps fs) throws IOException {
        try {
            fs.createLink(target, source);
        } catch (UnsupportedOperationException | FileSystemException e) {
            fs.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** Output paths this build wrote with new bytes (added or changed), sorted. */
    public List<String> changedPaths() {
        return new ArrayList<>(new TreeSet<>(changed));
    }

    /** Output paths of the previous site that this build no longer has, sorted (known after commit). */
    public List<String> removedPaths() {
        return List.copyOf(removed);
    }

    /**
     * Puts the new site in place. {@code previousOutputs} are files the last build wrote (from the
     * cache), at least those this build did not write (the fewer, the quicker): in place, those
     * not written now are deleted; a full build replaces everything.
     */
    public void commit(Collection<String> previousOutputs) throws IOException {
        if (inPlace) {
            commitInPlace(previousOutputs);
        } else {
            removed.addAll(filesNotWritten());
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)
                    && TreeExchange.works(out.getParent())
                    && commitFullByExchange()) return;
            if (recycled != null) prune();
            if (twin == null)
                standby.discard(fs); // the site is replaced by renames below: a standby would no longer match it
            boolean movedAside = false;
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                fs.move(out, retired, StandardCopyOption.ATOMIC_MOVE);
                movedAside = true;
            }
            try {
                fs.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Put the previous site back before reporting: it must be left as it was.
                if (movedAside) fs.move(retired, out, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
            committed = true;
            deleteTree(retired, fs);
            if (twin != null) {
                // The twin holds every file of the new site: recorded as its standby, differing nowhere.
                try {
                    Set<String> folders = Standby.Manifest.foldersOf(written);
                    standby.record(
                            List.of(new Standby.Entry(Standby.key(out), Standby.key(twin), List.of())),
                            Map.of(
                                    Standby.id(out),
                                    Standby.Manifest.scan(out, folders),
                                    Standby.id(twin),
                                    Standby.Manifest.scan(twin, folders)),
                            fs);
                } catch (IOException e) {
                    standby.discard(fs); // the next build that needs a standby makes one
                }
            }
        }
    }

    /**
     * Exchanges the staging folder with the site; the previous site becomes the standby, which
     * differs from the new one exactly where this build changed or removed a file. Returns false
     * (nothing done but dropping an old standby) if the system refuses the exchange.
     */
    private boolean commitFullByExchange() throws IOException {
        standby.discard(fs);
        if (!fs.exchange(staging, out)) return false;
        committed = true;
        try {
            // Recorded only now: a kill before this leaves no record, and the next in-place build
            // that needs a standby makes one.
            fs.move(staging, standby.tree, StandardCopyOption.ATOMIC_MOVE);
            standby.record(
                    List.of(new Standby.Entry(Standby.key(out), Standby.key(standby.tree), differences(List.of()))),
                    Map.of(
                            Standby.id(out),
                            Standby.Manifest.scan(out, Standby.Manifest.foldersOf(written)),
                            Standby.id(standby.tree),
                            new Standby.Manifest(oldSiteFolders)),
                    fs);
        } catch (IOException e) {
            // The new site is in place; without a standby the next in-place build makes one.
            standby.discard(fs);
            deleteTree(staging, fs);
        }
        return true;
    }

    /**
     * Deletes from a recycled staging folder what the build did not write: the files, then the
     * folders that hold none of its files, deepest first.
     */
    private void prune() throws IOException {
        Set<String> needed = new HashSet<>();
        for (String w : written) {
            for (int slash = w.indexOf('/'); slash >= 0; slash = w.indexOf('/', slash + 1))
                needed.add(w.substring(0, slash));
        }
        for (String f : new TreeSet<>(recycled.files())) {
            if (!written.contains(f)) fs.deleteIfExists(staging.resolve(f));
        }
        for (String d : ((TreeSet<String>) recycled.folders()).descendingSet()) {
            if (!needed.contains(d) && !written.contains(d)) deleteTree(staging.resolve(d), fs);
        }
    }

    /** Paths this build added, changed or removed, with {@code more}, sorted. */
    private List<String> differences(Collection<String> more) {
        TreeSet<String> all = new TreeSet<>(changed);
        all.addAll(removed);
        all.addAll(more);
        return new ArrayList<>(all);
    }

    private void commitInPlace(Collection<String> previousOutputs) throws IOException {
        List<String> notWritten = new ArrayList<>();
        for (String old : previousOutputs) {
            if (!written.contains(old)) notWritten.add(old);
        }
        notWritten.sort(null);
        for (String old : notWritten) {
            if (Files.exists(out.resolve(old), LinkOption.NOFOLLOW_LINKS)) removed.add(old);
        }
        List<String> moves = changedPaths();
        if ((!moves.isEmpty() || !removed.isEmpty()) && !commitInPlaceByExchange(moves)) {
            fs.createDirectories(journal.getParent());
            List<String> lines = new ArrayList<>(moves.size() + removed.size());
            for (String m : moves) lines.add("R " + m);
            for (String r : removed) lines.add("D " + r);
            byte[] bytes = journal(lines);
            fs.write(journal, bytes, bytes.length, true);
            journaled =
                    true; // from here on the staged files are the journal's: a failure leaves them for the next build
            recover(out, staging, retired, journal, fs, notes);
        }
        committed = true;
        deleteTree(staging, fs);
    }

    /**
     * Commits by bringing the standby up to date and exchanging it with the site. Returns false
     * (nothing done) where trees cannot be exchanged, or for a single change when there is no
     * standby yet: one rename is atomic by itself and making a standby costs a folder per page.
     */
    private boolean commitInPlaceByExchange(List<String> moves) throws IOException {
        Optional<Standby.Checked> checked = ahead == null ? Optional.empty() : ahead.ifCurrent(standby, out);
        Standby.Reading reading = checked.isPresent() ? checked.get().reading() : standby.read(out);
        if (reading.damaged())
            notes.accept(standby.recordFile() + ": damaged; the standby " + standby.tree
                    + " is not used (it is made again from " + out + ")");
        Optional<Standby.Known> known = reading.known();
        boolean holds = checked.isPresent()
                ? checked.get().holds()
                : known.isPresent() && known.get().standby().holdsFor(standby.tree);
        if (known.isPresent() && !holds) {
            notes.accept(standby.tree + ": changed since the last build (a file added, deleted or replaced); made"
                    + " again from " + out);
            known = Optional.empty();
        }
        if (known.isEmpty() && moves.size() + removed.size() == 1) {
            standby.discard(fs); // the journal commit below changes the site: an old standby would be wrong
            return false;
        }
        if (!TreeExchange.works(out.getParent())) {
            standby.discard(fs);
            return false;
        }
        Set<String> pending = known.map(Standby.Known::pending).orElse(Set.of());
        Standby.Manifest liveManifest;
        Standby.Manifest standbyManifest;
        if (known.isPresent()) {
            liveManifest = known.get().live();
            standbyManifest = known.get().standby();
        } else {
            Map<String, Standby.Manifest> made = standby.copyOf(out, fs);
            liveManifest = made.get(Standby.id(out));
            standbyManifest = made.get(Standby.id(standby.tree));
        }
        String liveId = Standby.id(out);
        String standbyId = Standby.id(standby.tree);
        List<String> diff = differences(List.of());
        String liveKey = Standby.key(out);
        String standbyKey = Standby.key(standby.tree);
        // Written before either tree is touched: true whether the kill lands before or after the exchange.
        // Without the manifests (the folders' times change below): a build killed before the record
        // below finds none, and makes the standby again.
        standby.record(
                List.of(
                        new Standby.Entry(liveKey, standbyKey, differences(pending)),
                        new Standby.Entry(standbyKey, liveKey, diff)),
                Map.of(),
                fs);
        List<String> touched = new ArrayList<>();
        for (String p : new TreeSet<>(pending)) {
            if (!changed.contains(p) && !removed.contains(p)) {
                standby.mirror(out, p, fs);
                touched.add(p);
            }
        }
        for (String m : moves) {
            Path target = standby.tree.resolve(m);
            Standby.clear(target, fs);
            fs.createDirectories(target.getParent());
            fs.move(staging.resolve(m), target, StandardCopyOption.ATOMIC_MOVE);
            touched.add(m);
        }
        for (String r : removed) {
            Path target = standby.tree.resolve(r);
            Standby.clear(target, fs);
            deleteEmptyParentsOrFail(standby.tree, target.getParent(), fs);
            touched.add(r);
        }
        // The folders this changed have new times (a new or removed top-level folder changed the
        // standby's own, part of its key): recorded again before the exchange, so that after it
        // the new standby (the old site) and the new site each have their manifest.
        String updatedKey = Standby.key(standby.tree);
        standby.record(
                List.of(
                        new Standby.Entry(liveKey, updatedKey, differences(pending)),
                        new Standby.Entry(updatedKey, liveKey, diff)),
                Map.of(liveId, liveManifest, standbyId, standbyManifest.after(standby.tree, touched)),
                fs);
        if (!fs.exchange(standby.tree, out)) {
            throw new IOException("cannot exchange " + standby.tree + " and " + out);
        }
        return true;
    }

    /** Tidies folders under {@code root} that deletions left empty; failures here are ignored (the tree is complete). */
    static void deleteEmptyParents(Path root, Path dir, FileOps fs) {
        try {
            deleteEmptyParentsOrFail(root, dir, fs);
        } catch (IOException e) {
            // an empty folder left in a live site: its files are right
        }
    }

    /**
     * {@link #deleteEmptyParents} for a tree about to be exchanged with the site (the standby):
     * a folder that cannot be deleted fails the commit, which leaves the old site, rather than
     * putting a site in place with an empty folder that neither the old nor the new one has.
     */
    static void deleteEmptyParentsOrFail(Path root, Path dir, FileOps fs) throws IOException {
        // From the deepest folder that exists: a build that failed halfway up may have left the ones above.
        while (dir != null
                && dir.startsWith(root)
                && !dir.equals(root)
                && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            dir = dir.getParent();
        }
        while (dir != null
                && dir.startsWith(root)
                && !dir.equals(root)
                && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) return;
            }
            fs.delete(dir);
            dir = dir.getParent();
        }
    }

    /**
     * The previous site's files this build did not write, sorted; its folders' times go to
     * {@link #oldSiteFolders} (the manifest of the standby it becomes).
     */
    private List<String> filesNotWritten() throws IOException {
        List<String> gone = new ArrayList<>();
        if (!Files.isDirectory(out)) return gone;
        Files.walkFileTree(out, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(out))
                    oldSiteFolders.put(
                            relative(dir), attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(file);
                if (!attrs.isDirectory() && !written.contains(rel)) gone.add(rel);
                return FileVisitResult.CONTINUE;
            }

            private String relative(Path p) {
                return out.relativize(p).toString().replace('\\', '/');
            }
        });
        gone.sort(null);
        return gone;
    }

    /**
     * Runs {@code action} on every item in parallel, one worker per thread of the build's pool.
     * The list is cut into one stretch per worker; each worker goes through its own from the
     * front, then takes items from the back of the stretch with the most left, until none is
     * left. Why not a parallel stream: it cuts a list into a few slices sized by the common pool
     * (one thread on two cores), and at 25,000 articles one core idled for two seconds at the
     * end of the pages while the slowest of four 11,000-page slices finished. Why not one shared
     * counter: workers on neighbouring items write into the same folders, where the file system
     * serializes them (kernel time of a cold build 18 s against 12-13 s, wall 20 s against 17 s).
     * With stretches, cold builds into fresh folders took 12.9-13.3 s against 13.8-14.0 s.
     * The first failure stops the rest and is rethrown as it was only once every worker has
     * finished, so none writes into the staging folder while it is being removed.
     */
    public static <T> void eachInParallel(Collection<T> items, Consumer<T> action) {
        List<T> list = items instanceof List<T> l && items instanceof RandomAccess
                ? l
                : new ArrayList<>(items); // indexed by every worker
        ForkJoinPool pool = ForkJoinTask.inForkJoinPool() ? ForkJoinTask.getPool() : ForkJoinPool.commonPool();
        int workers = Math.max(1, Math.min(list.size(), pool.getParallelism()));
        Stretches stretches = new Stretches(list.size(), workers);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IntFunction<Runnable> worker = own -> () -> {
            for (int i = stretches.next(own); i >= 0 && failure.get() == null; i = stretches.next(own)) {
                try {
                    action.accept(list.get(i));
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        List<ForkJoinTask<?>> helpers = new ArrayList<>();
        for (int k = 1; k < workers; k++) helpers.add(pool.submit(worker.apply(k)));
        worker.apply(0).run();
        for (ForkJoinTask<?> task : helpers) task.quietlyJoin();
        Throwable first = failure.get();
        if (first instanceof RuntimeException e) throw e;
        if (first instanceof Error e) throw e;
    }

    /**
     * Indexes 0..size-1 cut into stretches, one per worker: its owner takes them from the front,
     * other workers from the back once theirs is done. Each stretch is one atomic long holding
     * the next index from the front (high half) and one past the last from the back (low half).
     */
    static final class Stretches {
        private final AtomicLongArray bounds;

        Stretches(int size, int count) {
            bounds = new AtomicLongArray(count);
            for (int k = 0; k < count; k++) {
                long from = (long) size * k / count;
                long to = (long) size * (k + 1) / count;
                bounds.set(k, from << 32 | to);
            }
        }

        /** The next index for the worker owning stretch {@code own}, or -1 when all are taken. */
        int next(int own) {
            while (true) {
                long b = bounds.get(own);
                int from = (int) (b >>> 32);
                int to = (int) b;
                if (from >= to) break;
                if (bounds.compareAndSet(own, b, (long) (from + 1) << 32 | to)) return from;
            }
            while (true) {
                int fullest = -1;
                int most = 0;
                for (int k = 0; k < bounds.length(); k++) {
                    long b = bounds.get(k);
                    int left = (int) b - (int) (b >>> 32);
                    if (left > most) {
                        most = left;
                        fullest = k;
                    }
                }
                if (fullest < 0) return -1;
                long b = bounds.get(fullest);
                int from = (int) (b >>> 32);
                int to = (int) b;
                if (from < to && bounds.compareAndSet(fullest, b, (long) from << 32 | (to - 1))) return to - 1;
            }
        }
    }

    /** Drops the staging folder unless committed: the previous site stays exactly as it was. */
    @Override
    public void close() throws IOException {
        if (!committed && !journaled) {
            if (recycled == null) deleteTree(staging, fs); // a recycled tree is left for the next build to recycle
            if (twin != null) standby.discard(fs);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        deleteTree(dir, fileOps);
    }

    static void deleteTree(Path dir, FileOps fs) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                fs.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                fs.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Every change the writer makes to the file system around the output folder (the site, its
     * staging folder, the standby tree and the standby record, the commit journal) goes through one of
     * these calls. The real ones are plain NIO ({@link #NIO}); a test installs its own
     * ({@link #fileOps}) to make the n-th call fail, or to stop every call from the n-th
     * on as a kill would, and checks that the output folder is then the old site or the new one.
     * Reads are not routed: they change nothing a kill could leave half done.
     */
    interface FileOps {

        void createDirectories(Path dir) throws IOException;

        void createDirectory(Path dir) throws IOException;

        /**
         * Creates {@code file} (or truncates it) and writes {@code bytes[0, length)} into it; with
         * {@code sync}, on the disk before it returns.
         */
        void write(Path file, byte[] bytes, int length, boolean sync) throws IOException;

        void copy(Path source, Path target, CopyOption... options) throws IOException;

        /** Makes {@code link} a hard link to {@code existing}. */
        void createLink(Path link, Path existing) throws IOException;

        void move(Path source, Path target, CopyOption... options) throws IOException;

        /** {@link TreeExchange#exchange}: false when this system cannot (nothing happened). */
        boolean exchange(Path a, Path b) throws IOException;

        void delete(Path path) throws IOException;

        boolean deleteIfExists(Path path) throws IOException;

        /** The real file system. */
        FileOps NIO = new FileOps() {
            @Override
            public void createDirectories(Path dir) throws IOException {
                Files.createDirectories(dir);
            }

            @Override
            public void createDirectory(Path dir) throws IOException {
                Files.createDirectory(dir);
            }

            /**
             * One system call where the kernel takes it all: {@code Files.write} hands the bytes over
             * 8 KB at a time, four calls for an average page.
             */
            @Override
            public void write(Path file, byte[] bytes, int length, boolean sync) throws IOException {
                try (FileChannel channel = sync
                        ? FileChannel.open(
                                file,
                                StandardOpenOption.WRITE,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.SYNC)
                        : FileChannel.open(
                                file,
                                StandardOpenOption.WRITE,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
                    while (buffer.hasRemaining()) channel.write(buffer);
                }
            }

            @Override
            public void copy(Path source, Path target, CopyOption... options) throws IOException {
                Files.copy(source, target, options);
            }

            @Override
            public void createLink(Path link, Path existing) throws IOException {
                Files.createLink(link, existing);
            }

            @Override
            public void move(Path source, Path target, CopyOption... options) throws IOException {
                Files.move(source, target, options);
            }

            @Override
            public boolean exchange(Path a, Path b) throws IOException {
                return TreeExchange.exchange(a, b);
            }

            @Override
            public void delete(Path path) throws IOException {
                Files.delete(path);
            }

            @Override
            public boolean deleteIfExists(Path path) throws IOException {
                return Files.deleteIfExists(path);
            }
        };
    }
}
