package galley.plan;

import java.util.List;

/**
 * Stable pagination (issue #3): numbered pages count from the OLDEST end. Page 1 holds the
 * oldest {@code size} articles, page 2 the next, and so on; only the newest numbered page can be
 * partly filled. The list's front page shows the newest {@code size}. A new article therefore
 * changes the front page and the newest numbered page (or starts a new one), and a full numbered
 * page keeps its articles forever.
 *
 * <p>A list that fits on its front page has no numbered pages at all.
 */
public record Pagination(int total, int size) {

    public Pagination {
        if (total < 0 || size < 1) throw new IllegalArgumentException("total >= 0, size >= 1");
    }

    /** How many numbered pages there are (0 when the front page holds everything). */
    public int numberedPages() {
        return total <= size ? 0 : (total + size - 1) / size;
    }

    /**
     * The articles of numbered page {@code n} (1-based) out of {@code newestFirst}: oldest-first
     * positions {@code [(n-1)*size, n*size)}, returned newest first as lists are shown.
     */
    public <T> List<T> page(List<T> newestFirst, int n) {
        if (n < 1 || n > numberedPages()) throw new IllegalArgumentException("no page " + n);
        int fromOldest = (n - 1) * size;
        int toOldest = Math.min(n * size, total);
        // newest-first index i holds oldest-first position total-1-i
        return newestFirst.subList(total - toOldest, total - fromOldest);
    }

    /** The newest {@code size} articles, for the front page. */
    public <T> List<T> front(List<T> newestFirst) {
        return newestFirst.subList(0, Math.min(size, total));
    }
}
