package galley.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file read into the heap, in regions of at most 1 GB (an array holds at most 2 GB; a million
 * articles' source cache nears that). Read, not mapped: a mapped file cut short by another process
 * while it is read crashes the JVM (SIGBUS) at the first page past the new end, and a mapped file
 * cannot be replaced on Windows until the collector unmaps it. Read, a file that shrinks while it
 * is read ends early, which is damage like any other.
 */
final class FileBytes {
    private static final long REGION = 1L << 30;
    final long size;
    private final long region;
    private final byte[][] regions;

    FileBytes(FileChannel channel) throws IOException {
        this(channel, REGION);
    }

    /** Regions of {@code region} bytes (tests try small ones). */
    FileBytes(FileChannel channel, long region) throws IOException {
        this.size = channel.size();
        this.region = region;
        regions = new byte[(int) ((size + region - 1) / region)][];
        for (int r = 0; r < regions.length; r++) {
            long start = r * region;
            byte[] bytes = new byte[(int) Math.min(region, size - start)];
            ByteBuffer into = ByteBuffer.wrap(bytes);
            while (into.hasRemaining()) {
                if (channel.read(into, start + into.position()) < 0) throw new IOException("cut short while read");
            }
            regions[r] = bytes;
        }
    }

    /** Copies {@code length} bytes from {@code at} to the start of {@code to}. */
    void copy(long at, byte[] to, int length) {
        int done = 0;
        while (done < length) {
            int index = (int) ((at + done) / region);
            int from = (int) ((at + done) % region);
            int n = (int) Math.min(length - done, region - from);
            System.arraycopy(regions[index], from, to, done, n);
            done += n;
        }
    }

    /**
     * The region that holds all of {@code [at, at + length)}, or null when the range straddles two
     * (then {@link #copy} it); the range starts at {@link #offsetIn}{@code (at)} in it.
     */
    byte[] regionHolding(long at, int length) {
        int index = (int) (at / region);
        return (at % region) + length <= region ? regions[index] : null;
    }

    int offsetIn(long at) {
        return (int) (at % region);
    }

    int readInt(long at) {
        byte[] four = regionHolding(at, 4);
        int from = offsetIn(at);
        if (four == null) {
            four = new byte[4];
            copy(at, four, 4);
            from = 0;
        }
        return ((four[from] & 0xFF) << 24)
                | ((four[from + 1] & 0xFF) << 16)
                | ((four[from + 2] & 0xFF) << 8)
                | (four[from + 3] & 0xFF); // big-endian, as ByteOut writes
    }
}
