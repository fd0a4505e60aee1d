package galley.incremental;

import galley.cache.Fingerprint;
import galley.model.Archive;
import galley.model.Article;
import galley.model.Term;
import galley.model.TermPage;
import galley.plan.DataFile;
import galley.plan.PagePlan;
import galley.views.ArticleFields;
import galley.views.PageViews;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The input fingerprint of every output, computed from the model without rendering: what a page
 * shows, reduced to the hashes of the sources it comes from. It must change whenever the page's
 * bytes would; {@code IncrementalBuildTest} checks that incremental and clean builds agree after
 * edits of every kind. Thread-safe.
 */
public final class PageKeys {

    private final PageViews views;
    private final Archive archive;
    private final String global;
    private final Map<String, String> teaserKeys = new ConcurrentHashMap<>();

    public PageKeys(PageViews views) {
        this.views = views;
        this.archive = views.archive();
        this.global = views.globalKey();
    }

    /** A page's key: global inputs, its template (with imports) and its own inputs. */
    public String of(PagePlan page, String templateFingerprint) {
        Fingerprint f = new Fingerprint().add(global).add(templateFingerprint).add(page.sitePath());
        if (page instanceof PagePlan.ArticlePage p) {
            article(f, p.article());
        } else if (page instanceof PagePlan.ListPage p) {
            list(f, p);
        } else if (page instanceof PagePlan.RedirectPage p) {
            f.add(p.from()).add(teaserKey(p.target()));
        } else if (page instanceof PagePlan.IndexPage p) {
            index(f, p.kind());
        }
        return f.hex();
    }

    public String of(DataFile file) {
        Fingerprint f = new Fingerprint().add(global).add(file.outputPath());
        if (file instanceof DataFile.Feed feed) {
            f.add(feed.format().name()).add(feed.title()).add(feed.listRoot()).add(String.valueOf(feed.fullContent()));
            for (Article a : feed.entries()) {
                f.add(teaserKey(a));
                if (feed.fullContent()) {
                    f.add(a.contentHash());
                    links(f, a);
                }
            }
        } else if (file instanceof DataFile.NewsSitemap news) {
            // date, title and URL are in the teaser key
            news.articles().forEach(a -> f.add(teaserKey(a)));
        } else if (file instanceof DataFile.Redirects r) {
            r.aliases().forEach(a -> f.add(a.from()).add(a.target().path()));
        } else if (file instanceof DataFile.SearchIndex index) {
            // title, URL, date, summary, section, tags and authors are in the teaser key
            index.articles().forEach(a -> f.add(teaserKey(a)));
        } else if (file instanceof DataFile.Sitemap map) {
            map.entries().forEach(e -> sitemapEntry(f, e));
        } else if (file instanceof DataFile.SitemapIndex index) {
            // What the index shows of each sitemap: its URL and newest date.
            for (DataFile.Sitemap map : index.sitemaps()) {
                f.add(map.name())
                        .add(map.lastModified()
                                .map(t -> t.getEpochSecond() + "." + t.getNano())
                                .orElse("-"));
            }
        } else {
            f.add(file.toString()); // robots.txt (names the news sitemap or not), the search manifest: small records
            // (years and counts)
        }
        return f.hex();
    }

    /** A sitemap line: the page's path and date (fields, not the record's text: 44,000 of them at 25,000 articles). */
    private static void sitemapEntry(Fingerprint f, DataFile.SitemapEntry e) {
        f.add(e.sitePath());
        if (e.lastModified().isPresent())
            f.add(e.lastModified().get().getEpochSecond())
                    .add(e.lastModified().get().getNano());
        else f.add("-");
    }

    /**
     * Everything a teaser, feed entry or byline of {@code a} shows: the file (title, date,
     * summary, image...), its URL, the canonical section and tag names (another article's
     * spelling can change them) and its authors' files (names, photos).
     */
    String teaserKey(Article a) {
        // Looked up before computeIfAbsent, which locks the bin whenever the key is not its first node.
        String known = teaserKeys.get(a.path());
        if (known != null) return known;
        return teaserKeys.computeIfAbsent(a.path(), k -> {
            // What lists show (ArticleFields' LISTS components), not the file's hash: an edit further
            // down the body changes the article's own page (and full-content feeds), not every list.
            Fingerprint f = new Fingerprint();
            for (Object value : ArticleFields.listed(a)) f.addValue(value);
            // The image's width and height are read from its file: its stamp stands for them.
            if (a.image().isPresent()) f.add(views.imageStamp(a.image().get().src()));
            for (String slug : a.authors()) f.add(archive.authors().get(slug).contentHash());
            return f.hex();
        });
    }

    private void article(Fingerprint f, Article a) {
        f.add(teaserKey(a)).add(a.contentHash());
        f.add(views.neighbourArticle(a, 1).map(this::teaserKey).orElse("-"));
        f.add(views.neighbourArticle(a, -1).map(this::teaserKey).orElse("-"));
        for (Article r : views.related(a)) f.add(teaserKey(r));
        links(f, a);
    }

    /** The URLs of the articles a body links to are part of the rendered body. */
    private void links(Fingerprint f, Article a) {
        for (String link : a.articleLinks())
            f.add(link).add(views.links(a.source()).resolveArticleLink(link).orElse("?"));
    }

    private void list(Fingerprint f, PagePlan.ListPage p) {
        // The pager is all a page shows of the page count: the front page links to the newest numbered
        // pages, a numbered page only knows whether it is the newest. Keyed so, a list that gains a
        // numbered page re-renders three pages, not all of them.
        int last = p.pagination().numberedPages();
        f.add(p.kind().name()).add(p.key()).add(p.number()).add(p.number() == 0 ? last : p.number() == last ? -1 : -2);
        switch (p.kind()) {
            case SECTION ->
                term(f, archive.sections().get(p.key()), archive.sectionPages().get(p.key()));
            case TAG -> term(f, archive.tags().get(p.key()), archive.tagPages().get(p.key()));
            case AUTHOR -> f.add(archive.authors().get(p.key()).contentHash());
            case YEAR, MONTH, DAY ->
                f.add(views.period(p.key(), -1).orElse("-"))
                        .add(views.period(p.key(), 1).orElse("-"));
            case HOME -> {}
        }
        for (Article a : p.shown()) f.add(teaserKey(a));
    }

    private static void term(Fingerprint f, Term term, TermPage page) {
        f.add(term.name())
                .add(Optional.ofNullable(page).map(TermPage::contentHash).orElse("-"));
    }

    /** Index pages are few: they are keyed by what they list. */
    private void index(Fingerprint f, PagePlan.IndexKind kind) {
        switch (kind) {
            case TAGS ->
                archive.byTag()
                        .forEach((slug, list) ->
                                f.add(archive.tags().get(slug).name()).add(list.size()));
            case AUTHORS ->
                archive.authors()
                        .forEach((slug, a) -> f.add(a.contentHash())
                                .add(archive.byAuthor(slug).size()));
            case SECTIONS ->
                archive.sections()
                        .forEach((slug, t) -> f.add(t.name())
                                .add(Optional.ofNullable(archive.sectionPages().get(slug))
                                        .map(TermPage::contentHash)
                                        .orElse("-")));
            case ARCHIVE -> views.periodKeys().forEach(f::add);
        }
    }
}
