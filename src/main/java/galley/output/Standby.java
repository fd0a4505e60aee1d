package galley.output;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * The standby tree: a second copy of the site beside it, made of hard links to the same files (it
 * costs folders, not file bytes). An in-place build brings the standby up to date with its few
 * changes and then exchanges it with the live site in one step ({@link TreeExchange}), so a reader
 * or a kill never sees a site with some of a build's changes and not others. After the exchange
 * the standby is the previous site.
 *
 * <p>A record in the build cache says where the standby differs from the live site. It is keyed by
 * the identity of both folders and lists every path the standby may differ at for each way round,
 * and it is written before either tree is touched; so whatever moment a kill lands at, the record
 * is true or recognisably stale (a stale standby is discarded and made again).
 */
public final class Standby {

    /** 3: the folder manifests as {@link Manifest} keeps them, and a CRC32C of the whole record. */
    private static final String HEADER = "galley-standby 3";

    /** For the live folder {@code liveKey} and standby folder {@code standbyKey}: the paths where they may differ. */
    record Entry(String liveKey, String standbyKey, Collection<String> paths) {}

    /**
     * The modification time of every folder under a tree (relative paths; the tree's own is part
     * of its key). A file added to, deleted from or renamed over a folder changes that folder's
     * time, so a tree whose folders all have their recorded times holds the entries Galley left in
     * it: no file deleted, replaced or added by anyone else. (Bytes written into a file in place
     * change the live site's file too, both being one file: the general build path finds that
     * from the outputs' recorded sizes and times.) Checking a tree costs one status call per
     * folder, not one per file.
     *
     * <p>Kept as the record stores it, not as a map: {@code count} entries sorted by path, each a
     * two-byte length, the path in UTF-8 and the time (8 bytes). A large site has tens of
     * thousands of folders, and reading, checking and writing them again as strings and map nodes
     * made the collector run once more in every small build.
     */
    static final class Manifest {
        private final byte[] encoded;
        private final int count;

        Manifest(byte[] encoded, int count) {
            this.encoded = encoded;
            this.count = count;
        }

        /** The manifest of these folders and times. */
        Manifest(Map<String, Long> folders) {
            this(encode(new TreeMap<>(folders)), folders.size());
        }

        private static byte[] encode(SortedMap<String, Long> folders) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(folders.size() * 48);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                for (Map.Entry<String, Long> f : folders.entrySet()) {
                    byte[] path = f.getKey().getBytes(StandardCharsets.UTF_8);
                    out.writeShort(path.length);
                    out.write(path);
                    out.writeLong(f.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // not thrown by a stream into memory
            }
            return bytes.toByteArray();
        }

        int count() {
            return count;
        }

        byte[] encoded() {
            return encoded;
        }

        /** The folders {@code relativeFolders} of {@code tree} as they are now; those not there are left out. */
        static Manifest scan(Path tree, Collection<String> relativeFolders) {
            Map<String, Long> times = new ConcurrentHashMap<>();
            OutputWriter.eachInParallel(relativeFolders, folder -> {
                long time = time(tree.resolve(folder));
                if (time != MISSING) times.put(folder, time);
            });
            return new Manifest(times);
        }

        /** Whether every folder of {@code tree} this lists is there with its recorded time. */
        boolean holdsFor(Path tree) {
            int[] starts = new int[count];
            for (int i = 0, at = 0; i < count; i++) {
                starts[i] = at;
                at += 2 + (((encoded[at] & 0xFF) << 8) | (encoded[at + 1] & 0xFF)) + 8;
            }
            List<Integer> indexes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) indexes.add(i);
            AtomicBoolean holds = new AtomicBoolean(true);
            OutputWriter.eachInParallel(indexes, i -> {
                if (!holds.get()) return;
                int at = starts[i];
                int length = ((encoded[at] & 0xFF) << 8) | (encoded[at + 1] & 0xFF);
                String folder = new String(encoded, at + 2, length, StandardCharsets.UTF_8);
                long recorded = ByteBuffer.wrap(encoded, at + 2 + length, 8).getLong();
                if (time(tree.resolve(folder)) != recorded) holds.set(false);
            });
            return holds.get();
        }

