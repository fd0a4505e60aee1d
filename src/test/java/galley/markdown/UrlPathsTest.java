package galley.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
