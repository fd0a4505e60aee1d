package galley.serve;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which file of the site a request path names, looked up afresh for every request: a build
 * replaces the output folder by exchanging trees at the same path, so the path, not a folder
 * opened once, leads to the live site.
 *
 * <p>The path is decoded once (as {@link URI#getPath}); a request that could climb out of the
 * site or that a second decoding would change is refused (400), whatever a file system would make
 * of it: {@code .} and {@code ..} segments, backslashes, NUL, an encoded slash or backslash, and a
 * percent escape left after decoding ({@code %252e}). What is left is resolved with its symbolic
 * links, and must still lie in the site's real folder: a link out of it is not found (404).
 */
final class SiteFiles {

    /** The first path segment reserved for the preview server itself; never a site file. */
    static final String RESERVED = "__galley";

    private static final Pattern ESCAPE = Pattern.compile("%[0-9a-fA-F]{2}");

    /** What a request path leads to. */
    enum Kind {
        FILE,
        REDIRECT,
        NOT_FOUND,
        BAD_REQUEST
    }

    /** A lookup's answer: the file (for FILE) or the location to redirect to (for REDIRECT). */
    record Lookup(Kind kind, Path file, String location) {
        static Lookup of(Kind kind) {
            return new Lookup(kind, null, null);
        }
    }

    private final Path site;

    /** @param site the output folder's real path (it is never a symbolic link: the build refuses one) */
    SiteFiles(Path site) {
        this.site = site;
    }

    Path site() {
        return site;
    }

    Lookup find(URI uri) {
        String raw = uri.getRawPath();
        if (raw == null || !raw.startsWith("/")) return Lookup.of(Kind.BAD_REQUEST);
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) return Lookup.of(Kind.BAD_REQUEST);
        String path = uri.getPath();
        if (path.indexOf('\\') >= 0
                || path.indexOf('\0') >= 0
                || ESCAPE.matcher(path).find()) return Lookup.of(Kind.BAD_REQUEST);
        boolean folder = path.endsWith("/");
        String relative = path.substring(1);
        if (folder && !relative.isEmpty()) relative = relative.substring(0, relative.length() - 1);
        Path candidate = site;
        if (!relative.isEmpty()) {
            String[] segments = relative.split("/", -1);
            for (String s : segments) {
                if (s.isEmpty() || s.equals(".") || s.equals("..")) return Lookup.of(Kind.BAD_REQUEST);
            }
            if (segments[0].equals(RESERVED)) return Lookup.of(Kind.NOT_FOUND);
            candidate = site.resolve(relative);
        }
        if (!folder && Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
            String query = uri.getRawQuery();
            return new Lookup(Kind.REDIRECT, null, raw + "/" + (query != null ? "?" + query : ""));
        }
        if (folder) candidate = candidate.resolve("index.html");
        return file(candidate);
    }

    /** The site's own 404 page, if it has one. */
    Lookup notFoundPage() {
        return file(site.resolve("404.html"));
    }

    private Lookup file(Path candidate) {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            return Lookup.of(Kind.NOT_FOUND);
        }
        if (!real.startsWith(site) || real.equals(site) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS))
            return Lookup.of(Kind.NOT_FOUND);
        return new Lookup(Kind.FILE, real, null);
    }
}
