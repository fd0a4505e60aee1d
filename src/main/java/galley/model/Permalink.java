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
        return pattern
                .replace(":year", String.format("%04d", day.getYear()))
                .replace(":month", String.format("%02d", day.getMonthValue()))
                .replace(":day", String.format("%02d", day.getDayOfMonth()))
                .replace(":section", sectionSlug)
                .replace(":slug", slug);
    }
}
