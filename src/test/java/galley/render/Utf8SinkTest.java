package galley.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sink must give exactly the bytes {@code String.getBytes(UTF_8)} gives, however the text is split into writes. */
class Utf8SinkTest {

    @Test
    void encodesLikeStringGetBytesWhateverTheWriteBoundaries() throws Exception {
        Random random = new Random(20261126);
        String[] pieces = {
            "a", "é", "—", "€", "😀", "\uD83D", "\uDE00", "<p>", "Київ", "\u0000", "\u07FF", "\u0800", "\uFFFF"
        };
        for (int trial = 0; trial < 2_000; trial++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) text.append(pieces[random.nextInt(pieces.length)]);
            String s = text.toString();
            byte[] got = Utf8Sink.render(out -> {
                // split at random points, including between the two halves of a surrogate pair
                int at = 0;
                while (at < s.length()) {
                    int len = 1 + random.nextInt(Math.max(1, s.length() - at));
                    switch (random.nextInt(3)) {
                        case 0 -> out.write(s, at, len);
                        case 1 -> out.write(s.substring(at, at + len).toCharArray());
                        default -> {
                            for (int i = at; i < at + len; i++) out.write(s.charAt(i));
                        }
                    }
                    at += len;
                }
            });
            assertArrayEquals(
                    s.getBytes(StandardCharsets.UTF_8),
                    got,
                    () -> "for " + s.codePoints().mapToObj(Integer::toHexString).toList());
        }
    }

    @Test
    void longStringsAreEncodedRightAcrossTheSinksCopyBlocks() throws Exception {
        // Strings longer than the sink's block of copied characters, with a surrogate pair, a
        // three-byte and a two-byte character straddling every block boundary.
        for (int pad = 4090; pad <= 4100; pad++) {
            String s = "a".repeat(pad) + "😀€é" + "b".repeat(pad) + "Київ😀".repeat(900);
            byte[] got = Utf8Sink.render(out -> out.write(s));
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), got, "with " + pad + " characters before the pair");
        }
    }

    @Test
    void aCharArrayRefilledBetweenWritesIsEncodedAsItIsNow() throws Exception {
        // Whole arrays are encoded once and remembered by identity (a template's text); a caller
        // that refills one buffer must still get what the buffer holds at each write.
        char[] buffer = new char[40];
        for (String text : new String[] {
            "a".repeat(40), "b".repeat(40), "Київ ".repeat(8), "a".repeat(40), "x".repeat(39) + "\uD83D"
        }) {
            text.getChars(0, 40, buffer, 0);
            byte[] got = Utf8Sink.render(out -> {
                out.write(buffer);
                out.write(buffer, 0, buffer.length);
            });
            String twice = text + text;
            assertArrayEquals(twice.getBytes(StandardCharsets.UTF_8), got, () -> "for " + text);
        }
    }

    @Test
    void aNestedRenderGetsItsOwnBuffer() throws Exception {
        byte[] outer = Utf8Sink.render(out -> {
            out.write("outer ");
            byte[] inner = Utf8Sink.render(in -> in.write("inner"));
            out.write(new String(inner, StandardCharsets.UTF_8));
            out.write(" end");
        });
        assertEquals("outer inner end", new String(outer, StandardCharsets.UTF_8));
    }

    @Test
    void aHugeOutputDoesNotStayPinnedAndTheNextOneIsRight() throws Exception {
        String big = "ж".repeat(3 << 20);
        assertEquals(6 << 20, Utf8Sink.render(out -> out.write(big)).length);
        assertEquals("small", new String(Utf8Sink.render(out -> out.write("small")), StandardCharsets.UTF_8));
    }
}
