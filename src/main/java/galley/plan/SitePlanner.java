package galley.plan;

import galley.config.SiteConfig;
import galley.diag.Diagnostics;
import galley.model.Archive;
import galley.model.Article;
import galley.model.Permalink;
import galley.plan.PagePlan.ListKind;
import galley.plan.PagePlan.ListPage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans every page of the site from the archive: articles, the home list, section, tag, author
 * and date lists (each paginated, see {@link Pagination}), the indexes, alias redirects and the
 * 404 page. Two pages that would land on one output file are an error naming both sources.
 */
public final class SitePlanner {

    /** The sitemap protocol's limit per file; 50,000 URLs stay far below its 50 MB limit too. */
    public static final int SITEMAP_MAX_URLS = 50_000;

    /** Google's limit for a news sitemap. */
    public static final int NEWS_SITEMAP_MAX_URLS = 1_000;

    private SitePlanner() {}

    /** Every output of a build: HTML pages and data files (feeds, sitemaps, robots.txt, _redirects). */
    public record SitePlan(List<PagePlan> pages, List<DataFile> files) {
        public SitePlan {
            pages = List.copyOf(pages);
            files = List.copyOf(files);
        }

        public int size() {
            return pages.size() + files.size();
        }
    }

    public static SitePlan plan(
            Archive archive, SiteConfig config, Instant now, Set<String> copiedFiles, Diagnostics diagnostics) {
        List<PagePlan> pages = new ArrayList<>();
        for (Article a : archive.articles()) pages.add(new PagePlan.ArticlePage(a));
        int size = config.pageSize();
        addList(pages, ListKind.HOME, "", "/", archive.articles(), size, Optional.empty());
        archive.bySection()
                .forEach((slug, list) -> addList(
                        pages,
                        ListKind.SECTION,
                        slug,
                        "/sections/" + slug + "/",
                        list,
                        size,
                        Optional.ofNullable(archive.sectionPages().get(slug)).map(p -> p.source())));
        archive.byTag()
                .forEach((slug, list) -> addList(
                        pages,
                        ListKind.TAG,
                        slug,
                        "/tags/" + slug + "/",
                        list,
                        size,
                        Optional.ofNullable(archive.tagPages().get(slug)).map(p -> p.source())));
        archive.byAuthor()
                .forEach((slug, list) -> addList(
                        pages,
                        ListKind.AUTHOR,
                        slug,
                        "/authors/" + slug + "/",
                        list,
                        size,
                        Optional.of(archive.authors().get(slug).source())));
        // Authors without articles still get a profile page: a newsroom links to its staff.
        archive.authors().forEach((slug, author) -> {
            if (!archive.byAuthor().containsKey(slug)) {
                addList(
                        pages,
                        ListKind.AUTHOR,
                        slug,
                        "/authors/" + slug + "/",
                        List.of(),
                        size,
                        Optional.of(author.source()));
            }
        });
        NavigableMap<String, List<Article>> periods = dateLists(archive, config);
        periods.forEach((key, list) -> {
            ListKind kind = key.length() == 4 ? ListKind.YEAR : key.length() == 7 ? ListKind.MONTH : ListKind.DAY;
            addList(pages, kind, key, "/" + key + "/", list, size, Optional.empty());
        });
        for (PagePlan.IndexKind kind : PagePlan.IndexKind.values()) pages.add(new PagePlan.IndexPage(kind));
        for (Article a : archive.articles()) {
            for (String alias : a.aliases()) pages.add(new PagePlan.RedirectPage(alias, a));
        }
        pages.add(new PagePlan.NotFoundPage());
        pages.add(new PagePlan.SearchPage());
        List<DataFile> files = new ArrayList<>();
        feeds(archive, config, files);
        sitemaps(archive, config, pages, files);
        // A urlset needs at least one url (sitemaps.org's XSD): with no article in the window there
        // is no news sitemap, and robots.txt does not name it (a theme's own file still counts).
        List<Article> news = newsArticles(archive, now);
        if (!news.isEmpty()) files.add(new DataFile.NewsSitemap(news));
        files.add(new DataFile.Robots(!news.isEmpty() || copiedFiles.contains("sitemap-news.xml")));
        searchIndexes(periods, files);
        files.add(new DataFile.Redirects(pages.stream()
                .filter(p -> p instanceof PagePlan.RedirectPage)
                .map(p -> (PagePlan.RedirectPage) p)
                .toList()));
        // A theme's own static file (templates/static/robots.txt) replaces the generated one.
        files.removeIf(f -> copiedFiles.contains(f.outputPath()));
        checkCollisions(pages, files, copiedFiles, diagnostics);
        return new SitePlan(pages, files);
    }

