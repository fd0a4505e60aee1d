package galley.yaml;

import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a text source strictly as UTF-8: a leading byte-order mark is dropped, CRLF and CR line
 * ends become LF, and bytes that are not UTF-8 are an error naming the line they are on. So are
 * control characters that XML and HTML cannot carry (U+0000-U+001F other than tab and line ends,
 * U+FFFE, U+FFFF): they would make every feed that shows the text malformed (issue #5).
 */
public final class SourceText {

    private SourceText() {}

    public static Optional<String> read(Path file, Path shownAs, Diagnostics diagnostics) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            diagnostics.error(SourcePosition.of(shownAs), "cannot read file: " + e.getMessage());
            return Optional.empty();
        }
        return decode(bytes, shownAs, diagnostics);
    }

    public static Optional<String> decode(byte[] bytes, Path shownAs, Diagnostics diagnostics) {
        int found = scan(bytes);
        if ((found & MALFORMED) != 0) {
            int bad = firstInvalidByte(bytes);
            diagnostics.error(
                    SourcePosition.of(shownAs, lineOfByte(bytes, bad)),
                    "file is not valid UTF-8 (byte 0x" + String.format("%02X", bytes[bad] & 0xFF) + " at offset " + bad
                            + "); save it as UTF-8");
            return Optional.empty();
        }
        // Well-formed, so the JDK's lenient decoder gives exactly what the strict one would, in one
        // pass into the string's own array. The strict decoder filled a char buffer that toString
        // copied, and two more passes looked for forbidden characters and carriage returns: 430 ms
        // of one thread for the 25,000 articles of the benchmark archive, against 300 ms now.
        String text = new String(bytes, StandardCharsets.UTF_8);
        String normalized =
                (found & CARRIAGE_RETURN) != 0 || bytes.length >= 3 && bytes[0] == (byte) 0xEF ? normalize(text) : text;
        int bad = (found & FORBIDDEN) != 0 ? firstForbiddenChar(normalized) : -1;
        if (bad >= 0) {
            diagnostics.error(
                    position(shownAs, normalized, bad),
                    "the file contains the control character " + codePoint(normalized.codePointAt(bad))
                            + ", which pages and feeds cannot carry; remove it");
            return Optional.empty();
        }
        return Optional.of(normalized);
    }

    /** {@link #scan} found a byte sequence that is not well-formed UTF-8. */
    static final int MALFORMED = 1;
    /** {@link #scan} found a character {@link #isForbidden} refuses (lone surrogates are {@link #MALFORMED}). */
    static final int FORBIDDEN = 2;
    /** {@link #scan} found a carriage return. */
    static final int CARRIAGE_RETURN = 4;

    /**
     * One pass over the bytes of a source: whether they are well-formed UTF-8 (Unicode's table
     * 3-7, which is what the JDK's strict decoder accepts: no overlong forms, no surrogates,
     * nothing above U+10FFFF), hold a forbidden character or a carriage return. The flags above,
     * or 0 for ordinary text. Checked on the bytes because a C0 control is one byte below 0x20
     * in UTF-8 and U+FFFE / U+FFFF are EF BF BE / EF BF BF; ASCII, the bulk of any source, costs
     * one comparison a byte.
     */
    static int scan(byte[] bytes) {
        int found = 0;
        int n = bytes.length;
        for (int i = 0; i < n; i++) {
            int b = bytes[i];
            if (b >= 0x20) continue;
            if (b >= 0) {
                if (b == '\r') found |= CARRIAGE_RETURN;
                else if (b != '\n' && b != '\t') found |= FORBIDDEN;
                continue;
            }
            int lead = b & 0xFF;
            if (lead < 0xC2 || lead > 0xF4) return found | MALFORMED;
            int length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            if (i + length > n) return found | MALFORMED;
            int second = bytes[i + 1] & 0xFF;
            // The second byte's range depends on the lead (overlong forms, surrogates, > U+10FFFF).
            int min = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
            int max = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
            if (second < min || second > max) return found | MALFORMED;
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) return found | MALFORMED;
            }
            if (lead == 0xEF && second == 0xBF && (bytes[i + 2] & 0xFF) >= 0xBE) found |= FORBIDDEN;
            i += length - 1;
        }
        return found;
    }

    /**
     * True for characters no page or feed may carry: C0 controls other than tab, LF and CR, the
     * non-characters U+FFFE and U+FFFF, and surrogates that are not part of a pair (XML 1.0 "Char").
     */
    public static boolean isForbidden(String text, int index) {
        char c = text.charAt(index);
        if (c < 0x20) return c != '\t' && c != '\n' && c != '\r';
        if (c == '\uFFFE' || c == '\uFFFF') return true;
        if (Character.isHighSurrogate(c))
            return index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1));
        if (Character.isLowSurrogate(c)) return index == 0 || !Character.isHighSurrogate(text.charAt(index - 1));
        return false;
    }

    /** Index of the first forbidden character (see {@link #isForbidden}), or -1. */
    public static int firstForbiddenChar(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isForbidden(text, i)) return i;
        }
        return -1;
    }

    /** "U+0001": how messages name a code point. */
    public static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }

    private static SourcePosition position(Path file, String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(file, line, text.codePointCount(lineStart, index) + 1);
    }

    /** Drops a BOM and turns CRLF / CR into LF, so line numbers and output do not depend on the editor. */
    public static String normalize(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        if (text.indexOf('\r') < 0) return text;
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static int lineOfByte(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') line++;
        }
        return line;
    }

    /** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
    static int firstInvalidByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        return r.isError() ? in.position() : 0;
    }
}