        /**
         * This manifest after Galley changed the files {@code paths} of {@code tree}: the folders
         * on their way are read again (gone ones are left out, with every folder below them).
         */
        Manifest after(Path tree, Collection<String> paths) {
            Map<String, Long> changed = new TreeMap<>();
            Set<String> gone = new HashSet<>();
            Set<String> seen = new HashSet<>();
            for (String path : paths) {
                for (String at = path; !at.isEmpty(); at = parent(at)) {
                    if (!seen.add(at)) break;
                    long time = time(tree.resolve(at));
                    if (time != MISSING) changed.put(at, time);
                    else gone.add(at);
                }
            }
            // The few changes merged into the sorted entries, which are copied as they are.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length + changed.size() * 48);
            int n = 0;
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                Iterator<Map.Entry<String, Long>> added = changed.entrySet().iterator();
                Map.Entry<String, Long> next = added.hasNext() ? added.next() : null;
                for (int i = 0, at = 0; i < count; i++) {
                    int length = ((encoded[at] & 0xFF) << 8) | (encoded[at + 1] & 0xFF);
                    String folder = new String(encoded, at + 2, length, StandardCharsets.UTF_8);
                    int end = at + 2 + length + 8;
                    while (next != null && next.getKey().compareTo(folder) < 0) {
                        n += write(out, next.getKey(), next.getValue());
                        next = added.hasNext() ? added.next() : null;
                    }
                    if (next != null && next.getKey().equals(folder)) {
                        n += write(out, folder, next.getValue());
                        next = added.hasNext() ? added.next() : null;
                    } else if (!isGone(folder, gone)) {
                        out.write(encoded, at, end - at);
                        n++;
                    }
                    at = end;
                }
                while (next != null) {
                    n += write(out, next.getKey(), next.getValue());
                    next = added.hasNext() ? added.next() : null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Manifest(bytes.toByteArray(), n);
        }

        private static int write(DataOutputStream out, String folder, long time) throws IOException {
            byte[] path = folder.getBytes(StandardCharsets.UTF_8);
            out.writeShort(path.length);
            out.write(path);
            out.writeLong(time);
            return 1;
        }

        /** Whether {@code folder} is one of {@code gone} or below one. */
        private static boolean isGone(String folder, Set<String> gone) {
            if (gone.isEmpty()) return false;
            for (String at = folder; !at.isEmpty(); at = parent(at)) {
                if (gone.contains(at)) return true;
            }
            return false;
        }

        private static final long MISSING = Long.MIN_VALUE;

        /** A folder's modification time in nanoseconds; {@link #MISSING} if it is not a folder. */
        private static long time(Path folder) {
            try {
                BasicFileAttributes a =
                        Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return a.isDirectory() ? a.lastModifiedTime().to(TimeUnit.NANOSECONDS) : MISSING;
            } catch (IOException e) {
                return MISSING;
            }
        }

        private static String parent(String path) {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? "" : path.substring(0, slash);
        }

        /** The folders that hold {@code files} (relative paths), each once, the tree itself left out. */
        static Set<String> foldersOf(Collection<String> files) {
            Set<String> folders = new HashSet<>(files.size());
            for (String f : files) {
                for (String at = parent(f); !at.isEmpty() && folders.add(at); at = parent(at)) {}
            }
            return folders;
        }
    }

    /**
     * What the record says of the standby of a live folder: the paths where the two may differ,
     * and the manifests of both trees (the live one's is the standby's after the next exchange).
     */
    record Known(Set<String> pending, Manifest standby, Manifest live) {}

    public final Path tree;
    private final Path record;

    public Standby(Path tree, Path record) {
        this.tree = tree;
        this.record = record;
    }

