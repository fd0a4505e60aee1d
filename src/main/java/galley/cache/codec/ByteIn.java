package galley.cache.codec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A cursor over bytes written by {@link ByteOut}: {@code DataInputStream}'s encoding without its
 * per-call locking. Every read checks its bounds: bytes that end early or hold an impossible
 * length throw {@link DamagedException}, never an index or allocation failure.
 */
public final class ByteIn {
    private final byte[] buf;
    private int pos;
    private final int end;
    private Path file;
    private final Interner interner;

    /** Reads {@code buf[pos..end)}; values of interned types are shared through {@code interner} (null: not shared). */
    public ByteIn(byte[] buf, int pos, int end, Interner interner) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
        this.interner = interner;
    }

    /** The file the record being read came from (see {@link ByteOut#file(Path)}). */
    public void file(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    Interner interner() {
        return interner;
    }

    public boolean atEnd() {
        return pos == end;
    }

    private void need(int n) throws DamagedException {
        if (end - pos < n) throw new DamagedException("ends early");
    }

    public byte readByte() throws DamagedException {
        need(1);
        return buf[pos++];
    }

    public boolean readBoolean() throws DamagedException {
        byte b = readByte();
        if (b != 0 && b != 1) throw new DamagedException("a boolean of " + b);
        return b == 1;
    }

    public int readInt() throws DamagedException {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24)
                | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long readLong() throws DamagedException {
        return ((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL);
    }

    /** A count of elements that follow: never more than the bytes left, so a damaged one allocates nothing. */
    public int readCount() throws DamagedException {
        int n = readInt();
        if (n < 0 || n > end - pos)
            throw new DamagedException("a count of " + n + " with " + (end - pos) + " bytes left");
        return n;
    }

    public String readString() throws DamagedException {
        int n = readCount();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }
}
