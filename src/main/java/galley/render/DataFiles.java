package galley.render;

import galley.plan.DataFile;
import galley.plan.PagePlan;
import galley.views.PageViews;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/** Writes the bytes of each kind of {@link DataFile}. */
public final class DataFiles {

    private DataFiles() {}

    public static byte[] render(DataFile file, PageViews views) {
        // An if chain, not a switch: patterns in switch are not in Java 17. DataFile is sealed, so
        // a new kind without a case here fails at run time in every test that builds a site.
        if (file instanceof DataFile.Feed feed) return FeedWriter.write(feed, views);
        if (file instanceof DataFile.Sitemap map) return SitemapWriter.sitemap(map.entries(), views);
        if (file instanceof DataFile.SitemapIndex index) return SitemapWriter.index(index, views);
        if (file instanceof DataFile.NewsSitemap news) return SitemapWriter.news(news.articles(), views);
        if (file instanceof DataFile.Robots robots) return robots(robots, views);
        if (file instanceof DataFile.Redirects redirects) return redirects(redirects, views);
        if (file instanceof DataFile.SearchIndex index) return SearchWriter.index(index.articles(), views);
        if (file instanceof DataFile.SearchManifest manifest) return SearchWriter.manifest(manifest.years(), views);
        throw new IllegalArgumentException("no writer for " + file.getClass().getSimpleName());
    }

    private static byte[] robots(DataFile.Robots robots, PageViews views) {
        String text = "User-agent: *\nAllow: /\n\nSitemap: " + views.absolute("/sitemap.xml") + "\n"
                + (robots.newsSitemap() ? "Sitemap: " + views.absolute("/sitemap-news.xml") + "\n" : "");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code _redirects} (Netlify, Cloudflare Pages and others read it): one "from to 301" line per alias. */
    private static byte[] redirects(DataFile.Redirects redirects, PageViews views) {
        StringBuilder sb =
                new StringBuilder("# Earlier URLs of articles (aliases: in front matter), made by Galley.\n");
        redirects.aliases().stream()
                .sorted(Comparator.comparing(PagePlan.RedirectPage::from))
                .forEach(r -> sb.append(views.url(r.from()))
                        .append(' ')
                        .append(views.url(r.target().path()))
                        .append(" 301\n"));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
