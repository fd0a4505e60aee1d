package galley.model;

import java.time.LocalDate;

/**
 * Expands a permalink pattern ({@code /:year/:month/:day/:slug/}) for one article. The pattern
 * was validated when site.yaml was read; slugs are validated when articles are read, so the
 * result never contains "..", a backslash or an empty segment.
 */
public final class Permalink {

    private Permalink() {}

    public static String expand(String pattern, LocalDate day, String slug, String sectionSlug) {
        return pattern.replace(":year", pad(day.getYear(), 4))
                .replace(":month", pad(day.getMonthValue(), 2))
                .replace(":day", pad(day.getDayOfMonth(), 2))
                .replace(":section", sectionSlug)
                .replace(":slug", slug);
    }

    /** {@code n} with leading zeros to {@code width} digits: String.format without its parsing, for every article. */
    public static String pad(int n, int width) {
        String s = Integer.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
