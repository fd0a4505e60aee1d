package galley.site;

import galley.config.SiteConfig;
import galley.diag.Diagnostics;
import galley.model.Archive;
import galley.model.Article;
import galley.site.PagePlan.ListKind;
import galley.site.PagePlan.ListPage;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plans every page of the site from the archive: articles, the home list, section, tag, author
 * and date lists (each paginated, see {@link Pagination}), the indexes, alias redirects and the
 * 404 page. Two pages that would land on one output file are an error naming both sources.
 */
public final class SitePlanner {

    private SitePlanner() {}

    public static List<PagePlan> plan(Archive archive, SiteConfig config, Diagnostics diagnostics) {
        List<PagePlan> pages = new ArrayList<>();
        for (Article a : archive.articles()) pages.add(new PagePlan.ArticlePage(a));
        int size = config.pageSize();
        addList(pages, ListKind.HOME, "", "/", archive.articles(), size, Optional.empty());
        archive.bySection().forEach((slug, list) -> addList(pages, ListKind.SECTION, slug, "/sections/" + slug + "/", list, size,
                Optional.ofNullable(archive.sectionPages().get(slug)).map(p -> p.source())));
        archive.byTag().forEach((slug, list) -> addList(pages, ListKind.TAG, slug, "/tags/" + slug + "/", list, size,
                Optional.ofNullable(archive.tagPages().get(slug)).map(p -> p.source())));
        archive.byAuthor().forEach((slug, list) -> addList(pages, ListKind.AUTHOR, slug, "/authors/" + slug + "/", list, size,
                Optional.of(archive.authors().get(slug).source())));
        // Authors without articles still get a profile page: a newsroom links to its staff.
        archive.authors().forEach((slug, author) -> {
            if (!archive.byAuthor().containsKey(slug)) {
                addList(pages, ListKind.AUTHOR, slug, "/authors/" + slug + "/", List.of(), size, Optional.of(author.source()));
            }
        });
        dateLists(archive, config).forEach((key, list) -> {
            ListKind kind = key.length() == 4 ? ListKind.YEAR : key.length() == 7 ? ListKind.MONTH : ListKind.DAY;
            addList(pages, kind, key, "/" + key + "/", list, size, Optional.empty());
        });
        for (PagePlan.IndexKind kind : PagePlan.IndexKind.values()) pages.add(new PagePlan.IndexPage(kind));
        for (Article a : archive.articles()) {
            for (String alias : a.aliases()) pages.add(new PagePlan.RedirectPage(alias, a));
        }
        pages.add(new PagePlan.NotFoundPage());
        checkCollisions(pages, diagnostics);
        return List.copyOf(pages);
    }

    private static void addList(List<PagePlan> pages, ListKind kind, String key, String root, List<Article> all, int size,
                                Optional<Path> describedBy) {
        Pagination pagination = new Pagination(all.size(), size);
        pages.add(new ListPage(kind, key, root, all, pagination, 0, describedBy));
        for (int n = 1; n <= pagination.numberedPages(); n++) {
            pages.add(new ListPage(kind, key, root, all, pagination, n, describedBy));
        }
    }

    /** Articles by year ("2025"), month ("2025/11") and day ("2025/11/24") in the site's time zone, newest first. */
    static Map<String, List<Article>> dateLists(Archive archive, SiteConfig config) {
        Map<String, List<Article>> byPeriod = new TreeMap<>();
        for (Article a : archive.articles()) {
            LocalDate day = a.date().atZone(config.timezone()).toLocalDate();
            String y = String.format("%04d", day.getYear());
            String m = y + "/" + String.format("%02d", day.getMonthValue());
            String d = m + "/" + String.format("%02d", day.getDayOfMonth());
            for (String key : List.of(y, m, d)) byPeriod.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        }
        return byPeriod;
    }

    private static void checkCollisions(List<PagePlan> pages, Diagnostics diagnostics) {
        Map<String, PagePlan> byOutput = new HashMap<>();
        for (PagePlan page : pages) {
            PagePlan earlier = byOutput.putIfAbsent(page.outputPath(), page);
            if (earlier != null && !(page instanceof PagePlan.ArticlePage && earlier instanceof PagePlan.ArticlePage)) {
                // Article-article collisions were reported by the loader with both files.
                PagePlan culprit = page instanceof PagePlan.RedirectPage ? page : earlier instanceof PagePlan.RedirectPage ? earlier : page;
                PagePlan other = culprit == page ? earlier : page;
                String what = culprit instanceof PagePlan.RedirectPage r ? "alias " + r.from() : "page " + culprit.sitePath();
                diagnostics.error(culprit.origin(), what + " collides with " + describe(other) + "; both would be written to "
                        + page.outputPath());
            }
        }
    }

    private static String describe(PagePlan page) {
        if (page instanceof PagePlan.ArticlePage a) return "the article " + a.article().source();
        if (page instanceof PagePlan.RedirectPage r) return "an alias of " + r.target().source();
        return "the page " + page.sitePath();
    }
}