    /**
     * The plan of a build in which only the bodies of {@code edited} articles changed: their pages
     * and the full-content feeds that list one of them (see {@code galley.incremental.Strategy.BodyEdits}).
     */
    public static SitePlan bodyEdits(Archive archive, SiteConfig config, List<Path> edited) {
        Set<Path> editedFiles = Set.copyOf(edited);
        List<PagePlan> pages = new ArrayList<>();
        Set<String> editedPaths = new HashSet<>();
        for (Article a : archive.articles()) {
            if (editedFiles.contains(a.source())) {
                pages.add(new PagePlan.ArticlePage(a));
                editedPaths.add(a.path());
            }
        }
        List<DataFile> feeds = new ArrayList<>();
        feeds(archive, config, feeds);
        feeds.removeIf(f -> !(f instanceof DataFile.Feed feed
                && feed.fullContent()
                && feed.entries().stream().anyMatch(a -> editedPaths.contains(a.path()))));
        return new SitePlan(pages, feeds);
    }

    /** Atom and RSS for the site and for every section, tag and author: the newest feed_size articles. */
    public static void feeds(Archive archive, SiteConfig config, List<DataFile> files) {
        int n = config.feedSize();
        boolean all = config.feedFullContent() == SiteConfig.FeedContent.ALL;
        boolean site = all || config.feedFullContent() == SiteConfig.FeedContent.SITE;
        addFeeds(files, config.title(), "/", archive.articles(), n, site);
        archive.bySection()
                .forEach((slug, list) -> addFeeds(
                        files,
                        archive.sections().get(slug).name() + " – " + config.title(),
                        "/sections/" + slug + "/",
                        list,
                        n,
                        all));
        archive.byTag()
                .forEach((slug, list) -> addFeeds(
                        files,
                        archive.tags().get(slug).name() + " – " + config.title(),
                        "/tags/" + slug + "/",
                        list,
                        n,
                        all));
        archive.byAuthor()
                .forEach((slug, list) -> addFeeds(
                        files,
                        archive.authors().get(slug).name() + " – " + config.title(),
                        "/authors/" + slug + "/",
                        list,
                        n,
                        all));
    }

    private static void addFeeds(
            List<DataFile> files, String title, String root, List<Article> list, int n, boolean full) {
        List<Article> newest = list.subList(0, Math.min(n, list.size()));
        for (DataFile.FeedFormat format : DataFile.FeedFormat.values()) {
            files.add(new DataFile.Feed(format, title, root, newest, full));
        }
    }

    /**
     * One search index per year of articles (the year lists of {@link #dateLists}), newest year
     * first, and the manifest that lists them.
     */
    private static void searchIndexes(NavigableMap<String, List<Article>> periods, List<DataFile> files) {
        List<DataFile.SearchIndex> years = new ArrayList<>();
        periods.descendingMap().forEach((key, list) -> {
            if (key.length() == 4) years.add(new DataFile.SearchIndex(key, list));
        });
        files.addAll(years);
        files.add(new DataFile.SearchManifest(years));
    }

