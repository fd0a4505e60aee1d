package galley.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaginationTest {

    /** Articles 1..n, newest first (n is the newest). */
    private static List<Integer> newestFirst(int n) {
        return IntStream.iterate(n, i -> i - 1).limit(n).boxed().toList();
    }

    @ParameterizedTest
    @CsvSource({"0,3,0", "1,3,0", "3,3,0", "4,3,2", "6,3,2", "7,3,3", "25000,20,1250"})
    void countsNumberedPages(int total, int size, int pages) {
        assertEquals(pages, new Pagination(total, size).numberedPages());
    }

    @Test
    void numbersPagesFromTheOldestEnd() {
        Pagination p = new Pagination(7, 3);
        List<Integer> all = newestFirst(7);
        assertEquals(List.of(3, 2, 1), p.page(all, 1));
        assertEquals(List.of(6, 5, 4), p.page(all, 2));
        assertEquals(List.of(7), p.page(all, 3));
        assertEquals(List.of(7, 6, 5), p.front(all));
    }

    @Test
    void fullPagesNeverChangeWhenArticlesArePublished() {
        int size = 4;
        for (int total = 1; total < 40; total++) {
            Pagination before = new Pagination(total, size);
            Pagination after = new Pagination(total + 1, size);
            List<Integer> a = newestFirst(total);
            List<Integer> b = newestFirst(total + 1);
            List<Integer> changed = new ArrayList<>();
            for (int n = 1; n <= before.numberedPages(); n++) {
                if (!before.page(a, n).equals(after.page(b, n))) changed.add(n);
            }
            // Only the newest numbered page may change, and only if it was not yet full.
            for (int n : changed) {
                assertEquals(before.numberedPages(), n, "page " + n + " changed at total " + total);
                assertEquals(true, before.page(a, n).size() < size, "a full page changed at total " + total);
            }
        }
    }
}
