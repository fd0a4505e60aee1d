package galley.plan;

import galley.render.FeedWriter;
import galley.render.SearchWriter;
import galley.render.SitemapWriter;
import galley.views.PageViews;
import galley.model.Article;
import java.util.List;

/**
 * An output that is not an HTML page: feeds, sitemaps, robots.txt, _redirects. Each kind writes
 * its own bytes (XML and text are produced in Java, where escaping and the specifications are
 * easy to get exactly right, rather than through HTML templates).
 */
public sealed interface DataFile permits DataFile.Feed, DataFile.Sitemap, DataFile.SitemapIndex, DataFile.NewsSitemap,
        DataFile.Robots, DataFile.Redirects, DataFile.SearchIndex, DataFile.SearchManifest {

    /** Relative to the output folder. */
    String outputPath();

    byte[] render(PageViews views);

    enum FeedFormat {
        ATOM("feed.xml", "application/atom+xml"), RSS("rss.xml", "application/rss+xml");

        private final String fileName;
        private final String mediaType;

        FeedFormat(String fileName, String mediaType) {
            this.fileName = fileName;
            this.mediaType = mediaType;
        }

        public String fileName() {
            return fileName;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    /**
     * The feed of one list (the site, a section, a tag, an author).
     *
     * @param listRoot the list's HTML page, e.g. {@code /tags/port/}; the feed lives beside it
     * @param entries the newest articles, newest first
     * @param fullContent whole article bodies rather than summaries
     */
    record Feed(FeedFormat format, String title, String listRoot, List<Article> entries, boolean fullContent) implements DataFile {
        public Feed {
            entries = List.copyOf(entries);
        }

        public String sitePath() {
            return listRoot + format.fileName();
        }

        @Override
        public String outputPath() {
            return sitePath().substring(1);
        }

        @Override
        public byte[] render(PageViews views) {
            return FeedWriter.write(this, views);
        }
    }

    /** One sitemap: at most {@link SitemapWriter#MAX_URLS} URLs. */
    record Sitemap(String name, List<SitemapWriter.Entry> entries) implements DataFile {
        public Sitemap {
            entries = List.copyOf(entries);
        }

        @Override
        public String outputPath() {
            return "sitemaps/" + name + ".xml";
        }

        /** The newest date of its entries: what the sitemap index shows as its {@code lastmod}. */
        public java.util.Optional<java.time.Instant> lastModified() {
            return entries.stream().flatMap(e -> e.lastModified().stream()).max(java.time.Instant::compareTo);
        }

        @Override
        public byte[] render(PageViews views) {
            return SitemapWriter.sitemap(entries, views);
        }
    }

    record SitemapIndex(List<Sitemap> sitemaps) implements DataFile {
        public SitemapIndex {
            sitemaps = List.copyOf(sitemaps);
        }

        @Override
        public String outputPath() {
            return "sitemap.xml";
        }

        @Override
        public byte[] render(PageViews views) {
            return SitemapWriter.index(this, views);
        }
    }

    /** The Google News sitemap: articles of the last two days before the build time, at most 1,000. */
    record NewsSitemap(List<Article> articles) implements DataFile {
        public NewsSitemap {
            articles = List.copyOf(articles);
        }

        @Override
        public String outputPath() {
            return "sitemap-news.xml";
        }

        @Override
        public byte[] render(PageViews views) {
            return SitemapWriter.news(articles, views);
        }
    }

    record Robots() implements DataFile {
        @Override
        public String outputPath() {
            return "robots.txt";
        }

        @Override
        public byte[] render(PageViews views) {
            String text = "User-agent: *\nAllow: /\n\nSitemap: " + views.absolute("/sitemap.xml") + "\nSitemap: "
                    + views.absolute("/sitemap-news.xml") + "\n";
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** {@code _redirects} (Netlify, Cloudflare Pages and others read it): one "from to 301" line per alias. */
    record Redirects(List<PagePlan.RedirectPage> aliases) implements DataFile {
        public Redirects {
            aliases = List.copyOf(aliases);
        }

        @Override
        public String outputPath() {
            return "_redirects";
        }

        @Override
        public byte[] render(PageViews views) {
            StringBuilder sb = new StringBuilder("# Earlier URLs of articles (aliases: in front matter), made by Galley.\n");
            aliases.stream()
                    .sorted(java.util.Comparator.comparing(PagePlan.RedirectPage::from))
                    .forEach(r -> sb.append(views.url(r.from())).append(' ').append(views.url(r.target().path())).append(" 301\n"));
            return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * The search index of one year's articles (in the site's time zone), newest first: what the
     * search page matches (title, summary, section, tags, authors), as JSON. One file per year, so
     * a new article changes one small file, and the search page can stop loading older years once
     * it has found enough.
     */
    record SearchIndex(String year, List<Article> articles) implements DataFile {
        public SearchIndex {
            articles = List.copyOf(articles);
        }

        public String sitePath() {
            return "/search/" + year + ".json";
        }

        @Override
        public String outputPath() {
            return sitePath().substring(1);
        }

        @Override
        public byte[] render(PageViews views) {
            return SearchWriter.index(articles, views);
        }

        @Override
        public String toString() {
            return "SearchIndex[" + year + ", " + articles.size() + " articles]";
        }
    }

    /** {@code search/index.json}: the yearly indexes, newest first, with their article counts. */
    record SearchManifest(List<SearchIndex> years) implements DataFile {
        public SearchManifest {
            years = List.copyOf(years);
        }

        @Override
        public String outputPath() {
            return "search/index.json";
        }

        @Override
        public byte[] render(PageViews views) {
            return SearchWriter.manifest(years, views);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("SearchManifest");
            for (SearchIndex y : years) sb.append(' ').append(y.year()).append('=').append(y.articles().size());
            return sb.toString();
        }
    }
}
