package galley.views;

import galley.model.Article;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each component of {@link Article} is shown: the one declaration of an article's
 * dependents that the incremental build follows.
 *
 * <ul>
 *   <li>{@code PageKeys} puts the {@link Shown#LISTS} components (and the authors' files) into the
 *       key of every output that lists the article: lists, feeds, sitemaps, search indexes, the
 *       pages of its neighbours and of the articles it is related to;
 *   <li>the article's own page is keyed by those and by the file's hash, which covers every
 *       {@link Shown#OWN_PAGE} component;
 *   <li>two readings of one file that differ only in {@link Shown#OWN_PAGE} components are a body
 *       edit ({@link #onlyOwnPageDiffers}): its page and the full-content feeds are rendered, nothing else.
 * </ul>
 *
 * A component missing here stops every build at class load; {@code ArticleFieldsTest} changes each
 * component in turn and fails if an output that its declaration says does not show it changes.
 */
public final class ArticleFields {

    /** Which outputs show a component. */
    public enum Shown {
        /** Wherever the article is listed (teasers, feed entries, sitemaps, search), and on its own page. */
        LISTS,
        /** Only on the article's own page and in the full-content feeds (the body and what comes with it). */
        OWN_PAGE,
        /**
         * Nowhere as such: it decides which outputs exist and what they list (a draft is not
         * published; an alias makes a redirect), which planning accounts for.
         */
        PLAN
    }

    private static final Map<String, Shown> DECLARED = declared();

    private static Map<String, Shown> declared() {
        Map<String, Shown> d = new LinkedHashMap<>();
        d.put("source", Shown.OWN_PAGE); // the body is read from it; links resolve from it
        d.put("bodyOffset", Shown.OWN_PAGE);
        d.put("bodyLine", Shown.OWN_PAGE); // warning positions
        d.put("slug", Shown.LISTS);
        d.put("path", Shown.LISTS);
        d.put("title", Shown.LISTS);
        d.put("date", Shown.LISTS);
        d.put("updated", Shown.LISTS);
        // Shown on the article's page only, but not in the file's bytes (which key that page), so it
        // is keyed wherever the article is: a commit alone changes it.
        d.put("firstCommitted", Shown.LISTS);
        d.put("section", Shown.LISTS);
        d.put("authors", Shown.LISTS);
        d.put("tags", Shown.LISTS);
        d.put("summary", Shown.LISTS);
        d.put("excerpt", Shown.LISTS);
        d.put("image", Shown.LISTS);
        d.put("draft", Shown.PLAN);
        d.put("aliases", Shown.PLAN);
        d.put("corrections", Shown.LISTS); // their dates are the article's last change (sitemaps, feeds)
        d.put("wordCount", Shown.OWN_PAGE); // reading time
        d.put("articleLinks", Shown.OWN_PAGE);
        d.put("extra", Shown.OWN_PAGE);
        d.put("contentHash", Shown.OWN_PAGE);
        return d;
    }

    /** Accessors of the {@link Shown#LISTS} components, in record order. */
    private static final List<MethodHandle> LISTED;
    /** Accessors of the {@link Shown#LISTS} and {@link Shown#PLAN} components: what a body edit keeps. */
    private static final List<MethodHandle> KEPT_BY_BODY_EDITS;

    static {
        Set<String> components = new TreeSet<>();
        for (RecordComponent c : Article.class.getRecordComponents()) components.add(c.getName());
        if (!components.equals(new TreeSet<>(DECLARED.keySet()))) {
            Set<String> undeclared = new TreeSet<>(components);
            undeclared.removeAll(DECLARED.keySet());
            Set<String> gone = new TreeSet<>(DECLARED.keySet());
            gone.removeAll(components);
            throw new IllegalStateException("ArticleFields must declare every component of Article: undeclared "
                    + undeclared + ", no longer in Article " + gone);
        }
        List<MethodHandle> listed = new ArrayList<>();
        List<MethodHandle> kept = new ArrayList<>();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (RecordComponent c : Article.class.getRecordComponents()) {
            MethodHandle accessor;
            try {
                accessor = lookup.unreflect(c.getAccessor()).asType(MethodType.methodType(Object.class, Article.class));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            Shown shown = DECLARED.get(c.getName());
            if (shown == Shown.LISTS) listed.add(accessor);
            if (shown != Shown.OWN_PAGE) kept.add(accessor);
        }
        LISTED = List.copyOf(listed);
        KEPT_BY_BODY_EDITS = List.copyOf(kept);
    }

    private ArticleFields() {}

    /** Where {@code component} (a component name of {@link Article}) is shown. */
    public static Shown of(String component) {
        Shown shown = DECLARED.get(component);
        if (shown == null) throw new IllegalArgumentException("not a component of Article: " + component);
        return shown;
    }

    /** The values of {@code a}'s {@link Shown#LISTS} components, in record order. */
    public static List<Object> listed(Article a) {
        return values(LISTED, a);
    }

    /**
     * Whether {@code a} and {@code b} (two readings of one file) differ in {@link Shown#OWN_PAGE}
     * components alone: then only the article's page and the full-content feeds can change.
     */
    public static boolean onlyOwnPageDiffers(Article a, Article b) {
        return values(KEPT_BY_BODY_EDITS, a).equals(values(KEPT_BY_BODY_EDITS, b));
    }

    private static List<Object> values(List<MethodHandle> accessors, Article a) {
        Object[] values = new Object[accessors.size()];
        try {
            for (int i = 0; i < values.length; i++)
                values[i] = (Object) accessors.get(i).invokeExact(a);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read an Article component", e);
        }
        return Arrays.asList(values);
    }
}
