package galley;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Follows every internal link of a generated site ({@code a[href]}, {@code link[href]},
 * {@code img[src]}, meta refresh) and lists those whose target file does not exist.
 */
public final class LinkChecker {

    private LinkChecker() {}

    /** Broken links as "page -> url" lines; {@code basePath} is the base URL's path, e.g. "/" or "/news/". */
    public static List<String> brokenLinks(Path site, String origin, String basePath) throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> pages;
        try (Stream<Path> walk = Files.walk(site)) {
            pages = walk.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
        for (Path page : pages) {
            Document doc = Jsoup.parse(page.toFile(), "UTF-8");
            String pagePath = basePath + site.relativize(page).toString().replace('\\', '/');
            List<String> urls = new ArrayList<>();
            for (Element e : doc.select("a[href], link[href]")) {
                if (!e.attr("rel").equals("alternate") || e.hasAttr("type")) urls.add(e.attr("href"));
            }
            for (Element e : doc.select("img[src]")) urls.add(e.attr("src"));
            for (Element e : doc.select("meta[http-equiv=refresh]")) {
                String content = e.attr("content");
                int i = content.indexOf("url=");
                if (i >= 0) urls.add(content.substring(i + 4));
            }
            for (String url : urls) {
                String target = internalPath(url, pagePath, origin);
                if (target == null) continue;
                if (!target.startsWith(basePath)) {
                    broken.add(site.relativize(page) + " -> " + url + " (outside the base path)");
                    continue;
                }
                Path file = site.resolve(target.substring(basePath.length()));
                if (target.endsWith("/")) file = file.resolve("index.html");
                if (!Files.isRegularFile(file)) broken.add(site.relativize(page) + " -> " + url);
            }
        }
        return broken;
    }

    private static String internalPath(String url, String pagePath, String origin) {
        if (url.isEmpty() || url.startsWith("#") || url.startsWith("mailto:") || url.startsWith("tel:")) return null;
        String u = url;
        if (u.startsWith(origin)) u = u.substring(origin.length());
        else if (u.contains("://") || u.startsWith("//")) return null;
        URI resolved = URI.create("http://x" + pagePath).resolve(u.replace(" ", "%20"));
        return URLDecoder.decode(resolved.getRawPath(), StandardCharsets.UTF_8);
    }
}
