package galley.views;

import galley.cache.Fingerprint;
import galley.config.SiteConfig;
import galley.content.SourceFile;
import galley.content.SourceTree;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.Severity;
import galley.diag.SourcePosition;
import galley.markdown.LinkResolver;
import galley.markdown.MarkdownRenderer;
import galley.markdown.RenderedMarkdown;
import galley.markdown.ShownImage;
import galley.markdown.UrlPaths;
import galley.media.ImageSize;
import galley.media.ResponsiveImage;
import galley.model.Archive;
import galley.model.Article;
import galley.model.Author;
import galley.model.Term;
import galley.model.TermPage;
import galley.plan.DataFile;
import galley.plan.PagePlan;
import galley.plan.SitePlanner;
import galley.render.Json;
import galley.render.SearchWriter;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@link PagePlan} into the data model its template sees: view records only, with URLs,
 * dates and HTML ready to print. Thread-safe: pages are rendered in parallel, and the caches here
 * are concurrent maps of values that are the same whichever thread computes them.
 */
public final class PageViews {

    private static final int WORDS_PER_MINUTE = 230;

    private final String version;
    private final SiteConfig config;
    private final Archive archive;
    private final SourceTree tree;
    private final MarkdownRenderer markdown;
    private final Diagnostics diagnostics;
    private final Views.Site site;
    private final DateTimeFormatter dateFormat;
    private final DateTimeFormatter timeFormat;
    private final Map<String, Views.Byline> bylines = new ConcurrentHashMap<>();
    /**
     * Teasers are shown on a dozen lists each, so they are kept once made; softly, so that a
     * million-article archive's teasers (gigabytes of display strings) give way before the heap runs out.
     */
    private final Map<String, SoftReference<Views.Teaser>> teasers = new ConcurrentHashMap<>();

    private final Map<String, String> termDescriptions = new ConcurrentHashMap<>();
    /** The size of each media image shown, by media path: read once per build (see {@link #imageSize}). */
    private final Map<String, Optional<ImageSize>> imageSizes = new ConcurrentHashMap<>();

    private final Map<String, List<Article>> related = new ConcurrentHashMap<>();
    /** Position of each article in the newest-first archive (identity: records hash all their fields). */
    private final Map<Article, Integer> ranks = new IdentityHashMap<>();
    /** Each tag's articles as ranks, ascending (newest first): related coverage works on these ints. */
    private final Map<String, int[]> tagRanks = new HashMap<>();
    /** Per thread: how many of an article's tags each candidate (by rank) shares; zeroed after use. */
    private final ThreadLocal<int[]> sharedTags = ThreadLocal.withInitial(() -> new int[0]);
    /** Date-list keys by length: 4 years ("2025"), 7 months ("2025/11"), 10 days ("2025/11/24"). */
    private volatile Map<Integer, NavigableSet<String>> periods;

    public PageViews(
            SiteConfig config,
            Archive archive,
            SourceTree tree,
            MarkdownRenderer markdown,
            Diagnostics diagnostics,
            String version) {
        this(config, archive, tree, markdown, diagnostics, version, Map.of());
    }

