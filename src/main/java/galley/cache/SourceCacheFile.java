package galley.cache;

import galley.cache.codec.ByteIn;
import galley.cache.codec.ByteOut;
import galley.cache.codec.DamagedException;
import galley.cache.codec.Interner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;

/**
 * The source cache's file format: how entries are framed, not what they hold ({@link SourceCodecs})
 * nor which are kept ({@link SourceCache}).
 *
 * <p>The file: the format number, the fingerprint of the entries' layout ({@link SourceCodecs#SCHEMA}),
 * the context (Galley's version and the settings) and a CRC32C of these, then segments. A segment
 * is the entry count and its CRC32C, the entries (sorted by key), and an end mark. The first
 * segment is written with the file; later builds that only added or re-read files append
 * segments, whose entries replace earlier ones of the same key. An entry is its CRC32C, its
 * length (both checked), its key (the source file's path) and {@link SourceCodecs#ENTRY}'s bytes.
 *
 * <p>A file for another context is not an error (the settings changed): it reads as nothing. A
 * file of another format or layout, or whose header is damaged, throws {@link DamagedException}.
 * Damage after the header costs only what it touches: an entry whose checksum fails (or that does
 * not decode) is left out, and where the framing itself is damaged (a count, a length, an end
 * mark; a file cut short by a build killed while appending) the rest of the file is; {@link
 * Contents} counts both, for the one line the build reports. The checksums detect damage (a
 * changed byte, a disk's or a copy's fault), not an attacker, who could write a checksum too.
 */
final class SourceCacheFile {

    /** 7: a CRC32C on the header, on each segment's count and on each entry. */
    static final int FORMAT = 7;
    /** "END": the mark after each segment's entries. */
    private static final int END = 0x454E44;
    /** Longer entries are damage (a body is not cached: an entry is its front matter and facts). */
    private static final int MAX_ENTRY = 64 << 20;

    private SourceCacheFile() {}

    /**
     * A file's entries by key, the terms they hold ({@code interner}), its length, and how many of
     * those bytes later builds appended.
     *
     * @param dropped how many entries were left out because their checksum failed or they did not decode
     * @param brokenAt where damaged framing made the rest of the file unreadable; -1 if it did not
     */
    record Contents(
            Map<String, SourceCache.Entry> entries,
            Interner interner,
            long length,
            long appended,
            int dropped,
            long brokenAt) {
        boolean damaged() {
            return dropped > 0 || brokenAt >= 0;
        }
    }

    /** The file's entries; empty if there is none or it was written for another {@code context}. */
    static Optional<Contents> read(Path file, String context) throws IOException {
        if (!Files.isRegularFile(file)) return Optional.empty();
        FileBytes bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            bytes = new FileBytes(channel);
        }
        if (bytes.size < 4) throw new DamagedException("it ends early");
        int format = bytes.readInt(0);
        if (format != FORMAT) throw new DamagedException("another format: " + format + ", this Galley reads " + FORMAT);
        long at = 4;
        String schema = header(bytes, at);
        at += 4 + intAt(bytes, at);
        String written = header(bytes, at);
        at += 4 + intAt(bytes, at);
        if (intAt(bytes, at) != crc(bytes, 0, (int) at)) throw new DamagedException("its header is damaged");
        at += 4;
        if (!schema.equals(SourceCodecs.SCHEMA)) throw new DamagedException("another layout of its entries");
        if (!written.equals(context)) return Optional.empty();

