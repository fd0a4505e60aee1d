package galley.markdown;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.parser.Parser;

/**
 * Reads the start tags of an HTML text with their attributes, in one pass and without building a
 * document: {@code check} reads the ids of every rendered body this way (tens of thousands of
 * bodies; a jsoup parse of each would cost more than rendering it) and the links and images of
 * raw HTML in Markdown, with each tag's offset so that a problem points at it. Tolerant, as
 * browsers are: an unclosed quote runs to the end, comments and the text of {@code script},
 * {@code style}, {@code textarea} and {@code title} hold no tags.
 */
public final class HtmlTags {

    private HtmlTags() {}

    /** Called for each start tag: its offset in the text, its name in lower case, its attributes (names in lower case, values with entities decoded). */
    public interface Visitor {
        void tag(int offset, String name, Map<String, String> attributes);
    }

    private static final Set<String> RAW_TEXT = Set.of("script", "style", "textarea", "title", "xmp");

    public static void scan(String html, Visitor visitor) {
        int n = html.length();
        int i = html.indexOf('<');
        while (i >= 0) {
            if (html.startsWith("<!--", i)) {
                int end = html.indexOf("-->", i + 4);
                if (end < 0) return;
                i = html.indexOf('<', end + 3);
                continue;
            }
            int j = i + 1;
            if (j >= n || !isAsciiLetter(html.charAt(j))) {
                i = html.indexOf('<', j);
                continue;
            }
            int nameStart = j;
            while (j < n && !isSpace(html.charAt(j)) && html.charAt(j) != '>' && html.charAt(j) != '/') j++;
            String name = html.substring(nameStart, j).toLowerCase(Locale.ROOT);
            Map<String, String> attributes = Map.of();
            while (j < n) {
                char c = html.charAt(j);
                if (c == '>') {
                    j++;
                    break;
                }
                if (isSpace(c) || c == '/') {
                    j++;
                    continue;
                }
                int attributeStart = j;
                while (j < n && !isSpace(html.charAt(j)) && "=>/".indexOf(html.charAt(j)) < 0) j++;
                String attribute = html.substring(attributeStart, j).toLowerCase(Locale.ROOT);
                while (j < n && isSpace(html.charAt(j))) j++;
                String value = "";
                if (j < n && html.charAt(j) == '=') {
                    j++;
                    while (j < n && isSpace(html.charAt(j))) j++;
                    if (j < n && (html.charAt(j) == '"' || html.charAt(j) == '\'')) {
                        int end = html.indexOf(html.charAt(j), j + 1);
                        if (end < 0) end = n;
                        value = html.substring(j + 1, end);
                        j = Math.min(n, end + 1);
                    } else {
                        int valueStart = j;
                        while (j < n && !isSpace(html.charAt(j)) && html.charAt(j) != '>') j++;
                        value = html.substring(valueStart, j);
                    }
                }
                if (attribute.isEmpty()) continue; // "<a =x>": the value was read past, nothing to keep
                if (attributes.isEmpty()) attributes = new HashMap<>(4);
                // The first of two equal attributes wins, as in browsers.
                attributes.putIfAbsent(
                        attribute, value.indexOf('&') < 0 ? value : Parser.unescapeEntities(value, true));
            }
            visitor.tag(i, name, attributes);
            if (RAW_TEXT.contains(name)) {
                int close = closingTag(html, name, j);
                if (close < 0) return;
                j = close;
            }
            i = j < n ? html.indexOf('<', j) : -1;
        }
    }

    /**
     * The ids an HTML text gives its elements: every {@code id}, and the {@code name} of an
     * {@code <a>}, which a fragment also finds (HTML's "indicated part of the document").
     */
    public static Set<String> ids(String html) {
        Set<String> ids = new HashSet<>();
        scan(html, (offset, name, attributes) -> {
            String id = attributes.get("id");
            if (id != null && !id.isEmpty()) ids.add(id);
            if (name.equals("a")) {
                String anchor = attributes.get("name");
                if (anchor != null && !anchor.isEmpty()) ids.add(anchor);
            }
        });
        return ids;
    }

    /** Where {@code </name} starts (any case) from {@code from} on, or -1. */
    private static int closingTag(String html, String name, int from) {
        for (int k = html.indexOf("</", from); k >= 0; k = html.indexOf("</", k + 2)) {
            if (html.regionMatches(true, k + 2, name, 0, name.length())) return k;
        }
        return -1;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }
}
