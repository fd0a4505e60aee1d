package galley.incremental;

import galley.cache.BuildCache;
import galley.markdown.UrlPaths;
import galley.model.Archive;
import galley.model.Article;
import galley.plan.DataFile;
import galley.plan.PagePlan;
import galley.plan.Pagination;
import galley.plan.SitePlanner;
import galley.views.PageViews;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The outputs that can change when the only news since the last build are articles newer than
 * every other published article (a newsroom publishing: new files, or scheduled articles whose time
 * came) and the clock (which also moves articles out of the news sitemap): the quick path for
 * additions.
 *
 * <p>Such an article changes no older article's related coverage (only earlier articles are
 * candidates), no numbered page's articles (pagination counts from the oldest end), no older
 * period's contents. What it can change: its own page and redirects; the pages of the articles
 * beside it in its section (their "next" link); in each list it joins, the front page and the
 * numbered pages from the last build's newest one on (the pager, a partly filled page, new
 * pages); when it starts a new day, month or year, every page of the period before (their
 * "next period" link); the pages of older articles whose body links to its file (a broken link
 * that now resolves); the index pages; the feeds and search indexes that list it; and the few site-wide
 * files (sitemaps, news sitemap, redirects, search manifest, robots.txt). Those are keyed and
 * rendered as usual; every other output is the last build's. {@code IncrementalBuildTest} runs
 * with {@code -Dgalley.verifyQuickPaths=true}, which also keys every other output and fails the
 * build if one of them would have changed.
 */
public final class NewestArticles {

    /** Set in tests: after the quick path, check that no output outside the candidates changed its key. */
    public static final String VERIFY = "galley.verifyQuickPaths";

    private final Set<String> added = new HashSet<>();
    /** Older articles of the same time as a new one and ordered before it (see {@link #of}). */
    private final Set<String> moved = new HashSet<>();

    private final Set<String> touchedArticles = new HashSet<>();
    /** Per list (the pages of one list share its article list): how many of its articles changed place (see {@link #joined}). */
    private final Map<List<Article>, Integer> joined = new IdentityHashMap<>();

    private final Set<String> periodsBeside = new HashSet<>();

    private NewestArticles() {}

    /**
     * The candidates' rule for this build, if the articles the last build did not publish (new
     * files, or scheduled ones whose time has come) are the newest of the archive: every one before
     * every older article in the archive's order, except older articles of the very same time
     * (a newsroom publishes two stories at 18:00; the archive orders those by path), and the older
     * ones exactly the {@code publishedBefore} articles the last build published (each with its
     * page in {@code previous}). The caller makes sure no older article's file changed and the
     * clock did not go back.
     */
    public static Optional<NewestArticles> of(
            Archive archive, PageViews views, BuildCache previous, int publishedBefore) {
        List<Article> articles = archive.articles();
        List<Article> fresh = new ArrayList<>();
        int last = -1; // the oldest article the last build did not publish
        for (int i = 0; i < articles.size(); i++) {
            if (!previous.has(new PagePlan.ArticlePage(articles.get(i)).outputPath())) {
                fresh.add(articles.get(i));
                last = i;
            }
        }
        // Nothing newly published: the general path, which also puts right outputs changed by hand.
        if (fresh.isEmpty() || articles.size() - fresh.size() != publishedBefore) return Optional.empty();
        NewestArticles n = new NewestArticles();
        fresh.forEach(a -> n.added.add(a.path()));
        for (Article a : articles.subList(0, last)) {
            if (n.added.contains(a.path())) continue;
            // Older and newer than a new one: that one is back-dated and can change newer pages.
            if (!a.date().equals(articles.get(last).date())) return Optional.empty();
            // Older, of the same time, ordered before a new one: in every list they share it keeps
            // the top while the list grows under it (one place further from the oldest end, from
            // which pagination counts), and the new one joins its related coverage.
            n.moved.add(a.path());
            n.touchedArticles.add(a.path());
        }
        for (Article a : fresh) {
            views.neighbourArticle(a, 1).ifPresent(b -> n.touchedArticles.add(b.path()));
            views.neighbourArticle(a, -1).ifPresent(b -> n.touchedArticles.add(b.path()));
        }
        // Older articles whose body links to a new file: the link resolved to nothing before.
        Set<String> names = new HashSet<>();
        for (Article a : fresh) names.add(a.source().getFileName().toString());
        for (Article a : articles) {
            if (n.added.contains(a.path())) continue;
            for (String link : a.articleLinks()) {
                int slash = link.lastIndexOf('/');
                String name = slash < 0 ? link : link.substring(slash + 1);
                if (name.indexOf('%') >= 0) name = UrlPaths.decode(name);
                if (names.contains(name)
                        && views.links(a.source())
                                .resolveArticleLink(link)
                                .filter(n.added::contains)
                                .isPresent()) {
                    n.touchedArticles.add(a.path());
                }
            }
        }
        return Optional.of(n);
    }

