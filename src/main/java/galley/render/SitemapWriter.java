package galley.render;

import galley.model.Article;
import galley.plan.DataFile;
import galley.views.PageViews;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes sitemaps (sitemaps.org 0.9), the sitemap index and the Google News sitemap. */
public final class SitemapWriter {

    private static final String NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static final String NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";

    private SitemapWriter() {}

    public static byte[] sitemap(List<DataFile.SitemapEntry> entries, PageViews views) {
        return XmlWriter.document(w -> {
            w.start("urlset").namespace("", NS).space("\n");
            for (DataFile.SitemapEntry e : entries) {
                w.start("url").element("loc", views.absolute(e.sitePath()));
                if (e.lastModified().isPresent())
                    w.element("lastmod", iso(e.lastModified().get()));
                w.end().space("\n");
            }
            w.end();
        });
    }

    public static byte[] index(DataFile.SitemapIndex index, PageViews views) {
        return XmlWriter.document(w -> {
            w.start("sitemapindex").namespace("", NS).space("\n");
            for (DataFile.Sitemap s : index.sitemaps()) {
                w.start("sitemap").element("loc", views.absolute("/" + s.outputPath()));
                s.lastModified().ifPresent(last -> w.element("lastmod", iso(last)));
                w.end().space("\n");
            }
            w.end();
        });
    }

    public static byte[] news(List<Article> articles, PageViews views) {
        return XmlWriter.document(w -> {
            w.start("urlset").namespace("", NS).namespace("news", NEWS_NS).space("\n");
            for (Article a : articles) {
                w.start("url").element("loc", views.absolute(a.path()));
                w.start("news:news").start("news:publication");
                w.element("news:name", views.config().title())
                        .element("news:language", views.config().language());
                w.end();
                w.element("news:publication_date", iso(a.date())).element("news:title", a.title());
                w.end().end().space("\n");
            }
            w.end();
        });
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
