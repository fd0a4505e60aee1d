package galley.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** JSON strings for JSON-LD: valid JSON, and nothing in them can end the script element. */
class JsonTest {

    /** The escaping written out character by character, as the writer did before it copied runs. */
    private static String reference(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }

    private static String written(String s) {
        String object = Json.obj().put("k", s).toString();
        return object.substring("{\"k\":".length(), object.length() - 1);
    }

    @Test
    void escapesWhatJsonAndScriptElementsNeed() {
        assertEquals("{\"@type\":\"NewsArticle\",\"headline\":\"A \\\"quote\\\" \\u003c/script\\u003e \\u0026 \\\\ \\n\\u0001\\u2028\","
                + "\"n\":[1,true]}", Json.obj("NewsArticle").put("headline", "A \"quote\" </script> & \\ \n\u0001\u2028")
                .put("empty", "").put("n", Json.list(List.of(1, true))).toString());
    }

    @Test
    void randomTextsAcrossBlockBoundaries() {
        char[] alphabet = {'a', ' ', '"', '\\', '\n', '\r', '\t', '<', '>', '&', '\u0000', '\u001f', '\u2028', '\u2029', 'é', '—', '\ud83d',
            '\ude00', 'z'};
        Random random = new Random(27);
        for (int trial = 0; trial < 300; trial++) {
            int n = trial < 100 ? 1 + random.nextInt(40) : 1000 + random.nextInt(3000); // (an empty value is left out) long ones span several 1,024-char blocks
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) text.append(random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : 'x');
            assertEquals(reference(text.toString()), written(text.toString()));
        }
    }
}