    /** The plan's outputs that may differ from the last build's; every output the last build did not make is one. */
    public SitePlanner.SitePlan candidates(SitePlanner.SitePlan plan, PageViews views, Predicate<String> known) {
        for (PagePlan page : plan.pages()) {
            if (page instanceof PagePlan.ListPage p && isPeriod(p) && p.number() == 0 && allNew(p)) {
                // A new period: the one before (and after, if any) now links to it.
                views.period(p.key(), -1).ifPresent(periodsBeside::add);
                views.period(p.key(), 1).ifPresent(periodsBeside::add);
            }
        }
        List<PagePlan> pages = new ArrayList<>();
        for (PagePlan page : plan.pages()) {
            if (mayChange(page) || !known.test(page.outputPath())) pages.add(page);
        }
        List<DataFile> files = new ArrayList<>();
        for (DataFile file : plan.files()) {
            if (mayChange(file) || !known.test(file.outputPath())) files.add(file);
        }
        return new SitePlanner.SitePlan(pages, files);
    }

    private boolean mayChange(PagePlan page) {
        if (page instanceof PagePlan.ArticlePage p) {
            return added.contains(p.article().path())
                    || touchedArticles.contains(p.article().path());
        } else if (page instanceof PagePlan.ListPage p) {
            if (isPeriod(p) && periodsBeside.contains(p.key())) return true;
            int k = joined(p);
            if (k == 0) return false;
            int lastBefore = new Pagination(p.all().size() - k, p.pagination().size()).numberedPages();
            return p.number() == 0 || p.number() >= Math.max(lastBefore, 1);
        } else if (page instanceof PagePlan.RedirectPage p) {
            return added.contains(p.target().path());
        }
        return true; // index pages, the search page, the 404 page: few, and keyed as usual
    }

    private boolean mayChange(DataFile file) {
        if (file instanceof DataFile.Feed feed) return listsAny(feed.entries());
        if (file instanceof DataFile.SearchIndex index) return listsAny(index.articles());
        return true; // sitemaps, news sitemap, redirects, search manifest, robots.txt
    }

    /**
     * How many of the articles in the list of {@code p} changed place, if a new one is among them:
     * the new articles and the older ones of their time ordered before them, which lead the list
     * as they lead the archive; 0 for a list no new article joined. Worked out once per list, not
     * per page.
     */
    private int joined(PagePlan.ListPage p) {
        return joined.computeIfAbsent(p.all(), key -> {
            int k = 0;
            boolean anyNew = false;
            for (; k < key.size(); k++) {
                String path = key.get(k).path();
                if (added.contains(path)) anyNew = true;
                else if (!moved.contains(path)) break;
            }
            return anyNew ? k : 0;
        });
    }

    /** Whether every article of the list of {@code p} is new: a period that did not exist before. */
    private boolean allNew(PagePlan.ListPage p) {
        for (Article a : p.all()) {
            if (!added.contains(a.path())) return false;
        }
        return true;
    }

    private static boolean isPeriod(PagePlan.ListPage p) {
        return p.kind() == PagePlan.ListKind.YEAR
                || p.kind() == PagePlan.ListKind.MONTH
                || p.kind() == PagePlan.ListKind.DAY;
    }

    private boolean listsAny(List<Article> list) {
        for (Article a : list) {
            if (added.contains(a.path())) return true;
        }
        return false;
    }
}