    /**
     * One sitemap per month (its articles with lastmod, and its date pages), one for the other
     * list pages, split at 50,000 URLs; and the index. A new article changes only its month's
     * sitemap and the index.
     */
    private static void sitemaps(Archive archive, SiteConfig config, List<PagePlan> pages, List<DataFile> files) {
        Map<String, List<DataFile.SitemapEntry>> byMonth = new TreeMap<>();
        List<DataFile.SitemapEntry> others = new ArrayList<>();
        List<Article> oldestFirst = new ArrayList<>(archive.articles());
        Collections.reverse(oldestFirst);
        for (Article a : oldestFirst) {
            byMonth.computeIfAbsent(month(a, config), k -> new ArrayList<>())
                    .add(new DataFile.SitemapEntry(a.path(), Optional.of(a.lastModified())));
        }
        Set<String> yearsPlaced = new HashSet<>();
        for (PagePlan page : pages) {
            if (!(page instanceof ListPage list) || list.number() != 0) continue;
            DataFile.SitemapEntry entry = new DataFile.SitemapEntry(list.sitePath(), Optional.empty());
            switch (list.kind()) {
                case MONTH, DAY ->
                    byMonth.get(list.key().substring(0, 7).replace('/', '-')).add(entry);
                case YEAR -> {
                    // The year's page goes with the year's first month, which never changes.
                    String first = byMonth.keySet().stream()
                            .filter(m -> m.startsWith(list.key()))
                            .findFirst()
                            .orElseThrow();
                    if (yearsPlaced.add(list.key())) byMonth.get(first).add(entry);
                }
                default -> others.add(entry);
            }
        }
        for (PagePlan page : pages) {
            if (page instanceof PagePlan.IndexPage)
                others.add(new DataFile.SitemapEntry(page.sitePath(), Optional.empty()));
        }
        List<DataFile.Sitemap> sitemaps = new ArrayList<>();
        chunk(sitemaps, "pages", others);
        byMonth.forEach((month, entries) -> chunk(sitemaps, month, entries));
        files.addAll(sitemaps);
        files.add(new DataFile.SitemapIndex(sitemaps));
    }

    private static void chunk(List<DataFile.Sitemap> sitemaps, String name, List<DataFile.SitemapEntry> entries) {
        for (int i = 0; i * SITEMAP_MAX_URLS < entries.size(); i++) {
            List<DataFile.SitemapEntry> part =
                    entries.subList(i * SITEMAP_MAX_URLS, Math.min(entries.size(), (i + 1) * SITEMAP_MAX_URLS));
            sitemaps.add(new DataFile.Sitemap(i == 0 ? name : name + "-" + (i + 1), part));
        }
    }

    private static String month(Article a, SiteConfig config) {
        LocalDate day = a.date().atZone(config.timezone()).toLocalDate();
        return Permalink.pad(day.getYear(), 4) + "-" + Permalink.pad(day.getMonthValue(), 2);
    }

    /** Articles published in the two days before the build time, newest first, at most 1,000 (Google News). */
    private static List<Article> newsArticles(Archive archive, Instant now) {
        Instant since = now.minus(Duration.ofDays(2));
        return archive.articles().stream()
                .filter(a -> a.date().isAfter(since) && !a.date().isAfter(now))
                .limit(NEWS_SITEMAP_MAX_URLS)
                .toList();
    }

    private static void addList(
            List<PagePlan> pages,
            ListKind kind,
            String key,
            String root,
            List<Article> all,
            int size,
            Optional<Path> describedBy) {
        Pagination pagination = new Pagination(all.size(), size);
        // One immutable copy shared by every page of the list (ListPage's List.copyOf then keeps it as
        // it is): a copy per page made memory grow with the square of a list's length.
        List<Article> shared = List.copyOf(all);
        pages.add(new ListPage(kind, key, root, shared, pagination, 0, describedBy));
        for (int n = 1; n <= pagination.numberedPages(); n++) {
            pages.add(new ListPage(kind, key, root, shared, pagination, n, describedBy));
        }
    }

