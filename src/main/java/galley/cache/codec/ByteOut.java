package galley.cache.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Bytes being encoded, in a growable array; numbers big-endian, as {@code DataOutputStream} writes them. */
public final class ByteOut {
    private byte[] buf;
    private int size;
    /** The file whose record is being written (see {@link #file(Path)}). */
    private Path file;

    public ByteOut(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /**
     * The file the record being written came from: every path equal to it is written as one byte,
     * and read back as the reader's file (an entry's positions, mostly in its own file).
     */
    public void file(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** Overwrites the four bytes at {@code at} (written before) with {@code v}. */
    public void setInt(int at, int v) {
        if (at < 0 || at + 4 > size) throw new IndexOutOfBoundsException(at);
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** Adds the bytes written so far to {@code checksum}. */
    public void addTo(java.util.zip.Checksum checksum) {
        checksum.update(buf, 0, size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (buf.length - size < n) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeBoolean(boolean b) {
        writeByte(b ? 1 : 0);
    }

    public void writeInt(int v) {
        ensure(4);
        buf[size] = (byte) (v >>> 24);
        buf[size + 1] = (byte) (v >>> 16);
        buf[size + 2] = (byte) (v >>> 8);
        buf[size + 3] = (byte) v;
        size += 4;
    }

    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    /** UTF-8, after its length in bytes. */
    public void writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }
}
