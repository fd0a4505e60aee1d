package galley.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Decides which link and image URLs may appear in output: no script-running schemes, in any mode. */
public final class UrlSafety {

    /**
     * Attributes whose whole value is one URL, on any element (HTML and SVG). {@code srcset},
     * {@code imagesrcset} and {@code ping} carry several and are read candidate by candidate;
     * any attribute named {@code …:href} (a namespaced link) counts as {@code href}.
     */
    static final Set<String> URL_ATTRIBUTES = Set.of(
            "href",
            "src",
            "action",
            "formaction",
            "poster",
            "cite",
            "data",
            "background",
            "longdesc",
            "lowsrc",
            "dynsrc",
            "codebase",
            "classid",
            "archive",
            "manifest",
            "icon",
            "usemap",
            "profile",
            "itemtype",
            "itemid");

    /** Attributes holding a list of URLs with descriptors ({@code a.jpg 1x, b.jpg 2x}). */
    static final Set<String> SRCSET_ATTRIBUTES = Set.of("srcset", "imagesrcset");

    /** The rule's number: raised with every change to what is removed, so pages rendered under another are not reused. */
    public static final int RULE = 2;

    private UrlSafety() {}

    /**
     * True for {@code javascript:}, {@code vbscript:} and {@code data:} URLs, however they are
     * disguised with case, white space or control characters (browsers ignore those in a scheme).
     */
    public static boolean isDangerous(String url) {
        StringBuilder scheme = new StringBuilder();
        for (int i = 0; i < url.length() && scheme.length() < 16; i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == '\u00A0') continue;
            if (c == ':') {
                String s = scheme.toString().toLowerCase(Locale.ROOT);
                return s.equals("javascript") || s.equals("vbscript") || s.equals("data");
            }
            if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') return false;
            scheme.append(c);
        }
        return false;
    }

    /** True when attribute {@code name} (lower case, as jsoup gives it) holds one URL. */
    static boolean isUrlAttribute(String name) {
        return URL_ATTRIBUTES.contains(name) || name.endsWith(":href");
    }

    /**
     * {@code srcset} without its dangerous candidates: the value itself when every candidate is
     * safe (so markup is not rewritten needlessly), the safe candidates joined by ", " otherwise,
     * or null when none is left (the attribute is then removed).
     *
     * <p>Candidates are split as browsers split them (HTML's "parse a srcset attribute"): a URL
     * is a run without white space, so the commas inside {@code data:image/png;base64,…} belong to
     * the URL; a comma ends a candidate only after the URL's white space or descriptors. A
     * candidate whose descriptors hold a colon is dropped as well (browsers ignore it anyway).
     */
    static String safeSrcset(String srcset) {
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        int i = 0;
        int n = srcset.length();
        while (i < n) {
            while (i < n && (isSpace(srcset.charAt(i)) || srcset.charAt(i) == ',')) i++;
            if (i >= n) break;
            int urlStart = i;
            while (i < n && !isSpace(srcset.charAt(i))) i++;
            String url = srcset.substring(urlStart, i);
            String descriptors = "";
            if (url.endsWith(",")) {
                url = url.replaceAll(",+$", "");
            } else {
                int descStart = i;
                boolean inParens = false;
                while (i < n) {
                    char c = srcset.charAt(i);
                    if (c == '(') inParens = true;
                    else if (c == ')') inParens = false;
                    else if (c == ',' && !inParens) break;
                    i++;
                }
                descriptors = srcset.substring(descStart, i).strip();
                if (i < n) i++; // the comma
            }
            // No valid descriptor (480w, 2x, 1.5x) has a colon: a candidate whose "descriptor" has
            // one (da ta:…, a scheme split by white space) is ignored by browsers and dropped here.
            if (isDangerous(url) || descriptors.indexOf(':') >= 0) {
                removed = true;
            } else if (!url.isEmpty()) {
                kept.add(descriptors.isEmpty() ? url : url + " " + descriptors);
            }
        }
        if (!removed) return srcset;
        return kept.isEmpty() ? null : String.join(", ", kept);
    }

    /**
     * {@code ping}: space-separated URLs, the dangerous ones left out (null when none is left).
     * Browsers ping only http(s), so any other scheme (also a scheme split by white space) goes.
     */
    static String safeUrlList(String urls) {
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        for (String url : urls.strip().split("[\\t\\n\\f\\r ]+")) {
            if (url.isEmpty()) continue;
            String lower = url.toLowerCase(Locale.ROOT);
            boolean otherScheme = url.indexOf(':') >= 0 && !lower.startsWith("http:") && !lower.startsWith("https:");
            if (isDangerous(url) || otherScheme) removed = true;
            else kept.add(url);
        }
        if (!removed) return urls;
        return kept.isEmpty() ? null : String.join(" ", kept);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }
}