        long[] offsets = new long[1024];
        int[] lengths = new int[1024];
        int[] checksums = new int[1024];
        int n = 0;
        long appended = 0; // bytes of the segments after the first
        long brokenAt = -1;
        boolean firstSegment = true;
        segments:
        while (at < bytes.size) {
            long segmentStart = at;
            if (at + 8 > bytes.size || intAt(bytes, at + 4) != crc(bytes, at, 4)) {
                brokenAt = at;
                break;
            }
            int count = intAt(bytes, at);
            if (count < 0) {
                brokenAt = at;
                break;
            }
            at += 8;
            for (int i = 0; i < count; i++) {
                if (at + 8 > bytes.size) {
                    brokenAt = at;
                    break segments;
                }
                int entryLength = intAt(bytes, at + 4);
                if (entryLength < 0 || entryLength > MAX_ENTRY || at + 8 + entryLength > bytes.size) {
                    brokenAt = at;
                    break segments;
                }
                if (n == offsets.length) {
                    offsets = Arrays.copyOf(offsets, n * 2);
                    lengths = Arrays.copyOf(lengths, n * 2);
                    checksums = Arrays.copyOf(checksums, n * 2);
                }
                checksums[n] = intAt(bytes, at);
                offsets[n] = at + 4; // the checksum covers the length and the entry
                lengths[n] = 4 + entryLength;
                n++;
                at += 8 + entryLength;
            }
            if (at + 4 > bytes.size || intAt(bytes, at) != END) {
                // Its entries are whole and checked one by one; only what follows is lost.
                brokenAt = at;
                break;
            }
            at += 4;
            if (!firstSegment) appended += at - segmentStart;
            firstSegment = false;
        }
        if (firstSegment && brokenAt < 0) brokenAt = at; // not even one whole segment
        Interner interner = new Interner();
        int[] dropped = {0};
        Map<String, SourceCache.Entry> entries = entries(bytes, offsets, lengths, checksums, n, interner, dropped);
        return Optional.of(new Contents(entries, interner, bytes.size, appended, dropped[0], brokenAt));
    }

    /** The CRC32C of {@code length} bytes at {@code at} (a header or a segment's count: a few bytes). */
    private static int crc(FileBytes bytes, long at, int length) {
        CRC32C crc = new CRC32C();
        byte[] copy = new byte[length];
        bytes.copy(at, copy, length);
        crc.update(copy, 0, length);
        return (int) crc.getValue();
    }

    private static int intAt(FileBytes bytes, long at) throws DamagedException {
        if (at + 4 > bytes.size) throw new DamagedException("it ends early");
        return bytes.readInt(at);
    }

    /** A length-prefixed string of the header. */
    private static String header(FileBytes bytes, long at) throws DamagedException {
        int length = intAt(bytes, at);
        if (length < 0 || length > 1 << 20 || at + 4 + length > bytes.size)
            throw new DamagedException("a header of " + length + " bytes");
        byte[] text = new byte[length];
        bytes.copy(at + 4, text, length);
        return new String(text, StandardCharsets.UTF_8);
    }

    /**
     * Decodes the entries (in parallel); a later entry of a key replaces an earlier one. An entry
     * whose checksum fails, or that does not decode, is left out and counted in {@code dropped}.
     * Each entry is a length and its bytes ({@code lengths[i]} in all, at {@code offsets[i]}).
     */
    private static Map<String, SourceCache.Entry> entries(
            FileBytes bytes, long[] offsets, int[] lengths, int[] checksums, int n, Interner interner, int[] dropped) {
        SourceCache.Entry[] decoded = new SourceCache.Entry[n];
        String[] keys = new String[n];
        ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[1 << 16]);
        ThreadLocal<CRC32C> crcs = ThreadLocal.withInitial(CRC32C::new);
        IntStream.range(0, n).parallel().forEach(i -> {
            byte[] buffer = buffers.get();
            if (buffer.length < lengths[i]) {
                buffer = new byte[Math.max(lengths[i], buffer.length * 2)];
                buffers.set(buffer);
            }
            bytes.copy(offsets[i], buffer, lengths[i]);
            int from = 0;
            CRC32C crc = crcs.get();
            crc.reset();
            crc.update(buffer, from, lengths[i]);
            if ((int) crc.getValue() != checksums[i]) return; // damaged: left out
            ByteIn in = new ByteIn(buffer, from + 4, from + lengths[i], interner);
            try {
                String key = in.readString();
                try {
                    in.file(Path.of(key));
                } catch (InvalidPathException e) {
                    return;
                }
                SourceCache.Entry entry = SourceCodecs.ENTRY.read(in);
                if (!in.atEnd()) return;
                keys[i] = key;
                decoded[i] = entry;
            } catch (DamagedException e) {
                // Checked and still not decodable: damage the checksum missed, left out like the rest.
            }
        });
        Map<String, SourceCache.Entry> entries = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            if (decoded[i] == null) dropped[0]++;
            else entries.put(keys[i], decoded[i]);
        }
        return entries;
    }

    /** The whole file: the header and every entry as one segment. */
    static List<byte[]> whole(String context, Map<String, SourceCache.Entry> entries) {
        ChunkedBytes out = new ChunkedBytes();
        ByteOut header = new ByteOut(256);
        header.writeInt(FORMAT);
        header.writeString(SourceCodecs.SCHEMA);
        header.writeString(context);
        CRC32C crc = new CRC32C();
        header.addTo(crc);
        header.writeInt((int) crc.getValue());
        out.write(header.toByteArray());
        segment(out, entries, entries.keySet());
        return out.chunks();
    }

    /** A segment to append: the entries of {@code keys}. */
    static List<byte[]> segment(Map<String, SourceCache.Entry> entries, Collection<String> keys) {
        ChunkedBytes out = new ChunkedBytes();
        segment(out, entries, keys);
        return out.chunks();
    }

    private static void segment(ChunkedBytes out, Map<String, SourceCache.Entry> entries, Collection<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        ByteOut count = new ByteOut(4);
        count.writeInt(sorted.size());
        CRC32C crc = new CRC32C();
        count.addTo(crc);
        out.writeInt(sorted.size());
        out.writeInt((int) crc.getValue());
        ByteOut entry = new ByteOut(4096);
        for (String key : sorted) {
            entry.reset();
            entry.writeInt(0); // the length, set below: the checksum covers it
            frame(entry, key, entries.get(key));
            entry.setInt(0, entry.size() - 4);
            crc.reset();
            entry.addTo(crc);
            out.writeInt((int) crc.getValue());
            try {
                entry.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // not from memory
            }
        }
        out.writeInt(END);
    }

    /** An entry's bytes (its length is written before them). */
    private static void frame(ByteOut out, String key, SourceCache.Entry entry) {
        out.writeString(key);
        out.file(Path.of(key));
        SourceCodecs.ENTRY.write(out, entry);
    }

    /** Appends {@code chunks} to {@code file} if it is still {@code length} bytes long, else deletes it; false then. */
    static boolean append(Path file, List<byte[]> chunks, long length) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == length) {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                for (byte[] chunk : chunks) out.write(chunk);
            }
            return true;
        }
        Files.deleteIfExists(file);
        return false;
    }

    /** Writes {@code file} atomically: a killed build leaves the old one. */
    static void replace(Path file, List<byte[]> chunks) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            for (byte[] chunk : chunks) out.write(chunk);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** An output stream into a list of 4 MB arrays: a million articles' cache nears Java's 2 GB array limit. */
    private static final class ChunkedBytes extends OutputStream {
        private static final int CHUNK = 4 << 20;
        private final List<byte[]> chunks = new ArrayList<>();
        private int used = CHUNK;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        void writeInt(int v) {
            write(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}, 0, 4);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (used == CHUNK) {
                    chunks.add(new byte[CHUNK]);
                    used = 0;
                }
                int n = Math.min(len, CHUNK - used);
                System.arraycopy(b, off, chunks.get(chunks.size() - 1), used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        /** The chunks, the last one cut to what it holds. */
        List<byte[]> chunks() {
            if (!chunks.isEmpty() && used < CHUNK)
                chunks.set(chunks.size() - 1, Arrays.copyOf(chunks.get(chunks.size() - 1), used));
            used = CHUNK;
            return chunks;
        }
    }
}
