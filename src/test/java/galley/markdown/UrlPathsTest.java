package galley.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPathsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /2025/11/24/talks/          | /2025/11/24/talks/
            /media/my photo.jpg         | /media/my%20photo.jpg
            /tags/київ/                 | /tags/київ/
            /media/a"b<c>.jpg           | /media/a%22b%3Cc%3E.jpg
            /media/already%20done.jpg   | /media/already%20done.jpg
            """)
    void encodesWhatAUrlPathCannotHold(String path, String expected) {
        assertEquals(expected, UrlPaths.encode(path));
        assertEquals(path.replace("%20", " "), UrlPaths.decode(expected));
    }

    /** RFC 3986's path characters (pchar, '/') and '%' of an escape written already. */
    private static final Pattern PATH_CHAR = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@/%-]");

    @Test
    void everyAsciiCharacterIsKeptOrEscapedAsRfc3986Says() {
        for (char c = 0; c < 0x80; c++) {
            String one = String.valueOf(c);
            String expected = PATH_CHAR.matcher(one).matches() ? one : String.format("%%%02X", (int) c);
            assertEquals("/a" + expected + "b", UrlPaths.encode("/a" + c + "b"), "U+" + Integer.toHexString(c));
        }
    }
}
