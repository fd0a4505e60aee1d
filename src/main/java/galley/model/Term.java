package galley.model;

import java.util.Objects;

/**
 * A section or tag as articles name it: the name shown (as written) and its URL slug.
 * Two names with the same slug are one term.
 */
public record Term(String name, String slug) implements Comparable<Term> {

    public Term {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(slug, "slug");
        if (slug.isEmpty()) throw new IllegalArgumentException("empty slug for \"" + name + "\"");
    }

    public static Term of(String name) {
        return new Term(name, Slug.of(name));
    }

    @Override
    public int compareTo(Term o) {
        int c = slug.compareTo(o.slug);
        return c != 0 ? c : name.compareTo(o.name);
    }
}