    /** Articles by year ("2025"), month ("2025/11") and day ("2025/11/24") in the site's time zone, newest first. */
    public static NavigableMap<String, List<Article>> dateLists(Archive archive, SiteConfig config) {
        NavigableMap<String, List<Article>> byPeriod = new TreeMap<>();
        // Articles come newest first, so each day's run together: the day's bounds and its three
        // lists are looked up once per day, not once per article.
        ZoneId zone = config.timezone();
        Instant dayStart = Instant.MAX;
        Instant dayEnd = Instant.MIN;
        List<Article> year = null;
        List<Article> month = null;
        List<Article> dayList = null;
        for (Article a : archive.articles()) {
            Instant t = a.date();
            if (t.isBefore(dayStart) || !t.isBefore(dayEnd)) {
                LocalDate day = t.atZone(zone).toLocalDate();
                dayStart = day.atStartOfDay(zone).toInstant();
                dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
                String y = Permalink.pad(day.getYear(), 4);
                String m = y + "/" + Permalink.pad(day.getMonthValue(), 2);
                String d = m + "/" + Permalink.pad(day.getDayOfMonth(), 2);
                year = byPeriod.computeIfAbsent(y, k -> new ArrayList<>());
                month = byPeriod.computeIfAbsent(m, k -> new ArrayList<>());
                dayList = byPeriod.computeIfAbsent(d, k -> new ArrayList<>());
            }
            year.add(a);
            month.add(a);
            dayList.add(a);
        }
        return byPeriod;
    }

    /**
     * Two outputs on one file are an error, reported at the source that asked for the second: an
     * alias first, then an article. {@code copiedFiles} are the media and theme files, copied as
     * they are, which no page may replace.
     */
    private static void checkCollisions(
            List<PagePlan> pages, List<DataFile> files, Set<String> copiedFiles, Diagnostics diagnostics) {
        Map<String, String> taken = new HashMap<>();
        for (String f : copiedFiles) taken.put(f, "the file " + f + " (copied from content/media or the theme)");
        for (DataFile f : files) taken.put(f.outputPath(), "the generated file " + f.outputPath());
        Map<String, PagePlan> byOutput = new HashMap<>();
        for (PagePlan page : pages) {
            String path = page.outputPath();
            if (taken.containsKey(path)) {
                diagnostics.error(
                        page.origin(),
                        name(page) + " collides with " + taken.get(path) + "; both would be written to " + path);
                continue;
            }
            PagePlan earlier = byOutput.putIfAbsent(path, page);
            if (earlier != null && !(page instanceof PagePlan.ArticlePage && earlier instanceof PagePlan.ArticlePage)) {
                // Article-article collisions were reported by the loader with both files.
                PagePlan culprit = rank(page) >= rank(earlier) ? page : earlier;
                PagePlan other = culprit == page ? earlier : page;
                diagnostics.error(
                        culprit.origin(),
                        name(culprit) + " collides with " + describe(other) + "; both would be written to " + path);
            }
        }
    }

    /** Which of two colliding pages is reported: the one a single source line asked for. */
    private static int rank(PagePlan page) {
        return page instanceof PagePlan.RedirectPage ? 2 : page instanceof PagePlan.ArticlePage ? 1 : 0;
    }

    private static String name(PagePlan page) {
        if (page instanceof PagePlan.RedirectPage r) return "alias " + r.from();
        if (page instanceof PagePlan.ArticlePage a) return "the URL " + a.sitePath() + " of this article";
        return "page " + page.sitePath();
    }

    private static String describe(PagePlan page) {
        if (page instanceof PagePlan.ArticlePage a)
            return "the article " + a.article().source();
        if (page instanceof PagePlan.RedirectPage r)
            return "an alias of " + r.target().source();
        return "the page " + page.sitePath();
    }
}