    /**
     * The identity of a folder: device, inode and modification time, which a rename or an exchange
     * in the same parent keeps. The inode alone is not enough: a folder deleted and made again by
     * hand often gets the same number back; it does not get the same time to the nanosecond.
     */
    static String key(Path dir) throws IOException {
        return id(dir) + "@" + Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS);
    }

    /** A folder's device and inode: what identifies a tree's manifest, whatever its root's time. */
    static String id(Path dir) throws IOException {
        BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory() || a.fileKey() == null) throw new IOException("no folder identity for " + dir);
        return a.fileKey().toString();
    }

    /** The paths where the standby may differ from {@code live}, if the record holds for these two folders. */
    public Optional<Set<String>> pending(Path live) {
        return known(live).map(Known::pending);
    }

    /** What the record says of the standby of {@code live}, if it holds for these two folders and has both manifests. */
    Optional<Known> known(Path live) {
        return read(live).known();
    }

    /**
     * What the record says of the standby of {@code live} ({@link #known}), and whether the record
     * was damaged (its checksum failed): then it says nothing, and the standby is made again.
     */
    record Reading(Optional<Known> known, boolean damaged) {
        static final Reading NONE = new Reading(Optional.empty(), false);
        static final Reading DAMAGED = new Reading(Optional.empty(), true);
    }

    /** The record file. */
    Path recordFile() {
        return record;
    }

    /** {@link #known}, telling a damaged record from none. */
    Reading read(Path live) {
        if (!Files.isRegularFile(record) || !Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) return Reading.NONE;
        try {
            byte[] bytes = Files.readAllBytes(record);
            // Written whole (a temporary file renamed into place): a short one is damaged too.
            if (bytes.length < 4) return Reading.DAMAGED;
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if ((int) crc.getValue()
                    != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) return Reading.DAMAGED;
            return new Reading(decode(bytes, live), false);
        } catch (IOException | RuntimeException e) {
            return Reading.NONE; // unreadable: the standby is made again
        }
    }

    /** The record's word on the standby of {@code live}, from its bytes (their checksum holds). */
    private Optional<Known> decode(byte[] bytes, Path live) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
            if (!HEADER.equals(in.readUTF())) return Optional.empty();
            String liveKey = key(live);
            String standbyKey = key(tree);
            int entries = in.readInt();
            Set<String> found = null;
            for (int e = 0; e < entries; e++) {
                boolean match = liveKey.equals(in.readUTF()) & standbyKey.equals(in.readUTF());
                int n = in.readInt();
                Set<String> paths = new HashSet<>();
                for (int i = 0; i < n; i++) paths.add(in.readUTF());
                if (match && found == null) found = paths;
            }
            if (found == null) return Optional.empty();
            Map<String, Manifest> manifests = new HashMap<>();
            int trees = in.readInt();
            for (int t = 0; t < trees; t++) {
                String id = in.readUTF();
                int n = in.readInt();
                int length = in.readInt();
                if (n < 0 || length < 0 || length > bytes.length) return Optional.empty();
                byte[] encoded = new byte[length];
                in.readFully(encoded);
                manifests.put(id, new Manifest(encoded, n));
            }
            Manifest standby = manifests.get(id(tree));
            Manifest current = manifests.get(id(live));
            if (standby == null || current == null) return Optional.empty();
            return Optional.of(new Known(found, standby, current));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // another layout, or a folder gone: the standby is made again
        }
    }

    /**
     * What the record says of the standby of {@code live} ({@link #known}) and whether the standby's
     * folders still hold it ({@link Manifest#holdsFor}), read and checked on a thread of its own
     * while the build loads and renders: the check costs a status call per folder, tens of
     * thousands for a large archive, and needs nothing the build makes. The commit uses the result
     * only if the record file, the live folder and the standby folder are still as they were when
     * the check began ({@link #stamp}); otherwise it checks again.
     */
    public static final class Ahead {
        private final CompletableFuture<Checked> checked;

        private Ahead(CompletableFuture<Checked> checked) {
            this.checked = checked;
        }

        /** Starts checking the standby of the site at {@code out} (see {@link OutputWriter#standbyOf}). */
        public static Ahead start(Path out, Path cacheDir) {
            Path live = out.toAbsolutePath().normalize();
            Standby standby = OutputWriter.standbyOf(live, cacheDir);
            CompletableFuture<Checked> checked = new CompletableFuture<>();
            Thread thread = new Thread(
                    () -> {
                        try {
                            String before = standby.stamp(live);
                            Reading reading = standby.read(live);
                            boolean holds = reading.known().isPresent()
                                    && reading.known().get().standby().holdsFor(standby.tree);
                            checked.complete(new Checked(before, reading, holds));
                        } catch (RuntimeException | Error e) {
                            checked.completeExceptionally(e);
                        }
                    },
                    "galley-standby-check");
            thread.setDaemon(true); // a build that ends early (nothing changed, errors) does not wait for it
            thread.start();
            return new Ahead(checked);
        }

        /** The check's result, if it was made of {@code standby} as it still is (same {@link #stamp}). */
        Optional<Checked> ifCurrent(Standby standby, Path live) {
            try {
                Checked c = checked.join();
                return c.stamp().equals(standby.stamp(live)) ? Optional.of(c) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty(); // checked again at the commit, where a failure is reported
            }
        }
    }

    /** A check made ahead: the {@link #stamp} it began with, the record's {@link Reading}, and whether the folders hold it. */
    record Checked(String stamp, Reading reading, boolean holds) {
        Optional<Known> known() {
            return reading.known();
        }
    }

    /**
     * The identity and times of the record file, the live folder and the standby folder: equal
     * stamps mean that no build wrote the record and neither tree was exchanged or made again
     * in between.
     */
    String stamp(Path live) {
        StringBuilder b = new StringBuilder();
        for (Path p : List.of(record, live, tree)) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                b.append(a.fileKey())
                        .append('@')
                        .append(a.lastModifiedTime().to(TimeUnit.NANOSECONDS))
                        .append('/')
                        .append(a.size())
                        .append(' ');
            } catch (IOException e) {
                b.append("none ");
            }
        }
        return b.toString();
    }

    /** A byte stream whose array is written as it is, not copied (the record is megabytes for a large site). */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] buffer() {
            return buf;
        }
    }

    /**
     * Writes the record (whole or not at all: a temporary file renamed over the old one): the
     * entries, and the manifests of the two trees by their {@link #id}.
     */
    void record(List<Entry> entries, Map<String, Manifest> manifests, OutputWriter.FileOps fs) throws IOException {
        fs.createDirectories(record.getParent());
        Path tmp = record.resolveSibling(record.getFileName() + ".tmp");
        int size = 64;
        for (Manifest m : manifests.values()) size += m.encoded().length + 64;
        Buffer bytes = new Buffer(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(HEADER);
            out.writeInt(entries.size());
            for (Entry e : entries) {
                out.writeUTF(e.liveKey());
                out.writeUTF(e.standbyKey());
                out.writeInt(e.paths().size());
                for (String p : e.paths()) out.writeUTF(p);
            }
            out.writeInt(manifests.size());
            for (Map.Entry<String, Manifest> m : new TreeMap<>(manifests).entrySet()) {
                out.writeUTF(m.getKey());
                out.writeInt(m.getValue().count());
                out.writeInt(m.getValue().encoded().length);
                out.write(m.getValue().encoded());
            }
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.buffer(), 0, bytes.size());
            out.writeInt((int) crc.getValue());
        }
        fs.write(tmp, bytes.buffer(), bytes.size(), false);
        fs.move(tmp, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Forgets the standby: the record goes first, so that a folder made later at the same place (it
     * may get the same inode) is never taken for a standby the record describes.
     */
    void discard(OutputWriter.FileOps fs) throws IOException {
        dropRecord(fs);
        OutputWriter.deleteTree(tree, fs);
    }

    /** Forgets the record alone: the tree stays, no one's standby (a build recycles it). */
    void dropRecord(OutputWriter.FileOps fs) throws IOException {
        fs.deleteIfExists(record);
    }

    /**
     * Makes the standby a whole copy of {@code live} by hard links, and returns the manifests of
     * both trees by {@link #id}. A one-off cost, in folders made, paid by the first in-place build
     * of an output folder that a full build made from nothing (a full build over an existing site
     * keeps the old site as the standby instead), or after the standby was found changed.
     */
    Map<String, Manifest> copyOf(Path live, OutputWriter.FileOps fs) throws IOException {
        discard(fs);
        fs.createDirectory(tree);
        Set<String> folders = ConcurrentHashMap.newKeySet();
        try {
            copyFolder(live, tree, "", folders, fs);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return Map.of(id(live), Manifest.scan(live, folders), id(tree), Manifest.scan(tree, folders));
    }

    /**
     * Mirrors the folder {@code from} into the existing folder {@code to}: its files as hard links,
     * its folders made and filled in parallel (making tens of thousands of folders one after
     * another was most of the cost). The folders' paths below the tree are added to {@code folders}.
     */
    private static void copyFolder(
            Path from, Path to, String relative, Set<String> folderPaths, OutputWriter.FileOps fs) {
        List<Path> folders = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(from)) {
            for (Path entry : entries) {
                (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? folders : files).add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OutputWriter.eachInParallel(files, file -> {
            try {
                OutputWriter.linkOrCopy(file, to.resolve(file.getFileName().toString()), fs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        OutputWriter.eachInParallel(folders, folder -> {
            String name = folder.getFileName().toString();
            Path target = to.resolve(name);
            try {
                fs.createDirectory(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String below = relative.isEmpty() ? name : relative + "/" + name;
            folderPaths.add(below);
            copyFolder(folder, target, below, folderPaths, fs);
        });
    }

    /** Makes {@code tree/relative} what {@code live/relative} is: the same file, or nothing. */
    void mirror(Path live, String relative, OutputWriter.FileOps fs) throws IOException {
        Path source = live.resolve(relative);
        Path target = tree.resolve(relative);
        clear(target, fs);
        if (Files.exists(source, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            fs.createDirectories(target.getParent());
            OutputWriter.linkOrCopy(source, target, fs);
        } else {
            OutputWriter.deleteEmptyParentsOrFail(tree, target.getParent(), fs);
        }
    }

    /** Removes whatever is at {@code target}: a file, a link or (a page that became a folder) a folder. */
    static void clear(Path target, OutputWriter.FileOps fs) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) OutputWriter.deleteTree(target, fs);
        else fs.deleteIfExists(target);
    }
}
