package galley.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * A {@link Writer} that encodes to UTF-8 as it goes, into one growable byte array that a thread
 * reuses from page to page. Rendering into a {@code StringWriter} and then calling
 * {@code getBytes} copied every page four or five times (buffer growth, {@code toString}, two-byte
 * chars as soon as a page holds one non-Latin-1 character, the encoding): at 25,000 articles that
 * was half of all allocation, and what made the heap grow. Not thread-safe; see {@link #render}.
 */
public final class Utf8Sink extends Writer {

    private static final int KEEP_AT_MOST = 4 << 20;
    /** The ASCII characters HTML escaping replaces (see {@link HtmlEscaping#entity}). */
    private static final boolean[] ESCAPED = new boolean[0x80];
    /** What XML text and attribute values escape, as the JDK's XML writer does ({@code '} is not). */
    private static final boolean[] XML_TEXT = new boolean[0x80];

    private static final boolean[] XML_ATTRIBUTE = new boolean[0x80];

    static {
        for (char c = 0; c < 0x80; c++) ESCAPED[c] = HtmlEscaping.entity(c) != null;
        XML_TEXT['<'] = XML_TEXT['>'] = XML_TEXT['&'] = true;
        XML_ATTRIBUTE['<'] = XML_ATTRIBUTE['>'] = XML_ATTRIBUTE['&'] = XML_ATTRIBUTE['"'] = true;
    }

    private static final ThreadLocal<Utf8Sink> PER_THREAD = ThreadLocal.withInitial(Utf8Sink::new);

    private byte[] buf = new byte[32 * 1024];
    private int len;
    /** Characters of the string being written, copied out in blocks (see {@link #write(String, int, int)}). */
    private final char[] scratch = new char[4096];
    /** A high surrogate whose low half has not been written yet (a pair split across writes). */
    private char pendingHigh;

    private boolean inUse;
    /** The sink for an output rendered while this one is (see {@link #render}). */
    private Utf8Sink nested;

    /** Below this many characters a write is encoded in place; above it, in bulk. */
    private static final int BULK = 32;
    /**
     * Bounds the memo below (a theme's text is tens of kilobytes; arrays other callers pass are
     * kept too, up to this): beyond it, text is encoded each time.
     */
    private static final int MAX_CACHED_CHARS = 1 << 20;

    /** A copy of some text and its UTF-8 bytes. */
    private record Encoded(char[] text, byte[] bytes) {}

    /** Encoded template text, by array identity (see {@link #write(char[], int, int)}). */
    private final IdentityHashMap<char[], Encoded> encodedText = new IdentityHashMap<>();

    private int cachedChars;

    /**
     * Renders one output with this thread's sink and returns its bytes. Nested calls (an output
     * rendered while another is) get a sink of their own, kept for the next nested call.
     */
    public static <E extends Exception> byte[] render(Body<E> body) throws IOException, E {
        return render(body, Arrays::copyOf);
    }

    /**
     * Renders one output as {@link #render(Body)} does and hands {@code then} the sink's own
     * buffer and the output's length, valid only during the call: a page goes to its file without
     * a copy of its own (two thirds of a gigabyte less to allocate in a 25,000-article build).
     */
    public static <R, E extends Exception> R render(Body<E> body, Rendered<R> then) throws IOException, E {
        Utf8Sink sink = PER_THREAD.get();
        while (sink.inUse) { // one sink per level of nesting, kept too (a teaser is rendered inside its list page)
            if (sink.nested == null) sink.nested = new Utf8Sink();
            sink = sink.nested;
        }
        sink.reset();
        sink.inUse = true;
        try {
            body.writeTo(sink);
            sink.endLoneHigh();
            return then.take(sink.buf, sink.len);
        } finally {
            sink.inUse = false;
        }
    }

    /** What takes a rendered output: its bytes are {@code bytes[0, length)}, not to be kept. */
    public interface Rendered<R> {
        R take(byte[] bytes, int length);
    }

    /** What writes one output. */
    public interface Body<E extends Exception> {
        void writeTo(Writer out) throws IOException, E;
    }

    public void reset() {
        if (buf.length > KEEP_AT_MOST) buf = new byte[32 * 1024]; // one huge page must not pin its buffer
        len = 0;
        pendingHigh = 0;
    }

    /** Writes a high surrogate still waiting for its low half as {@code String.getBytes} writes a lone one: {@code ?}. */
    private void endLoneHigh() {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            ensure(1);
            buf[len++] = '?';
        }
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
        if (off == 0 && n == chars.length && n >= BULK && pendingHigh == 0) {
            // A template's text between its tags: the same arrays page after page, encoded once.
            // The text is compared too: a caller may pass a buffer it refills (one bulk compare).
            Encoded known = encodedText.get(chars);
            if (known != null && Arrays.equals(known.text, chars)) {
                putBytes(known.bytes);
                return;
            }
            if (!Character.isHighSurrogate(chars[n - 1])) {
                byte[] bytes = new String(chars).getBytes(StandardCharsets.UTF_8);
                if (cachedChars + n <= MAX_CACHED_CHARS) {
                    cachedChars += n;
                    encodedText.put(chars, new Encoded(chars.clone(), bytes));
                }
                putBytes(bytes);
                return;
            }
        }
        ensure(n * 3);
        int end = off + n;
        int i = off;
        if (pendingHigh == 0) { // ASCII on locals, as in write(String, ...)
            byte[] b = buf;
            int at = len;
            for (; i < end; i++) {
                char c = chars[i];
                if (c >= 0x80) break;
                b[at++] = (byte) c;
            }
            len = at;
        }
        for (; i < end; i++) put(chars[i]);
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
        if (!escapeHtml
                && off == 0
                && n == s.length()
                && n >= BULK
                && pendingHigh == 0
                && !Character.isHighSurrogate(s.charAt(n - 1))) {
            // A whole string (an article's body, a block of markup): the JDK's encoder is two and
            // a half times faster than any loop here under C1.
            putBytes(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (escapeHtml
                && off == 0
                && n == s.length()
                && pendingHigh == 0
                && n > 0
                && !Character.isHighSurrogate(s.charAt(n - 1))) {
            // Escaped on the UTF-8 bytes: no byte of a multi-byte character is ASCII, so this
            // replaces exactly the characters a char-by-char pass would, with bulk copies between.
            putEscaped(s.getBytes(StandardCharsets.UTF_8), ESCAPED);
            return;
        }
        ensure(n * 3);
        // Copied out in blocks first: String.charAt per character was a tenth of a cold build's CPU
        // in C1-compiled code (its bounds checks are calls there); getChars is one bulk copy.
        char[] chars = scratch;
        while (n > 0) {
            int k = Math.min(n, chars.length);
            s.getChars(off, off + k, chars, 0);
            // ASCII that needs no escaping, the bulk of every page, goes through a loop on locals:
            // C1 reloads and stores fields on every pass, which made this loop 3.6 ns a byte.
            byte[] b = buf;
            int at = len;
            int i = 0;
            if (pendingHigh == 0) {
                if (escapeHtml) {
                    for (; i < k; i++) {
                        char c = chars[i];
                        if (c >= 0x80 || ESCAPED[c]) break;
                        b[at++] = (byte) c;
                    }
                } else {
                    for (; i < k; i++) {
                        char c = chars[i];
                        if (c >= 0x80) break;
                        b[at++] = (byte) c;
                    }
                }
            }
            len = at;
            // The rest of the block: non-ASCII, entities, surrogates.
            for (; i < k; i++) {
                char c = chars[i];
                String entity = escapeHtml && c <= '>' ? HtmlEscaping.entity(c) : null;
                if (entity == null) put(c);
                else ascii(entity);
            }
            off += k;
            n -= k;
        }
    }

    /**
     * Writes text that is UTF-8 already (a fragment rendered through a sink of its own, see
     * {@link CachedDirective}). Sources and templates are decoded strictly, so no text holds a
     * lone surrogate; were one pending, it is written as {@code String.getBytes} writes it.
     */
    void writeUtf8(byte[] bytes) {
        endLoneHigh();
        putBytes(bytes);
    }

    /**
     * Writes {@code s} as XML character data ({@code < > &} as entities) or, with {@code attribute},
     * as an attribute value ({@code "} too). Sources are decoded strictly and checked for characters
     * XML forbids, so nothing else needs replacing.
     */
    public void writeXmlEscaped(String s, boolean attribute) {
        endLoneHigh();
        putEscaped(s.getBytes(StandardCharsets.UTF_8), attribute ? XML_ATTRIBUTE : XML_TEXT);
    }

    private void putEscaped(byte[] bytes, boolean[] escaped) {
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            if (c >= 0 && escaped[c]) {
                putBytes(bytes, from, i - from);
                ascii(HtmlEscaping.entity((char) c));
                from = i + 1;
            }
        }
        putBytes(bytes, from, bytes.length - from);
    }

    private void putBytes(byte[] bytes, int from, int n) {
        ensure(n);
        System.arraycopy(bytes, from, buf, len, n);
        len += n;
    }

    private void putBytes(byte[] bytes) {
        putBytes(bytes, 0, bytes.length);
    }

    private void ascii(String entity) {
        endLoneHigh(); // a lone high surrogate before it
        ensure(entity.length());
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
