package galley.markdown;

import java.util.Locale;

/** Decides which link and image URLs may appear in output: no script-running schemes, in any mode. */
public final class UrlSafety {

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
}
