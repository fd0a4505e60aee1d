package galley.render;

import java.io.Writer;
import java.util.Arrays;

/**
 * A {@link Writer} that encodes to UTF-8 as it goes, into one growable byte array that a thread
 * reuses from page to page. Rendering into a {@code StringWriter} and then calling
 * {@code getBytes} copied every page four or five times (buffer growth, {@code toString}, two-byte
 * chars as soon as a page holds one non-Latin-1 character, the encoding): at 25,000 articles that
 * was half of all allocation, and what made the heap grow. Not thread-safe; see {@link #render}.
 */
public final class Utf8Sink extends Writer {

    private static final int KEEP_AT_MOST = 4 << 20;
    private static final ThreadLocal<Utf8Sink> PER_THREAD = ThreadLocal.withInitial(Utf8Sink::new);

    private byte[] buf = new byte[32 * 1024];
    private int len;
    /** Characters of the string being written, copied out in blocks (see {@link #write(String, int, int)}). */
    private final char[] scratch = new char[4096];
    /** A high surrogate whose low half has not been written yet (a pair split across writes). */
    private char pendingHigh;

    private boolean inUse;

    /**
     * Renders one output with this thread's sink and returns its bytes. Nested calls (an output
     * rendered while another is) get a sink of their own.
     */
    public static <E extends Exception> byte[] render(Body<E> body) throws java.io.IOException, E {
        Utf8Sink shared = PER_THREAD.get();
        Utf8Sink sink = shared.inUse ? new Utf8Sink() : shared;
        sink.reset();
        sink.inUse = true;
        try {
            body.writeTo(sink);
            return sink.toBytes();
        } finally {
            sink.inUse = false;
        }
    }

    /** What writes one output. */
    public interface Body<E extends Exception> {
        void writeTo(Writer out) throws java.io.IOException, E;
    }

    public void reset() {
        if (buf.length > KEEP_AT_MOST) buf = new byte[32 * 1024]; // one huge page must not pin its buffer
        len = 0;
        pendingHigh = 0;
    }

    /** The bytes written so far (a copy of exactly that length). */
    public byte[] toBytes() {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            ensure(1);
            buf[len++] = '?'; // a lone surrogate, encoded as String.getBytes encodes it
        }
        return Arrays.copyOf(buf, len);
    }

    public int size() {
        return len;
    }

    @Override
    public void write(int c) {
        put((char) c);
    }

    @Override
    public void write(char[] chars, int off, int n) {
        ensure(n * 3);
        for (int i = off, end = off + n; i < end; i++) put(chars[i]);
    }

    @Override
    public void write(String s, int off, int n) {
        write(s, off, n, false);
    }

    /** Writes {@code s} with {@code < > & " '} replaced by entities (see {@link HtmlEscaping}). */
    void writeHtmlEscaped(String s) {
        write(s, 0, s.length(), true);
    }

    private void write(String s, int off, int n, boolean escapeHtml) {
        ensure(n * 3);
        // Copied out in blocks first: String.charAt per character was a tenth of a cold build's CPU
        // in C1-compiled code (its bounds checks are calls there); getChars is one bulk copy.
        while (n > 0) {
            int k = Math.min(n, scratch.length);
            s.getChars(off, off + k, scratch, 0);
            for (int i = 0; i < k; i++) {
                char c = scratch[i];
                String entity = escapeHtml && c <= '>' ? HtmlEscaping.entity(c) : null;
                if (entity == null) put(c);
                else ascii(entity);
            }
            off += k;
            n -= k;
        }
    }

    private void ascii(String entity) {
        ensure(entity.length() + 1);
        if (pendingHigh != 0) { // a lone high surrogate before it, written as String.getBytes writes it
            pendingHigh = 0;
            buf[len++] = '?';
        }
        for (int i = 0; i < entity.length(); i++) buf[len++] = (byte) entity.charAt(i);
    }

    @Override
    public void write(String s) {
        write(s, 0, s.length());
    }

    @Override
    public Writer append(CharSequence cs) {
        String s = String.valueOf(cs);
        write(s, 0, s.length());
        return this;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    private void put(char c) {
        if (c < 0x80 && pendingHigh == 0) {
            if (len == buf.length) ensure(1);
            buf[len++] = (byte) c;
            return;
        }
        putSlow(c);
    }

    private void putSlow(char c) {
        ensure(4);
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(high, c);
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
                return;
            }
            buf[len++] = '?'; // an unpaired surrogate, as String.getBytes encodes it
        }
        if (c < 0x80) {
            buf[len++] = (byte) c;
        } else if (c < 0x800) {
            buf[len++] = (byte) (0xC0 | (c >> 6));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            buf[len++] = '?';
        } else {
            put3(c);
        }
    }

    private void put3(int c) {
        ensure(3);
        buf[len++] = (byte) (0xE0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
}
