package galley.plan;

import galley.model.Article;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An output that is not an HTML page: feeds, sitemaps, robots.txt, _redirects, search indexes.
 * {@code galley.render.DataFiles} writes each kind's bytes (XML, JSON and text are produced in
 * Java, where escaping and the specifications are easy to get exactly right, rather than through
 * HTML templates).
 */
public sealed interface DataFile
        permits DataFile.Feed,
                DataFile.Sitemap,
                DataFile.SitemapIndex,
                DataFile.NewsSitemap,
                DataFile.Robots,
                DataFile.Redirects,
                DataFile.SearchIndex,
                DataFile.SearchManifest {

    /** Relative to the output folder. */
    String outputPath();

    enum FeedFormat {
        ATOM("feed.xml", "application/atom+xml"),
        RSS("rss.xml", "application/rss+xml");

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
    record Feed(FeedFormat format, String title, String listRoot, List<Article> entries, boolean fullContent)
            implements DataFile {
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
    }

    /** A sitemap line: a page's site path and, where it has one, the time it last changed. */
    record SitemapEntry(String sitePath, Optional<Instant> lastModified) {}

    /** One sitemap: at most {@link SitePlanner#SITEMAP_MAX_URLS} URLs. */
    record Sitemap(String name, List<SitemapEntry> entries) implements DataFile {
        public Sitemap {
            entries = List.copyOf(entries);
        }

        @Override
        public String outputPath() {
            return "sitemaps/" + name + ".xml";
        }

        /** The newest date of its entries: what the sitemap index shows as its {@code lastmod}. */
        public Optional<Instant> lastModified() {
            return entries.stream().flatMap(e -> e.lastModified().stream()).max(Instant::compareTo);
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
    }

    /**
     * The Google News sitemap: articles of the last two days before the build time, at most 1,000;
     * planned only when there is at least one.
     */
    record NewsSitemap(List<Article> articles) implements DataFile {
        public NewsSitemap {
            articles = List.copyOf(articles);
        }

        @Override
        public String outputPath() {
            return "sitemap-news.xml";
        }
    }

    /** robots.txt: allows everything and names the sitemap index, and the news sitemap when there is one. */
    record Robots(boolean newsSitemap) implements DataFile {
        @Override
        public String outputPath() {
            return "robots.txt";
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
        public String toString() {
            StringBuilder sb = new StringBuilder("SearchManifest");
            for (SearchIndex y : years)
                sb.append(' ').append(y.year()).append('=').append(y.articles().size());
            return sb.toString();
        }
    }
}
