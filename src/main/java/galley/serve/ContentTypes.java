package galley.serve;

import java.util.Locale;
import java.util.Map;

/** The {@code Content-Type} of a served file, by its extension; text types say they are UTF-8, as Galley writes them. */
final class ContentTypes {

    private static final String TEXT = "; charset=utf-8";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html" + TEXT),
            Map.entry("htm", "text/html" + TEXT),
            Map.entry("css", "text/css" + TEXT),
            Map.entry("js", "text/javascript" + TEXT),
            Map.entry("mjs", "text/javascript" + TEXT),
            Map.entry("json", "application/json" + TEXT),
            Map.entry("xml", "application/xml" + TEXT),
            Map.entry("rss", "application/rss+xml" + TEXT),
            Map.entry("atom", "application/atom+xml" + TEXT),
            Map.entry("svg", "image/svg+xml" + TEXT),
            Map.entry("txt", "text/plain" + TEXT),
            Map.entry("md", "text/plain" + TEXT),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("gif", "image/gif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("pdf", "application/pdf"));

    private ContentTypes() {}

    /** The type for {@code fileName}; files of other extensions (redirect lists, data) are bytes. */
    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) return fileName.equals("_redirects") ? "text/plain" + TEXT : "application/octet-stream";
        String type = BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type != null ? type : "application/octet-stream";
    }

    static boolean isHtml(String contentType) {
        return contentType.startsWith("text/html");
    }
}
