package galley.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NearestNameTest {

    @Test
    void findsTyposButNotOtherWords() {
        List<String> keys = List.of("title", "date", "section", "authors", "tags", "summary");
        assertEquals(Optional.of("title"), NearestName.among("titel", keys));
        assertEquals(Optional.of("title"), NearestName.among("Title", keys));
        assertEquals(Optional.of("authors"), NearestName.among("author", keys));
        assertEquals(Optional.of("section"), NearestName.among("sectoin", keys));
        assertEquals(Optional.empty(), NearestName.among("pages", keys));
        assertEquals(Optional.empty(), NearestName.among("title", keys), "a known name is not a typo of itself");
    }

    @Test
    void tiesGoToTheNameThatSortsFirstWhateverTheOrder() {
        assertEquals(Optional.of("cat"), NearestName.among("bat", List.of("hat", "cat")));
        assertEquals(Optional.of("cat"), NearestName.among("bat", List.of("cat", "hat")));
    }
}
