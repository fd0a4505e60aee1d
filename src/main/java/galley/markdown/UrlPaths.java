package galley.markdown;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * URL paths as HTML needs them: characters that may not appear in a URL path (space, quotes,
 * angle brackets...) are percent-encoded; letters of every script are kept (HTML allows IRIs);
 * existing {@code %XX} escapes are kept as they are.
 */
public final class UrlPaths {

    private UrlPaths() {}

    public static String encode(String path) {
        int i = 0;
        while (i < path.length() && allowed(path.charAt(i))) i++;
        if (i == path.length()) return path;
        StringBuilder sb = new StringBuilder(path.length() + 16).append(path, 0, i);
        for (; i < path.length(); i++) {
            char c = path.charAt(i);
            if (allowed(c)) {
                sb.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8))
                    sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    /** The path a URL names, for looking files up: {@code /media/my%20photo.jpg} is {@code /media/my photo.jpg}. */
    public static String decode(String path) {
        if (path.indexOf('%') < 0) return path;
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    /** ASCII characters a path may hold as they are: unreserved, sub-delims, ':', '@', '/' and '%'. */
    private static final boolean[] ALLOWED_ASCII = new boolean[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            ALLOWED_ASCII[c] = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "-._~/!$&'()*+,;=:@%".indexOf(c) >= 0;
        }
    }

    private static boolean allowed(char c) {
        // A table, not an indexOf per character: every URL of every page goes through here.
        if (c < 0x80) return ALLOWED_ASCII[c];
        return !Character.isWhitespace(c) && !Character.isSpaceChar(c) && !Character.isISOControl(c);
    }
}
