package galley.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file read into memory outside the heap, in regions of at most 1 GB (a buffer holds at most
 * 2 GB; a million articles' source cache nears that). Read, not mapped: a mapped file cut short
 * by another process while it is read crashes the JVM (SIGBUS) at the first page past the new end,
 * and a mapped file cannot be replaced on Windows until the collector unmaps it. Read, a file that
 * shrinks while it is read ends early, which is damage like any other. Outside the heap, not in a
 * byte array: the collector would copy the whole file from the young generation with the model
 * decoded from it, and the channel would read it through a temporary native buffer of its size.
 */
final class FileBytes {
    private static final long REGION = 1L << 30;
    final long size;
    private final long region;
    private final ByteBuffer[] regions;

    FileBytes(FileChannel channel) throws IOException {
        this(channel, REGION);
    }

    /** Regions of {@code region} bytes (tests try small ones). */
    FileBytes(FileChannel channel, long region) throws IOException {
        this.size = channel.size();
        this.region = region;
        regions = new ByteBuffer[(int) ((size + region - 1) / region)];
        for (int r = 0; r < regions.length; r++) {
            long start = r * region;
            ByteBuffer into = ByteBuffer.allocateDirect((int) Math.min(region, size - start));
            while (into.hasRemaining()) {
                if (channel.read(into, start + into.position()) < 0) throw new IOException("cut short while read");
            }
            regions[r] = into;
        }
    }

    /** Copies {@code length} bytes from {@code at} to {@code to}, from {@code offset} on. */
    void copy(long at, byte[] to, int offset, int length) {
        int done = 0;
        while (done < length) {
            int index = (int) ((at + done) / region);
            int from = (int) ((at + done) % region);
            int n = (int) Math.min(length - done, region - from);
            regions[index].get(from, to, offset + done, n);
            done += n;
        }
    }

    /** Copies {@code length} bytes from {@code at} to the start of {@code to}. */
    void copy(long at, byte[] to, int length) {
        copy(at, to, 0, length);
    }

    int readInt(long at) {
        int index = (int) (at / region);
        int from = (int) (at % region);
        if (from + 4 <= region) return regions[index].getInt(from); // big-endian, as ByteOut writes
        byte[] four = new byte[4];
        copy(at, four, 4);
        return ((four[0] & 0xFF) << 24) | ((four[1] & 0xFF) << 16) | ((four[2] & 0xFF) << 8) | (four[3] & 0xFF);
    }
}
