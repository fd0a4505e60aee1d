package galley.cache;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file mapped in regions of at most 1 GB (a buffer holds at most 2 GB; a million articles'
 * source cache nears that). On Windows, where a mapped file cannot be replaced until the
 * collector unmaps it, the regions are read into the heap instead.
 */
final class MappedFile {
    private static final long REGION = 1L << 30;
    private static final boolean WINDOWS = File.separatorChar == '\\';
    final long size;
    private final long region;
    private final ByteBuffer[] regions;

    MappedFile(FileChannel channel) throws IOException {
        this(channel, REGION, WINDOWS);
    }

    /** Regions of {@code region} bytes, read into the heap if {@code intoHeap} (tests try both, and small regions). */
    MappedFile(FileChannel channel, long region, boolean intoHeap) throws IOException {
        this.size = channel.size();
        this.region = region;
        regions = new ByteBuffer[(int) ((size + region - 1) / region)];
        for (int r = 0; r < regions.length; r++) {
            long start = r * region;
            int length = (int) Math.min(region, size - start);
            if (intoHeap) {
                ByteBuffer heap = ByteBuffer.allocate(length);
                while (heap.hasRemaining()) {
                    if (channel.read(heap, start + heap.position()) < 0) throw new IOException("cut short");
                }
                regions[r] = heap;
            } else {
                regions[r] = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
            }
        }
    }

    /** Copies {@code length} bytes from {@code at} to the start of {@code to}. */
    void copy(long at, byte[] to, int length) {
        int done = 0;
        while (done < length) {
            int index = (int) ((at + done) / region);
            int from = (int) ((at + done) % region);
            int n = (int) Math.min(length - done, region - from);
            regions[index].get(from, to, done, n);
            done += n;
        }
    }

    int readInt(long at) {
        int index = (int) (at / region);
        int from = (int) (at % region);
        if (from + 4 <= region) return regions[index].getInt(from); // big-endian, as DataOutputStream writes
        byte[] four = new byte[4];
        copy(at, four, 4);
        return ((four[0] & 0xFF) << 24) | ((four[1] & 0xFF) << 16) | ((four[2] & 0xFF) << 8) | (four[3] & 0xFF);
    }
}
