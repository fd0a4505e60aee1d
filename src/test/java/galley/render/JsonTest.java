package galley.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** JSON strings for JSON-LD: valid JSON that reads back as the text, and nothing in them can end the script element. */
class JsonTest {

    /** Reads a JSON string literal back (the escapes JSON defines), to check the writer against. */
    private static String read(String literal) {
        assertEquals('"', literal.charAt(0));
        assertEquals('"', literal.charAt(literal.length() - 1));
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            assertTrue(c >= 0x20 && c != '"', () -> "unescaped U+" + Integer.toHexString(c) + " in " + literal);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case '"', '\\', '/' -> text.append(e);
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    text.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new AssertionError("bad escape \\" + e + " in " + literal);
            }
        }
        return text.toString();
    }

    private static String written(String s) {
        String object = Json.obj().put("k", s).toString();
        return object.substring("{\"k\":".length(), object.length() - 1);
    }

    @Test
    void escapesWhatJsonAndScriptElementsNeed() {
        assertEquals(
                "{\"@type\":\"NewsArticle\",\"headline\":\"A \\\"quote\\\" \\u003c/script\\u003e \\u0026 \\\\ \\n\\u0001\\u2028\","
                        + "\"n\":[1,true]}",
                Json.obj("NewsArticle")
                        .put("headline", "A \"quote\" </script> & \\ \n\u0001\u2028")
                        .put("empty", "")
                        .put("n", Json.list(List.of(1, true)))
                        .toString());
    }

    @Test
    void randomTextsAcrossBlockBoundaries() {
        char[] alphabet = {
            'a', ' ', '"', '\\', '\n', '\r', '\t', '<', '>', '&', '\u0000', '\u001f', '\u2028', '\u2029', 'é', '—',
            '\ud83d', '\ude00', 'z'
        };
        Random random = new Random(27);
        for (int trial = 0; trial < 300; trial++) {
            int n = trial < 100
                    ? 1 + random.nextInt(40)
                    : 1000
                            + random.nextInt(
                                    3000); // (an empty value is left out) long ones span several 1,024-char blocks
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++)
                text.append(random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : 'x');
            String literal = written(text.toString());
            assertEquals(text.toString(), read(literal));
            // Nothing in it can end or confuse the script element it is written into.
            for (char unsafe : new char[] {'<', '>', '&', '\u2028', '\u2029'}) {
                assertEquals(
                        -1, literal.indexOf(unsafe), () -> "raw U+" + Integer.toHexString(unsafe) + " in " + literal);
            }
        }
    }
}
