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

/**
 * The source cache's file format: how entries are framed, not what they hold ({@link SourceCodecs})
 * nor which are kept ({@link SourceCache}).
 *
 * <p>The file: the format number, the fingerprint of the entries' layout ({@link SourceCodecs#SCHEMA}),
 * the context (Galley's version and the settings), then segments. A segment is the entry count,
 * the entries (sorted by key) each prefixed by its length, and an end mark. The first segment is
 * written with the file; later builds that only added or re-read files append segments, whose
 * entries replace earlier ones of the same key. An entry is its key (the source file's path) and
 * {@link SourceCodecs#ENTRY}'s bytes.
 *
 * <p>A file for another context is not an error (the settings changed): it reads as nothing. A
 * file of another format or layout, or one that does not decode (cut short by a build killed
 * while appending, damaged), throws {@link DamagedException}. A per-entry checksum (issue #19)
 * belongs beside each entry's length, in {@link #frame} and {@link #entries}, with a new {@link #FORMAT}.
 */
final class SourceCacheFile {

    static final int FORMAT = 6;
    /** "END": the mark after each segment's entries. */
    private static final int END = 0x454E44;
    /** Longer entries are damage (a body is not cached: an entry is its front matter and facts). */
    private static final int MAX_ENTRY = 64 << 20;

    private SourceCacheFile() {}

    /**
     * A file's entries by key, the terms they hold ({@code interner}), its length, and how many of
     * those bytes later builds appended.
     */
    record Contents(Map<String, SourceCache.Entry> entries, Interner interner, long length, long appended) {}

    /** The file's entries; empty if there is none or it was written for another {@code context}. */
    static Optional<Contents> read(Path file, String context) throws IOException {
        if (!Files.isRegularFile(file)) return Optional.empty();
        // Mapped, not read: the 37 MB of a 25,000-article cache are neither copied into the heap
        // nor copied again by the collector while the entries are decoded (in parallel, each
        // through a per-thread buffer).
        MappedFile bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            bytes = new MappedFile(channel);
        }
        if (bytes.size < 4) throw new DamagedException("it ends early");
        int format = bytes.readInt(0);
        if (format != FORMAT) throw new DamagedException("another format: " + format + ", this Galley reads " + FORMAT);
        long at = 4;
        String schema = header(bytes, at);
        at += 4 + intAt(bytes, at);
        if (!schema.equals(SourceCodecs.SCHEMA)) throw new DamagedException("another layout of its entries");
        String written = header(bytes, at);
        at += 4 + intAt(bytes, at);
        if (!written.equals(context)) return Optional.empty();

        long[] offsets = new long[1024];
        int[] lengths = new int[1024];
        int n = 0;
        long appended = 0; // bytes of the segments after the first
        boolean firstSegment = true;
        while (true) {
            long segmentStart = at;
            int count = intAt(bytes, at);
            at += 4;
            if (count < 0) throw new DamagedException("a segment of " + count + " entries");
            for (int i = 0; i < count; i++) {
                int entryLength = intAt(bytes, at);
                at += 4;
                if (entryLength < 0 || entryLength > MAX_ENTRY || at + entryLength > bytes.size) {
                    throw new DamagedException("an entry of " + entryLength + " bytes at byte " + (at - 4));
                }
                if (n == offsets.length) {
                    offsets = Arrays.copyOf(offsets, n * 2);
                    lengths = Arrays.copyOf(lengths, n * 2);
                }
                offsets[n] = at;
                lengths[n] = entryLength;
                n++;
                at += entryLength;
            }
            if (intAt(bytes, at) != END) throw new DamagedException("no end mark at byte " + at); // a complete segment
            at += 4;
            if (!firstSegment) appended += at - segmentStart;
            firstSegment = false;
            if (at == bytes.size) break; // the end of the file, between segments
        }
        Interner interner = new Interner();
        return Optional.of(new Contents(entries(bytes, offsets, lengths, n, interner), interner, bytes.size, appended));
    }

    private static int intAt(MappedFile bytes, long at) throws DamagedException {
        if (at + 4 > bytes.size) throw new DamagedException("it ends early");
        return bytes.readInt(at);
    }

    /** A length-prefixed string of the header. */
    private static String header(MappedFile bytes, long at) throws DamagedException {
        int length = intAt(bytes, at);
        if (length < 0 || length > 1 << 20 || at + 4 + length > bytes.size)
            throw new DamagedException("a header of " + length + " bytes");
        byte[] text = new byte[length];
        bytes.copy(at + 4, text, length);
        return new String(text, StandardCharsets.UTF_8);
    }

    /** Decodes the entries (in parallel); a later entry of a key replaces an earlier one. */
    private static Map<String, SourceCache.Entry> entries(
            MappedFile bytes, long[] offsets, int[] lengths, int n, Interner interner) throws DamagedException {
        SourceCache.Entry[] decoded = new SourceCache.Entry[n];
        String[] keys = new String[n];
        ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[1 << 16]);
        try {
            IntStream.range(0, n).parallel().forEach(i -> {
                byte[] buffer = buffers.get();
                if (buffer.length < lengths[i]) {
                    buffer = new byte[Math.max(lengths[i], buffer.length * 2)];
                    buffers.set(buffer);
                }
                bytes.copy(offsets[i], buffer, lengths[i]);
                ByteIn in = new ByteIn(buffer, 0, lengths[i], interner);
                try {
                    keys[i] = in.readString();
                    try {
                        in.file(Path.of(keys[i]));
                    } catch (InvalidPathException e) {
                        throw new DamagedException("a key " + e.getMessage());
                    }
                    decoded[i] = SourceCodecs.ENTRY.read(in);
                    if (!in.atEnd()) throw new DamagedException("bytes left after the entry of " + keys[i]);
                } catch (DamagedException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            // Rethrown from another thread, maybe wrapped again: the damage is in the causes.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DamagedException d) throw d;
            }
            throw e;
        }
        Map<String, SourceCache.Entry> entries = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) entries.put(keys[i], decoded[i]);
        return entries;
    }

    /** The whole file: the header and every entry as one segment. */
    static List<byte[]> whole(String context, Map<String, SourceCache.Entry> entries) {
        ChunkedBytes out = new ChunkedBytes();
        ByteOut header = new ByteOut(256);
        header.writeInt(FORMAT);
        header.writeString(SourceCodecs.SCHEMA);
        header.writeString(context);
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
        out.writeInt(sorted.size());
        ByteOut entry = new ByteOut(4096);
        for (String key : sorted) {
            entry.reset();
            frame(entry, key, entries.get(key));
            out.writeInt(entry.size());
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
