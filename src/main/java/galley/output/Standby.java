package galley.output;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    private static final String HEADER = "galley-standby 1";

    /** For the live folder {@code liveKey} and standby folder {@code standbyKey}: the paths where they may differ. */
    record Entry(String liveKey, String standbyKey, Collection<String> paths) {}

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
        BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory() || a.fileKey() == null) throw new IOException("no folder identity for " + dir);
        return a.fileKey() + "@" + a.lastModifiedTime();
    }

    /** The paths where the standby may differ from {@code live}, if the record holds for these two folders. */
    public Optional<Set<String>> pending(Path live) {
        if (!Files.isRegularFile(record) || !Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS))
            return Optional.empty();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(record)))) {
            if (!HEADER.equals(in.readUTF())) return Optional.empty();
            String liveKey = key(live);
            String standbyKey = key(tree);
            int entries = in.readInt();
            for (int e = 0; e < entries; e++) {
                boolean match = liveKey.equals(in.readUTF()) & standbyKey.equals(in.readUTF());
                int n = in.readInt();
                Set<String> paths = new HashSet<>();
                for (int i = 0; i < n; i++) paths.add(in.readUTF());
                if (match) return Optional.of(paths);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: the standby is made again
        }
    }

    /** Writes the record (whole or not at all: a temporary file renamed over the old one). */
    void record(List<Entry> entries, OutputWriter.FileOps fs) throws IOException {
        fs.createDirectories(record.getParent());
        Path tmp = record.resolveSibling(record.getFileName() + ".tmp");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(HEADER);
            out.writeInt(entries.size());
            for (Entry e : entries) {
                out.writeUTF(e.liveKey());
                out.writeUTF(e.standbyKey());
                out.writeInt(e.paths().size());
                for (String p : e.paths()) out.writeUTF(p);
            }
        }
        fs.write(tmp, bytes.toByteArray(), bytes.size(), false);
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
     * Makes the standby a whole copy of {@code live} by hard links. A one-off cost, in folders
     * made, paid by the first in-place build of an output folder that a full build made from
     * nothing (a full build over an existing site keeps the old site as the standby instead).
     */
    void copyOf(Path live, OutputWriter.FileOps fs) throws IOException {
        discard(fs);
        fs.createDirectory(tree);
        try {
            copyFolder(live, tree, fs);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Mirrors the folder {@code from} into the existing folder {@code to}: its files as hard links,
     * its folders made and filled in parallel (making tens of thousands of folders one after
     * another was most of the cost).
     */
    private static void copyFolder(Path from, Path to, OutputWriter.FileOps fs) {
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
            Path target = to.resolve(folder.getFileName().toString());
            try {
                fs.createDirectory(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            copyFolder(folder, target, fs);
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
