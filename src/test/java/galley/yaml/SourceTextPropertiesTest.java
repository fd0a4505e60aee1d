package galley.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import galley.diag.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The one-pass byte scan behind {@link SourceText#decode} agrees with the JDK's strict UTF-8
 * decoder on what is well-formed, and with the character-level checks on forbidden characters
 * and line ends.
 */
class SourceTextPropertiesTest {

    private static final Path FILE = Path.of("content/articles/a.md");

    @Property(tries = 2000)
    void theByteCheckFindsExactlyWhatTheTextCheckFinds(@ForAll("texts") String text) {
        // Lone surrogates cannot be UTF-8 (the decoder refuses them first), so they are not generated.
        int found = SourceText.scan(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, found & SourceText.MALFORMED, text);
        assertEquals(SourceText.firstForbiddenChar(text) >= 0, (found & SourceText.FORBIDDEN) != 0, text);
        assertEquals(text.indexOf('\r') >= 0, (found & SourceText.CARRIAGE_RETURN) != 0, text);
    }

    @Property(tries = 3000)
    void decodesAsTheStrictDecoderThenNormalizes(@ForAll("bytes") byte[] bytes) {
        Optional<String> strict = strictDecode(bytes);
        Diagnostics d = new Diagnostics();
        Optional<String> decoded = SourceText.decode(bytes, FILE, d);
        String shown = HexFormat.of().formatHex(bytes);
        if (strict.isEmpty()) {
            assertEquals(Optional.empty(), decoded, shown);
            assertEquals(1, d.sorted().size(), shown);
            assertTrue(d.sorted().get(0).toString().contains("not valid UTF-8"), shown);
        } else {
            String expected = SourceText.normalize(strict.get());
            if (SourceText.firstForbiddenChar(expected) >= 0) {
                assertEquals(Optional.empty(), decoded, shown);
                assertTrue(d.sorted().get(0).toString().contains("control character"), shown);
            } else {
                assertEquals(Optional.of(expected), decoded, shown);
                assertEquals(0, d.sorted().size(), shown);
            }
        }
    }

    /**
     * Every sequence of one, two and three bytes (the third from values at and around the
     * continuation range's edges), and four-byte ones for every lead from 0xF0: the scan calls
     * exactly those malformed that the JDK's strict decoder refuses, truncated ones included.
     */
    @Test
    void wellFormedExactlyWhereTheStrictDecoderAgrees() {
        int[] edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        for (int a = 0; a < 256; a++) {
            check(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                check(new byte[] {(byte) a, (byte) b});
                for (int c : edges) check(new byte[] {(byte) a, (byte) b, (byte) c});
            }
        }
        for (int a = 0xF0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : edges) {
                    for (int e : edges) check(new byte[] {(byte) a, (byte) b, (byte) c, (byte) e});
                }
            }
        }
    }

    private static final CharsetDecoder STRICT = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private static Optional<String> strictDecode(byte[] bytes) {
        try {
            return Optional.of(STRICT.reset().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static void check(byte[] bytes) {
        boolean refused = strictDecode(bytes).isEmpty();
        boolean malformed = (SourceText.scan(bytes) & SourceText.MALFORMED) != 0;
        if (refused != malformed) {
            fail(HexFormat.of().formatHex(bytes) + ": strict decoder " + (refused ? "refuses" : "accepts")
                    + ", scan says " + (malformed ? "malformed" : "well-formed"));
        }
    }

    @Provide
    Arbitrary<String> texts() {
        // Mostly ordinary text, with controls, tabs, line ends, U+FFFD..U+FFFF, other EF-led
        // characters (U+F000..U+FFFF) and characters outside the BMP mixed in.
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(5),
                Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf),
                Arbitraries.of(
                        "\t", "\n", "\r", "\r\n", "\uFFFD", "\uFFFE", "\uFFFF", "\uFEFF", "\uF8FF", "é", "–", "😀",
                        "\u007F", "\u0085"),
                Arbitraries.chars().range('\uF000', '\uFFFF').map(String::valueOf));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        // Pieces of well-formed text (a BOM, line ends, controls, multi-byte characters) with
        // single arbitrary bytes mixed in, so both outcomes are common.
        Arbitrary<byte[]> text = texts().map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> stray = Arbitraries.bytes().map(b -> new byte[] {b});
        Arbitrary<byte[]> bom = Arbitraries.just(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        return Arbitraries.frequencyOf(Tuple.of(6, text), Tuple.of(2, stray), Tuple.of(1, bom))
                .list()
                .ofMaxSize(6)
                .map(parts -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    parts.forEach(out::writeBytes);
                    return out.toByteArray();
                });
    }
}