    /**
     * Views whose pages name the theme's fingerprinted copies: {@code assets} maps a static file's
     * path ({@code css/galley.css}) to its copy's ({@code assets/galley.1a2b3c4d5e.css}).
     */
    public PageViews(
            SiteConfig config,
            Archive archive,
            SourceTree tree,
            MarkdownRenderer markdown,
            Diagnostics diagnostics,
            String version,
            Map<String, String> assets) {
        this.version = version;
        this.config = config;
        this.archive = archive;
        this.tree = tree;
        this.markdown = markdown;
        this.diagnostics = diagnostics;
        Locale locale = Locale.forLanguageTag(config.language());
        this.dateFormat = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale);
        this.timeFormat = DateTimeFormatter.ofPattern("HH:mm", locale);
        for (int i = 0; i < archive.articles().size(); i++)
            ranks.put(archive.articles().get(i), i);
        archive.byTag()
                .forEach((slug, list) ->
                        tagRanks.put(slug, list.stream().mapToInt(ranks::get).toArray()));
        List<Views.Link> sections = archive.sections().values().stream()
                .map(t -> new Views.Link(t.name(), url("/sections/" + t.slug() + "/")))
                .toList();
        this.site = new Views.Site(
                config.title(),
                config.description(),
                config.language(),
                config.baseUrl().toString(),
                config.basePath(),
                url("/"),
                url("/" + assets.getOrDefault("css/galley.css", "css/galley.css")),
                sections,
                url("/tags/"),
                url("/authors/"),
                url("/sections/"),
                url("/archive/"),
                url("/search/"),
                url("/" + assets.getOrDefault("js/search.js", "js/search.js")),
                "Galley " + version);
    }

    /** One article as the search page sees it (see {@link SearchWriter}). */
    public Json.Obj searchEntry(Article a) {
        Views.Moment when = moment(a.date());
        return Json.obj()
                .put("t", a.title())
                .put("u", url(a.path()))
                .put("d", when.iso())
                .put("w", when.date())
                .put("s", a.section().name())
                .put("a", Json.list(a.authors().stream().map(this::authorName).toList()))
                .put("g", Json.list(a.tags().stream().map(Term::name).toList()))
                .put("x", a.description());
    }

    /** Every date-list key: years, then months, then days, each in order. */
    public List<String> periodKeys() {
        List<String> keys = new ArrayList<>();
        for (int length : new int[] {4, 7, 10})
            keys.addAll(periods().getOrDefault(length, Collections.emptyNavigableSet()));
        return keys;
    }

    /** The date-list keys, made when a page first needs them (an article-only build never does). */
    private Map<Integer, NavigableSet<String>> periods() {
        Map<Integer, NavigableSet<String>> p = periods;
        if (p == null) {
            synchronized (this) {
                if (periods == null) {
                    Map<Integer, NavigableSet<String>> made = new HashMap<>();
                    for (String key : SitePlanner.dateLists(archive, config).keySet()) {
                        made.computeIfAbsent(key.length(), k -> new TreeSet<>()).add(key);
                    }
                    periods = made;
                }
                p = periods;
            }
        }
        return p;
    }

    /**
     * Renders the Markdown shared by many pages (author bios, section and tag descriptions) once,
     * up front, so that its warnings are reported whichever pages a build renders.
     */
    public void prepareShared() {
        archive.authors().keySet().forEach(this::byline);
        archive.sectionPages().values().stream()
                .sorted(Comparator.comparing(p -> p.source().toString()))
                .forEach(p -> termHeading(p.term(), p, "", new Views.Link("", "")));
        archive.tagPages().values().stream()
                .sorted(Comparator.comparing(p -> p.source().toString()))
                .forEach(p -> termHeading(p.term(), p, "", new Views.Link("", "")));
    }

    /** What every output depends on: Galley's version, the settings and the site-wide view (navigation). */
    public String globalKey() {
        return Fingerprint.of(version, config.toString(), site.toString());
    }

    /** The data model of {@code page}: {@code site}, {@code page} and one page-specific entry. */
    public Map<String, Object> model(PagePlan page, Diagnostics sink) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("site", site);
        if (page instanceof PagePlan.ArticlePage p) {
            Views.ArticleView article = article(p.article(), sink);
            List<Views.Link> trail = List.of(sectionLink(p.article().section()));
            model.put(
                    "page",
                    new Views.Page(
                            "article",
                            article.title(),
                            article.absoluteUrl(),
                            p.article().description(),
                            siteFeeds(),
                            crumbs(trail, article.title()),
                            Metadata.article(this, p.article(), article),
                            Metadata.articleJsonLd(this, p.article(), article, crumbs(trail, article.title()))));
            model.put("article", article);
        } else if (page instanceof PagePlan.ListPage p) {
            Views.ListView list = list(p);
            String title = p.number() == 0
                    ? list.heading().title()
                    : list.heading().title() + " – " + list.pager().label();
            if (p.kind() == PagePlan.ListKind.HOME)
                title = p.number() == 0
                        ? config.title()
                        : config.title() + " – " + list.pager().label();
            String description = list.heading().summary().isEmpty()
                    ? config.description()
                    : list.heading().summary();
            List<Views.Link> trail = list.heading().up().stream().toList();
            List<Views.Link> crumbs = p.kind() == PagePlan.ListKind.HOME
                    ? crumbs(List.of(), "")
                    : crumbs(trail, list.heading().title());
            String kind = p.kind().name().toLowerCase(Locale.ROOT);
            String canonical = absolute(p.sitePath());
            List<Views.Meta> meta = Metadata.basic(
                    this,
                    p.kind() == PagePlan.ListKind.AUTHOR ? "profile" : "website",
                    title,
                    description,
                    canonical,
                    list.heading().author().flatMap(Views.Byline::photoUrl));
            String jsonLd = p.kind() == PagePlan.ListKind.AUTHOR
                    ? Metadata.profileJsonLd(this, archive.authors().get(p.key()), crumbs)
                    : Metadata.listJsonLd(this, p.kind() == PagePlan.ListKind.HOME, crumbs);
            model.put("page", new Views.Page(kind, title, canonical, description, listFeeds(p), crumbs, meta, jsonLd));
            model.put("list", list);
        } else if (page instanceof PagePlan.IndexPage p) {
            Views.IndexView index = index(p.kind());
            List<Views.Link> crumbs = crumbs(List.of(), index.title());
            String canonical = absolute(p.sitePath());
            model.put(
                    "page",
                    new Views.Page(
                            "index",
                            index.title(),
                            canonical,
                            index.intro(),
                            siteFeeds(),
                            crumbs,
                            Metadata.basic(this, "website", index.title(), index.intro(), canonical, Optional.empty()),
                            Metadata.listJsonLd(this, false, crumbs)));
            model.put("index", index);
        } else if (page instanceof PagePlan.RedirectPage p) {
            String target = url(p.target().path());
            model.put(
                    "page",
                    new Views.Page(
                            "redirect",
                            p.target().title(),
                            absolute(p.target().path()),
                            p.target().description(),
                            List.of(),
                            List.of(),
                            List.of(),
                            ""));
            model.put("redirect", new Views.RedirectView(target, p.target().title()));
        } else if (page instanceof PagePlan.SearchPage) {
            List<Views.Link> crumbs = crumbs(List.of(), "Search");
            String canonical = absolute(page.sitePath());
            model.put(
                    "page",
                    new Views.Page(
                            "search",
                            "Search",
                            canonical,
                            "Search the archive of " + config.title() + ".",
                            siteFeeds(),
                            crumbs,
                            List.of(),
                            ""));
            model.put("search", new Views.SearchView(url("/search/index.json")));
        } else {
            model.put(
                    "page",
                    new Views.Page(
                            "404",
                            "Page not found",
                            absolute(page.sitePath()),
                            "",
                            List.of(),
                            List.of(),
                            List.of(),
                            ""));
        }
        return model;
    }

    /** Home, then the trail, then the page itself (without a link: it is where the reader is). */
    private List<Views.Link> crumbs(List<Views.Link> trail, String self) {
        List<Views.Link> crumbs = new ArrayList<>();
        crumbs.add(new Views.Link(config.title(), url("/")));
        crumbs.addAll(trail);
        if (!self.isEmpty()) crumbs.add(new Views.Link(self, ""));
        return crumbs;
    }

    private List<Views.Feed> siteFeeds() {
        return feedsOf("/", config.title());
    }

    private List<Views.Feed> listFeeds(PagePlan.ListPage p) {
        return switch (p.kind()) {
            case AUTHOR -> {
                // Authors without articles have no feeds of their own (SitePlanner writes none).
                List<Views.Feed> feeds = new ArrayList<>();
                if (!archive.byAuthor(p.key()).isEmpty())
                    feeds.addAll(feedsOf(p.root(), heading(p).title() + " – " + config.title()));
                feeds.addAll(siteFeeds());
                yield feeds;
            }
            case SECTION, TAG -> {
                List<Views.Feed> feeds =
                        new ArrayList<>(feedsOf(p.root(), heading(p).title() + " – " + config.title()));
                feeds.addAll(siteFeeds());
                yield feeds;
            }
            default -> siteFeeds();
        };
    }

    private List<Views.Feed> feedsOf(String root, String title) {
        List<Views.Feed> feeds = new ArrayList<>();
        for (DataFile.FeedFormat f : DataFile.FeedFormat.values()) {
            feeds.add(new Views.Feed(
                    title + (f == DataFile.FeedFormat.ATOM ? " (Atom)" : " (RSS)"),
                    url(root + f.fileName()),
                    f.mediaType()));
        }
        return feeds;
    }

    public SiteConfig config() {
        return config;
    }

    public String authorName(String slug) {
        return archive.authors().get(slug).name();
    }

    /**
     * An article's body as HTML for a feed, with absolute links: RSS has no base URL, so a
     * root-relative link would lead nowhere in a feed reader. (Warnings were reported for its page.)
     */
    public String feedHtml(Article a) {
        // One article is in the site's feeds and those of its section, tags and authors, each in
        // Atom and RSS: rendered once for all of them, not up to a dozen times.
        return feedBodies.computeIfAbsent(
                a.source(),
                source -> markdown.render(readBody(a, new Diagnostics()), linksFrom(source, true))
                        .html());
    }

    /** Feed bodies of this build by source file (a build's views are made anew for every build). */
    private final Map<Path, String> feedBodies = new ConcurrentHashMap<>();

    // ---------------------------------------------------------------- articles

    /** The article with its body rendered; body warnings go to {@code sink}. */
    private Views.ArticleView article(Article a, Diagnostics sink) {
        return articleView(a, body(a, sink));
    }

    /**
     * The article's body as HTML for its page; its warnings (links, images) go to {@code sink}. A
     * body that a feed carries in full is rendered for the feed from the same parse, and kept for
     * {@link #feedHtml} (pages are rendered before feeds).
     */
    public String body(Article a, Diagnostics sink) {
        RenderedMarkdown rendered;
        if (carriedInFull.contains(a.source())) {
            MarkdownRenderer.PageAndFeed both = markdown.renderForPageAndFeed(
                    readBody(a, sink), linksFrom(a.source()), linksFrom(a.source(), true));
            feedBodies.putIfAbsent(a.source(), both.feedHtml());
            rendered = both.page();
        } else {
            rendered = markdown.render(readBody(a, sink), linksFrom(a.source()));
        }
        report(sink, a.source(), a.bodyLine(), rendered);
        if (!rendered.media().isEmpty()) bodyMedia.put(a.source(), rendered.media());
        rendered.firstImage().ifPresent(m -> firstBodyImages.put(a.source(), m));
        return rendered.html();
    }

    /**
     * The media files that {@code page}'s text leads to and that exist, as its rendering found them
     * (call after {@link #model}): the page warns once one of them goes, so it is made again then.
     * Only an article page renders a text of its own (bios and descriptions are rendered for every
     * build by {@link #prepareShared}).
     */
    public List<String> mediaShown(PagePlan page) {
        return page instanceof PagePlan.ArticlePage p
                ? bodyMedia.getOrDefault(p.article().source(), List.of()).stream()
                        .map(this::mediaRecord)
                        .toList()
                : List.of();
    }

    /**
     * What a page that shows the media file {@code path} ({@code /media/...}, decoded) records of it
     * ({@link #mediaShown}): the path and the file's size and modification time, or "-" when it is
     * not there. A page is made again when this changes for one of its files: the image gone (a
     * warning now), or replaced (another size, other copies).
     */
    public String mediaRecord(String path) {
        Optional<String> stamp = tree.media().contains(path)
                ? tree.mediaStamp(path).map(st -> st.size() + ":" + st.mtimeNanos())
                : Optional.empty();
        return path + " " + stamp.orElse("-");
    }

    /**
     * What a link preview shows of {@code a} when it has no hero: the first image of its body that
     * is a media file (call after its body was rendered), as its widest copy's URL.
     */
    Optional<String> firstBodyImage(Article a) {
        return Optional.ofNullable(firstBodyImages.get(a.source())).map(this::srcUrl);
    }

    /** The URL of {@code images.social}, the image of link previews of pages without one of their own. */
    Optional<String> socialImage() {
        return config.images().social().map(this::url);
    }

    /** {@link #firstBodyImage} by article source, for this build's renderings. */
    private final Map<Path, String> firstBodyImages = new ConcurrentHashMap<>();

    /** {@link #mediaShown} by article source, for this build's renderings. */
    private final Map<Path, List<String>> bodyMedia = new ConcurrentHashMap<>();

    /**
     * Where {@code check} receives each Markdown text it renders, with the links it holds
     * ({@link #checkLinks}).
     */
    public interface CheckedTexts {
        /**
         * {@code rendered} is the text of {@code source} starting at file line {@code firstLine},
         * shown on the page at {@code pagePath} (a site path without the base path).
         */
        void accept(Path source, int firstLine, String pagePath, RenderedMarkdown rendered);
    }

    /** Null in a build; {@code check}'s receiver of rendered texts (see {@link #checkLinks}). */
    private volatile CheckedTexts checkedTexts;

    /**
     * For {@code check}: from now on every text rendered keeps its links
     * ({@link LinkResolver#collectsLinks}), and author bios and section and tag descriptions go to
     * {@code texts} as {@link #prepareShared} renders them; article bodies go there through
     * {@link #checkBody}. Call before {@link #prepareShared}.
     */
    public void checkLinks(CheckedTexts texts) {
        this.checkedTexts = texts;
    }

    /**
     * {@code check}'s rendering of an article body: warnings to {@code sink} as for its page, the
     * text with its links to the receiver given to {@link #checkLinks}.
     */
    public void checkBody(Article a, Diagnostics sink) {
        RenderedMarkdown rendered = markdown.render(readBody(a, sink), linksFrom(a.source()));
        report(sink, a.source(), a.bodyLine(), rendered);
        checkedTexts.accept(a.source(), a.bodyLine(), a.path(), rendered);
    }

    /**
     * Tells the views which articles the plan's feeds carry in full, so that their bodies are
     * parsed once for page and feed.
     */
    public void carriedInFull(List<DataFile> files) {
        Set<Path> sources = new HashSet<>();
        for (DataFile f : files) {
            if (f instanceof DataFile.Feed feed && feed.fullContent()) {
                for (Article a : feed.entries()) sources.add(a.source());
            }
        }
        carriedInFull = Set.copyOf(sources);
    }

    /** The sources of the articles the plan's feeds carry in full (see {@link #carriedInFull(List)}). */
    private volatile Set<Path> carriedInFull = Set.of();

    /** The article page's view with {@code bodyHtml} given: without the body, it is the page's cache key. */
    private Views.ArticleView articleView(Article a, String bodyHtml) {
        List<Views.Byline> authors = a.authors().stream().map(this::byline).toList();
        List<Views.Link> tags = a.tags().stream()
                .map(t -> new Views.Link(t.name(), url("/tags/" + t.slug() + "/")))
                .toList();
        List<Views.CorrectionNote> corrections = a.corrections().stream()
                .map(c -> new Views.CorrectionNote(moment(c.date()), inlineMarkdown(c.text(), a.source())))
                .toList();
        return new Views.ArticleView(
                a.title(),
                url(a.path()),
                absolute(a.path()),
                moment(a.date()),
                a.updated().filter(u -> u.isAfter(a.date())).map(this::moment),
                a.firstCommitted().map(this::moment),
                sectionLink(a.section()),
                a.summary(),
                picture(a),
                authors,
                tags,
                bodyHtml,
                Math.max(1, Math.round(a.wordCount() / (float) WORDS_PER_MINUTE)),
                corrections,
                neighbour(a, 1),
                neighbour(a, -1),
                related(a).stream().map(this::teaser).toList(),
                a.extra());
    }

    /** The article {@code step} places older (1) or newer (-1) in the same section. */
    private Optional<Views.Teaser> neighbour(Article a, int step) {
        return neighbourArticle(a, step).map(this::teaser);
    }

    public Optional<Article> neighbourArticle(Article a, int step) {
        List<Article> section = archive.inSection(a.section().slug());
        int i = indexOfRank(section, rank(a));
        int j = i + step;
        return i >= 0 && j >= 0 && j < section.size() ? Optional.of(section.get(j)) : Optional.empty();
    }

    public Archive archive() {
        return archive;
    }

    /** Date-list neighbours: the previous ({@code -1}) or next ({@code 1}) period with articles. */
    public Optional<String> period(String key, int step) {
        NavigableSet<String> keys = periods().get(key.length());
        return Optional.ofNullable(step < 0 ? keys.lower(key) : keys.higher(key));
    }

    public LinkResolver links(Path source) {
        return linksFrom(source);
    }

    /** How many related articles an article page shows. */
    static final int RELATED = 4;
    /** How far back each tag's list is searched: bounds the work per article on tags with 20,000 articles. */
    static final int RELATED_WINDOW = 200;

    /**
     * Earlier articles sharing the most tags with {@code a}, then the most recent (issue #3). Only
     * earlier articles are candidates, so publishing a new article never changes an old page.
     * Candidates are the {@link #RELATED_WINDOW} most recent earlier articles of each tag.
     */
    public List<Article> related(Article a) {
        return related.computeIfAbsent(a.path(), k -> computeRelated(a));
    }

    private List<Article> computeRelated(Article a) {
        int self = rank(a);
        // Count the shared tags of every candidate in an array indexed by rank (a few hundred
        // increments per article; sorting or merging the candidates cost a fifth of an incremental
        // build), remembering which ranks were touched, then keep the best of those.
        int[] shared = sharedTags.get();
        if (shared.length < archive.articles().size()) {
            shared = new int[archive.articles().size()];
            sharedTags.set(shared);
        }
        int[] touched = new int[a.tags().size() * RELATED_WINDOW];
        int n = 0;
        for (Term tag : a.tags()) {
            int[] list = tagRanks.get(tag.slug());
            int i = Arrays.binarySearch(list, self);
            if (i < 0) continue;
            int end = Math.min(list.length, i + 1 + RELATED_WINDOW);
            for (int j = i + 1; j < end; j++) {
                if (shared[list[j]]++ == 0) touched[n++] = list[j];
            }
        }
        // The RELATED best by (shared tags desc, rank asc); a smaller rank is more recent.
        int[] bestRank = new int[RELATED];
        int[] bestCount = new int[RELATED];
        int found = 0;
        for (int t = 0; t < n; t++) {
            int r = touched[t];
            int count = shared[r];
            shared[r] = 0;
            int pos = found;
            while (pos > 0 && (bestCount[pos - 1] < count || bestCount[pos - 1] == count && bestRank[pos - 1] > r))
                pos--;
            if (pos < RELATED) {
                int last = Math.min(found, RELATED - 1);
                for (int m = last; m > pos; m--) {
                    bestRank[m] = bestRank[m - 1];
                    bestCount[m] = bestCount[m - 1];
                }
                bestRank[pos] = r;
                bestCount[pos] = count;
                if (found < RELATED) found++;
            }
        }
        List<Article> result = new ArrayList<>(found);
        for (int m = 0; m < found; m++) result.add(archive.articles().get(bestRank[m]));
        return List.copyOf(result);
    }

    /** An article's position in the newest-first archive: smaller is more recent. */
    private int rank(Article a) {
        return ranks.get(a);
    }

    /** Binary search by rank in a newest-first list (its ranks ascend). */
    private int indexOfRank(List<Article> list, int target) {
        int lo = 0;
        int hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int r = rank(list.get(mid));
            if (r < target) lo = mid + 1;
            else if (r > target) hi = mid - 1;
            else return mid;
        }
        return -1;
    }

    private String readBody(Article a, Diagnostics sink) {
        Optional<SourceFile> file = SourceFile.read(tree.root(), a.source(), sink);
        if (file.isEmpty() || !file.get().hash().equals(a.contentHash())) {
            sink.error(SourcePosition.of(a.source()), "file changed or vanished during the build; build again");
            return "";
        }
        return file.get().text().substring(a.bodyOffset());
    }

    private String inlineMarkdown(String text, Path source) {
        String html = markdown.render(text, linksFrom(source)).html().strip();
        if (html.startsWith("<p>") && html.endsWith("</p>") && html.indexOf("<p>", 1) < 0) {
            html = html.substring(3, html.length() - 4);
        }
        return html;
    }

    private static void report(Diagnostics sink, Path source, int firstLine, RenderedMarkdown rendered) {
        for (RenderedMarkdown.LineWarning w : rendered.warnings()) {
            int line = w.line() > 0 ? firstLine + w.line() - 1 : 0;
            sink.add(new Diagnostic(
                    w.error() ? Severity.ERROR : Severity.WARNING,
                    new SourcePosition(source, line, w.line() > 0 ? w.column() : 0),
                    w.message(),
                    w.kind()));
        }
    }

    private LinkResolver linksFrom(Path source) {
        return linksFrom(source, false);
    }

    /** Links as the body of {@code source} needs them: site paths, or absolute URLs (for feeds, which have no base). */
    private LinkResolver linksFrom(Path source, boolean absolute) {
        return new LinkResolver() {
            @Override
            public Optional<String> resolveArticleLink(String relative) {
                Path parent = source.getParent();
                Path target = (parent == null ? Path.of(relative) : parent.resolve(relative)).normalize();
                return archive.findBySource(target).map(Article::path);
            }

            @Override
            public boolean mediaExists(String mediaPath) {
                return tree.media().contains(UrlPaths.decode(mediaPath));
            }

            @Override
            public Optional<ShownImage> shownImage(String mediaPath) {
                if (absolute) return Optional.empty();
                return sizeOf(mediaPath).map(size -> {
                    Optional<ResponsiveImage> copies = copiesOf(mediaPath);
                    return new ShownImage(
                            size.width(),
                            size.height(),
                            srcUrl(mediaPath),
                            copies.map(r -> ResponsiveImage.srcset(r.fallback(), PageViews.this::url))
                                    .orElse(""),
                            copies.map(r -> ResponsiveImage.srcset(r.webp(), PageViews.this::url))
                                    .orElse(""),
                            copies.isPresent() ? config.images().sizes() : "");
                });
            }

            @Override
            public String sitePath(String path) {
                return absolute ? PageViews.this.absolute(path) : url(path);
            }

            @Override
            public boolean collectsLinks() {
                return checkedTexts != null;
            }
        };
    }

    Views.Teaser teaser(Article a) {
        SoftReference<Views.Teaser> kept = teasers.get(a.path());
        Views.Teaser teaser = kept == null ? null : kept.get();
        if (teaser == null) {
            teaser = new Views.Teaser(
                    a.title(),
                    url(a.path()),
                    moment(a.date()),
                    sectionLink(a.section()),
                    a.description(),
                    picture(a),
                    a.authors().stream()
                            .map(s -> new Views.Link(archive.authors().get(s).name(), url("/authors/" + s + "/")))
                            .toList());
            teasers.put(a.path(), new SoftReference<>(teaser));
        }
        return teaser;
    }

    private Optional<Views.Picture> picture(Article a) {
        return a.image().map(i -> picture(i.src(), i.alt(), i.caption(), i.credit()));
    }

    private Views.Picture picture(String src, String alt, String caption, String credit) {
        Optional<ResponsiveImage> resized = responsiveImage(src);
        if (resized.isEmpty()) return new Views.Picture(mediaUrl(src), alt, caption, credit, imageSize(src));
        ResponsiveImage r = resized.get();
        return new Views.Picture(
                mediaUrl(src),
                alt,
                caption,
                credit,
                Optional.of(r.size()),
                url(r.largestFallback().path()),
                ResponsiveImage.srcset(r.fallback(), this::url),
                ResponsiveImage.srcset(r.webp(), this::url),
                config.images().sizes());
    }

    /**
     * The resized copies of the image at {@code src} (see {@link ResponsiveImage}); empty for an
     * external URL, an image that gets none, or an unreadable file.
     */
    private Optional<ResponsiveImage> responsiveImage(String src) {
        return tree.mediaPathOf(src).flatMap(this::copiesOf);
    }

    /** The resized copies of the media file {@code mediaPath}, from its size (read once per build) and the site's settings. */
    private Optional<ResponsiveImage> copiesOf(String mediaPath) {
        return sizeOf(mediaPath).flatMap(size -> ResponsiveImage.plan(mediaPath, size, config.images()));
    }

    /** What an {@code <img src>} of the media file {@code mediaPath} names: its widest copy, or the original. */
    private String srcUrl(String mediaPath) {
        return copiesOf(mediaPath).map(r -> url(r.largestFallback().path())).orElseGet(() -> url(mediaPath));
    }

    /** The intrinsic size of a {@code /media/} image, read from its header once per build; empty for other URLs and unreadable files. */
    private Optional<ImageSize> imageSize(String src) {
        return tree.mediaPathOf(src).flatMap(this::sizeOf);
    }

    /** The intrinsic size of the media file {@code mediaPath} ({@code /media/...}, decoded), read once per build. */
    public Optional<ImageSize> sizeOf(String mediaPath) {
        return imageSizes.computeIfAbsent(mediaPath, k -> ImageSize.read(tree.mediaFile(k)));
    }

    /**
     * What an image's size is read from, for output keys: the media file's path, size and
     * modification time as the scan saw them (as media copies are keyed), or "-" for an image
     * that is not a media file. No file is read.
     */
    public String imageStamp(String src) {
        return tree.mediaPathOf(src)
                .flatMap(m -> tree.mediaStamp(m).map(s -> m + " " + s.size() + " " + s.mtimeNanos()))
                .orElse("-");
    }

    private Views.Byline byline(String slug) {
        return bylines.computeIfAbsent(slug, s -> {
            Author author = archive.authors().get(s);
            RenderedMarkdown bio = markdown.render(author.bio(), linksFrom(author.source()));
            report(diagnostics, author.source(), author.bioLine(), bio);
            CheckedTexts texts = checkedTexts;
            if (texts != null) texts.accept(author.source(), author.bioLine(), "/authors/" + s + "/", bio);
            List<Views.Link> links = new ArrayList<>();
            author.links()
                    .forEach((name, target) -> links.add(new Views.Link(linkLabel(name), linkTarget(name, target))));
            return new Views.Byline(
                    author.name(),
                    url("/authors/" + s + "/"),
                    author.role(),
                    author.photo().map(this::mediaUrl),
                    bio.html(),
                    links);
        });
    }

    /** A readable label for an author link key: "x" is "X (Twitter)", "email" is "Email". */
    static String linkLabel(String key) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "x", "twitter" -> "X (Twitter)";
            case "email", "mail" -> "Email";
            case "linkedin" -> "LinkedIn";
            case "bluesky" -> "Bluesky";
            case "mastodon" -> "Mastodon";
            case "website", "web", "site" -> "Website";
            default -> key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
        };
    }

    private static String linkTarget(String name, String target) {
        if (name.equals("email") && !target.startsWith("mailto:") && target.contains("@")) return "mailto:" + target;
        return target;
    }

    // ---------------------------------------------------------------- lists

    private Views.ListView list(PagePlan.ListPage p) {
        List<Views.Teaser> shown = p.shown().stream().map(this::teaser).toList();
        Optional<Views.Link> earlier = Optional.empty();
        Optional<Views.Link> later = Optional.empty();
        if (p.kind() == PagePlan.ListKind.YEAR
                || p.kind() == PagePlan.ListKind.MONTH
                || p.kind() == PagePlan.ListKind.DAY) {
            NavigableSet<String> keys = periods().get(p.key().length());
            earlier = Optional.ofNullable(keys.lower(p.key()))
                    .map(k -> new Views.Link(periodTitle(k), url("/" + k + "/")));
            later = Optional.ofNullable(keys.higher(p.key()))
                    .map(k -> new Views.Link(periodTitle(k), url("/" + k + "/")));
        }
        return new Views.ListView(heading(p), shown, pager(p), earlier, later);
    }

    private Views.ListHeading heading(PagePlan.ListPage p) {
        return switch (p.kind()) {
            case HOME ->
                new Views.ListHeading("Latest", "", config.description(), "", Optional.empty(), Optional.empty());
            case SECTION ->
                termHeading(
                        archive.sections().get(p.key()),
                        archive.sectionPages().get(p.key()),
                        "Section",
                        new Views.Link("Sections", url("/sections/")));
            case TAG ->
                termHeading(
                        archive.tags().get(p.key()),
                        archive.tagPages().get(p.key()),
                        "Tag",
                        new Views.Link("Tags", url("/tags/")));
            case AUTHOR -> {
                Author author = archive.authors().get(p.key());
                Views.Byline byline = byline(p.key());
                yield new Views.ListHeading(
                        author.name(),
                        author.role(),
                        author.role(),
                        "",
                        Optional.of(byline),
                        Optional.of(new Views.Link("Authors", url("/authors/"))));
            }
            case YEAR, MONTH, DAY ->
                new Views.ListHeading(
                        periodTitle(p.key()),
                        "Archive",
                        "",
                        "",
                        Optional.empty(),
                        Optional.of(new Views.Link("Archive", url("/archive/"))));
        };
    }

    private Views.ListHeading termHeading(Term term, TermPage page, String kicker, Views.Link up) {
        if (page == null) return new Views.ListHeading(term.name(), kicker, "", "", Optional.empty(), Optional.of(up));
        String html = termDescriptions.computeIfAbsent(page.source().toString(), k -> {
            RenderedMarkdown r = markdown.render(page.description(), linksFrom(page.source()));
            report(diagnostics, page.source(), page.descriptionLine(), r);
            CheckedTexts texts = checkedTexts;
            if (texts != null) {
                boolean section = archive.sectionPages().get(term.slug()) == page;
                texts.accept(
                        page.source(),
                        page.descriptionLine(),
                        (section ? "/sections/" : "/tags/") + term.slug() + "/",
                        r);
            }
            return r.html();
        });
        return new Views.ListHeading(term.name(), kicker, page.summary(), html, Optional.empty(), Optional.of(up));
    }

    private String periodTitle(String key) {
        Locale locale = Locale.forLanguageTag(config.language());
        String[] parts = key.split("/");
        if (parts.length == 1) return parts[0];
        YearMonth ym = YearMonth.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        if (parts.length == 2) return ym.format(DateTimeFormatter.ofPattern("LLLL yyyy", locale));
        return ym.atDay(Integer.parseInt(parts[2])).format(dateFormat);
    }

    private Views.Pager pager(PagePlan.ListPage p) {
        int last = p.pagination().numberedPages();
        if (last == 0) return new Views.Pager(Optional.empty(), Optional.empty(), Optional.empty(), "");
        if (p.number() == 0) {
            return new Views.Pager(
                    Optional.empty(), Optional.of(url(p.root() + "page/" + (last - 1) + "/")), Optional.empty(), "");
        }
        Optional<String> newer =
                Optional.of(p.number() < last ? url(p.root() + "page/" + (p.number() + 1) + "/") : url(p.root()));
        Optional<String> older =
                p.number() > 1 ? Optional.of(url(p.root() + "page/" + (p.number() - 1) + "/")) : Optional.empty();
        return new Views.Pager(newer, older, Optional.of(url(p.root())), "Page " + p.number());
    }

    // ---------------------------------------------------------------- indexes

    private Views.IndexView index(PagePlan.IndexKind kind) {
        return switch (kind) {
            case TAGS ->
                new Views.IndexView(
                        "Tags", "Every tag in the archive, A to Z, with its number of articles.", "list", tagGroups());
            case AUTHORS ->
                new Views.IndexView(
                        "Authors",
                        "The people who write for " + config.title() + ".",
                        "list",
                        List.of(new Views.IndexGroup(
                                "",
                                "",
                                archive.authors().values().stream()
                                        .map(a -> new Views.IndexEntry(
                                                a.name(),
                                                url("/authors/" + a.slug() + "/"),
                                                archive.byAuthor(a.slug()).size(),
                                                a.role()))
                                        .toList())));
            case SECTIONS ->
                new Views.IndexView(
                        "Sections",
                        "",
                        "list",
                        List.of(new Views.IndexGroup(
                                "",
                                "",
                                archive.sections().values().stream()
                                        .map(t -> new Views.IndexEntry(
                                                t.name(),
                                                url("/sections/" + t.slug() + "/"),
                                                -1,
                                                Optional.ofNullable(archive.sectionPages()
                                                                .get(t.slug()))
                                                        .map(TermPage::summary)
                                                        .orElse("")))
                                        .toList())));
            case ARCHIVE ->
                new Views.IndexView(
                        "Archive", "Every year and month with articles, newest first.", "calendar", archiveGroups());
        };
    }

    private List<Views.IndexGroup> tagGroups() {
        Map<String, List<Views.IndexEntry>> groups = new TreeMap<>();
        archive.tags().values().stream()
                .sorted(Comparator.comparing((Term t) -> t.slug()))
                .forEach(t -> {
                    String first = t.slug()
                            .substring(0, t.slug().offsetByCodePoints(0, 1))
                            .toUpperCase(Locale.ROOT);
                    String label = Character.isLetter(first.codePointAt(0)) ? first : "#";
                    groups.computeIfAbsent(label, k -> new ArrayList<>())
                            .add(new Views.IndexEntry(
                                    t.name(),
                                    url("/tags/" + t.slug() + "/"),
                                    archive.withTag(t.slug()).size(),
                                    ""));
                });
        List<Views.IndexGroup> result = new ArrayList<>();
        groups.forEach((label, entries) -> result.add(new Views.IndexGroup(label, "", entries)));
        return result;
    }

    /** Each year with articles, newest first, as twelve months; months without articles have no link. */
    private List<Views.IndexGroup> archiveGroups() {
        NavigableSet<String> months = periods().getOrDefault(7, new TreeSet<>());
        List<Views.IndexGroup> result = new ArrayList<>();
        for (String year : periods().getOrDefault(4, new TreeSet<>()).descendingSet()) {
            List<Views.IndexEntry> entries = new ArrayList<>();
            for (int m = 1; m <= 12; m++) {
                String key = year + "/" + String.format("%02d", m);
                String name =
                        Month.of(m).getDisplayName(TextStyle.FULL_STANDALONE, Locale.forLanguageTag(config.language()));
                entries.add(new Views.IndexEntry(name, months.contains(key) ? url("/" + key + "/") : "", -1, ""));
            }
            result.add(new Views.IndexGroup(year, url("/" + year + "/"), entries));
        }
        return result;
    }

    // ---------------------------------------------------------------- values

    private Views.Link sectionLink(Term section) {
        return new Views.Link(section.name(), url("/sections/" + section.slug() + "/"));
    }

    Views.Moment moment(Instant instant) {
        ZonedDateTime local = instant.atZone(config.timezone());
        // A bare date (midnight) has no meaningful time of day, so none is shown.
        boolean midnight = local.toLocalTime().equals(LocalTime.MIDNIGHT);
        String display =
                midnight ? local.format(dateFormat) : local.format(dateFormat) + ", " + local.format(timeFormat);
        return new Views.Moment(
                local.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), display, local.format(dateFormat));
    }

    /** A site path with the base URL's path in front: {@code /2025/} becomes {@code /archive/2025/}. */
    public String url(String sitePath) {
        return UrlPaths.encode(config.basePath() + sitePath.substring(1));
    }

    public String absolute(String sitePath) {
        return config.absolute(url(sitePath));
    }

    /** An image URL as written by views (base path applied) made absolute for metadata. */
    String absoluteMedia(String url) {
        return url.startsWith("/") && !url.startsWith("//") ? config.absolute(url) : url;
    }

    String mediaUrl(String src) {
        return src.startsWith("/") && !src.startsWith("//") ? url(src) : src;
    }
}
