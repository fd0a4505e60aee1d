package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.SyndFeedInput;
import galley.TestProject;
import galley.testing.ArchiveGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Builds a generated archive ({@link ArchiveGenerator}, 300 articles, plus
 * four articles around the Google News window and an author without articles) and checks every feed, sitemap, robots.txt and
 * _redirects of the output against the specifications and against the article pages themselves:
 * the facts a test expects (dates, sections, tags, authors) are read from the HTML pages, never
 * from Galley's model, so a wrong selection in Galley shows up as a difference.
 */
class FeedsAndSitemapsTest {

    static final String NOW = ArchiveGenerator.NOW;
    static final String BASE = ArchiveGenerator.BASE_URL;
    static final String SITE_TITLE = ArchiveGenerator.TITLE;
    static final int FEED_SIZE = 50;
    static final int MAX_SITEMAP_URLS = 50_000;
    static final int MAX_NEWS_URLS = 1_000;

    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
    static final String NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";
    static final String CONTENT_NS = "http://purl.org/rss/1.0/modules/content/";
    static final String XSD_DIR = "com/redfin/sitemapgenerator/";

    /** Article pages: {@code YYYY/MM/DD/slug/index.html}. */
    static final Pattern ARTICLE_FILE = Pattern.compile("\\d{4}/\\d{2}/\\d{2}/[^/]+/index\\.html");

    @TempDir
    static Path root;

    static Path site;

    /** Every article page of the output by site path ({@code /2025/11/25/slug/}), as the page shows it. */
    static Map<String, ArticlePage> articles;

    /** An article as its own page shows it. */
    record ArticlePage(
            String path,
            String title,
            Instant date,
            String section,
            Set<String> authors,
            List<String> authorNames,
            Set<String> tags) {}

    @BeforeAll
    static void build() throws Exception {
        ArchiveGenerator.Summary generated = ArchiveGenerator.articles(300).writeTo(root);
        assertTrue(
                Files.readString(root.resolve("content/site.yaml")).contains("base_url: " + BASE),
                "the corpus's base_url changed");
        addNewsWindowArticles();
        TestProject.run("build", "--root", root.toString(), "--now", NOW, "--quiet")
                .assertOk();
        site = root.resolve("site");
        articles = readArticlePages(site);
        assertEquals(
                generated.published() + 4,
                articles.size(),
                "article pages: the generator's published articles and this test's four");
    }

    /**
     * The generator puts a few articles in the two days before {@link #NOW}. These four sit on both
     * sides of the window's start (2025-11-24T00:00+02:00), written in other UTC offsets than the
     * site's so that comparing local dates or days instead of instants is caught, and one just
     * before the build time. And an author without articles.
     */
    private static void addNewsWindowArticles() throws IOException {
        String author;
        try (Stream<Path> s = Files.list(root.resolve("content/authors"))) {
            author = s.map(f -> f.getFileName().toString().replaceFirst("\\.md$", ""))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        // An author with no article yet: a profile page, but no feed.
        Files.writeString(root.resolve("content/authors/zz-new-hire.md"), """
                ---
                name: Zoe New-Hire
                role: Trainee
                ---
                Joined this week.
                """, StandardCharsets.UTF_8);
        Path dir = root.resolve("content/articles/2025/11");
        Files.createDirectories(dir);
        String[][] extra = {
            {"window-opened-a-second-ago", "2025-11-23T22:00:01+00:00"}, // 2025-11-24T00:00:01+02:00: inside
            {"window-missed-by-a-second", "2025-11-24T00:59:59+03:00"}, // 2025-11-23T23:59:59+02:00: outside
            {"window-missed-by-an-hour", "2025-11-23T23:00:00+02:00"}, // outside
            {"filed-a-minute-before-the-build", "2025-11-25T23:59:00+02:00"}, // inside
        };
        for (String[] a : extra) {
            Files.writeString(
                    dir.resolve(a[0] + ".md"), """
                    ---
                    title: "News window: %s"
                    date: %s
                    section: Politics
                    authors: [%s]
                    tags: [Ukraine]
                    summary: "An article placed around the Google News window."
                    ---
                    Body of %s, with a [link](/sections/politics/).
                    """.formatted(a[0], a[1], author, a[0]), StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------------------------ feeds

    @Test
    void everyFeedParsesWithRomeAndListsTheNewestArticlesOfItsList() throws Exception {
        // The lists that must have feeds, from the article pages: the site, and every section, tag and author with
        // articles.
        Map<String, List<ArticlePage>> lists = new TreeMap<>();
        lists.put("/", new ArrayList<>(articles.values()));
        for (ArticlePage a : articles.values()) {
            lists.computeIfAbsent("/sections/" + a.section() + "/", k -> new ArrayList<>())
                    .add(a);
            for (String t : a.tags())
                lists.computeIfAbsent("/tags/" + t + "/", k -> new ArrayList<>())
                        .add(a);
            for (String au : a.authors())
                lists.computeIfAbsent("/authors/" + au + "/", k -> new ArrayList<>())
                        .add(a);
        }
        Set<String> expectedFiles = new TreeSet<>();
        for (String list : lists.keySet()) {
            expectedFiles.add(list + "feed.xml");
            expectedFiles.add(list + "rss.xml");
        }
        assertEquals(
                expectedFiles,
                new TreeSet<>(feedFiles()),
                "feed files: one Atom and one RSS feed per list with articles");

        Map<String, String> headings = new HashMap<>();
        SyndFeedInput input = new SyndFeedInput();
        input.setXmlHealerOn(false); // a malformed feed must fail, not be repaired
        for (String file : expectedFiles) {
            String listRoot = file.substring(0, file.lastIndexOf('/') + 1);
            boolean atom = file.endsWith("/feed.xml");
            SyndFeed feed;
            try {
                feed = input.build(new StringReader(Files.readString(site.resolve(file.substring(1)))));
            } catch (Exception e) {
                throw new AssertionError(file + ": Rome cannot parse it: " + e, e);
            }
            assertEquals(atom ? "atom_1.0" : "rss_2.0", feed.getFeedType(), file);
            String title = listRoot.equals("/")
                    ? SITE_TITLE
                    : headings.computeIfAbsent(listRoot, FeedsAndSitemapsTest::listHeading) + " – " + SITE_TITLE;
            assertEquals(title, feed.getTitle(), file + ": title");
            // Rome's SyndFeed.getLink() of an Atom feed is its rel=self link: read the alternate one.
            String link = atom
                    ? feed.getLinks().stream()
                            .filter(l -> "alternate".equals(l.getRel()))
                            .map(SyndLink::getHref)
                            .findFirst()
                            .orElse(null)
                    : feed.getLink();
            assertEquals(BASE + listRoot.substring(1), link, file + ": link to the list page");

            List<SyndEntry> entries = feed.getEntries();
            List<ArticlePage> list = lists.get(listRoot);
            Set<String> members = new HashSet<>();
            for (ArticlePage a : list) members.add(a.path());
            assertFalse(entries.isEmpty(), file + ": no entries");
            assertEquals(
                    Math.min(FEED_SIZE, list.size()),
                    entries.size(),
                    file + ": entries (the newest " + FEED_SIZE + " of " + list.size() + ")");

            Set<String> ids = new HashSet<>();
            Set<String> listed = new HashSet<>();
            Instant previous = Instant.MAX;
            for (SyndEntry e : entries) {
                String where = file + ": entry " + e.getLink();
                assertNotBlank(e.getTitle(), where + ": title");
                assertNotNull(e.getLink(), where + ": link");
                assertTrue(e.getLink().startsWith(BASE), where + ": link is not absolute under " + BASE);
                ArticlePage a = articles.get("/" + e.getLink().substring(BASE.length()));
                assertNotNull(a, where + ": links to no article page of the site");
                assertEquals(a.title(), e.getTitle(), where + ": title differs from the article page's");
                assertNotNull(e.getPublishedDate(), where + ": no published date");
                Instant published = e.getPublishedDate().toInstant();
                assertEquals(a.date(), published, where + ": published date differs from the article page's dateline");
                assertFalse(published.isAfter(previous), where + ": entries are not newest first");
                previous = published;
                assertEquals(
                        a.authorNames(), entryAuthors(e, atom), where + ": authors differ from the article's byline");
                assertNotBlank(e.getUri(), where + ": id/guid");
                assertTrue(ids.add(e.getUri()), where + ": id/guid " + e.getUri() + " is not unique in the feed");
                assertTrue(listed.add(a.path()), where + ": listed twice");
                assertTrue(members.contains(a.path()), where + ": not an article of " + listRoot);

                boolean full = listRoot.equals("/");
                List<SyndContent> contents = e.getContents();
                if (full) {
                    assertEquals(1, contents.size(), where + ": the site feed must carry the whole article");
                    assertNotBlank(contents.get(0).getValue(), where + ": empty content");
                    assertTrue(
                            contents.get(0).getValue().contains("<p>"), where + ": content is not the article's HTML");
                } else {
                    assertEquals(List.of(), contents, where + ": only the site feed carries whole articles");
                    assertNotNull(e.getDescription(), where + ": no summary");
                    assertNotBlank(e.getDescription().getValue(), where + ": empty summary");
                }
            }
            // The newest: no article of the list that was left out is newer than the oldest one listed.
            Instant oldestListed = previous;
            for (ArticlePage a : list) {
                if (!listed.contains(a.path())) {
                    assertFalse(
                            a.date().isAfter(oldestListed),
                            file + ": leaves out " + a.path() + ", newer than an article it lists");
                }
            }
        }
    }

    /** Content types and RSS extensions, which Rome reads leniently: checked on the XML itself. */
    @Test
    void siteFeedsCarryHtmlContentAndListFeedsSummariesOnly() throws Exception {
        DocumentBuilder xml = xmlParser();
        for (String file : feedFiles()) {
            boolean full = file.equals("/feed.xml") || file.equals("/rss.xml");
            org.w3c.dom.Document doc = xml.parse(site.resolve(file.substring(1)).toFile());
            if (file.endsWith("/feed.xml")) {
                for (org.w3c.dom.Element entry : children(doc.getDocumentElement(), ATOM, "entry")) {
                    String where = file + ": entry " + text(entry, ATOM, "id");
                    List<org.w3c.dom.Element> content = children(entry, ATOM, "content");
                    List<org.w3c.dom.Element> summary = children(entry, ATOM, "summary");
                    if (full) {
                        assertEquals(1, content.size(), where + ": atom:content");
                        assertEquals("html", content.get(0).getAttribute("type"), where + ": atom:content type");
                        assertFalse(content.get(0).hasAttribute("src"), where + ": out-of-line content");
                    } else {
                        assertEquals(0, content.size(), where + ": atom:content in a list feed");
                        assertEquals(1, summary.size(), where + ": atom:summary");
                        assertNotBlank(summary.get(0).getTextContent(), where + ": atom:summary");
                    }
                }
            } else {
                org.w3c.dom.Element channel = single(doc.getDocumentElement(), "", "channel", file);
                for (org.w3c.dom.Element item : children(channel, "", "item")) {
                    String where = file + ": item " + text(item, "", "guid");
                    assertEquals(
                            full ? 1 : 0, children(item, CONTENT_NS, "encoded").size(), where + ": content:encoded");
                    assertEquals(1, children(item, "", "description").size(), where + ": description");
                    assertNotBlank(text(item, "", "description"), where + ": description");
                }
            }
        }
    }

    /** RFC 4287 requirements that Rome does not enforce, on every Atom feed; and the RSS feeds' atom:link rel=self. */
    @Test
    void atomFeedsHaveEveryElementRfc4287Requires() throws Exception {
        DocumentBuilder xml = xmlParser();
        for (String file : feedFiles()) {
            org.w3c.dom.Document doc = xml.parse(site.resolve(file.substring(1)).toFile());
            org.w3c.dom.Element feed = doc.getDocumentElement();
            String self = BASE + file.substring(1);
            if (file.endsWith("/rss.xml")) {
                assertEquals("rss", feed.getLocalName(), file);
                assertEquals("2.0", feed.getAttribute("version"), file);
                org.w3c.dom.Element channel = single(feed, "", "channel", file);
                assertEquals(List.of(self), links(channel, "self"), file + ": atom:link rel=self");
                continue;
            }
            assertEquals(ATOM, feed.getNamespaceURI(), file + ": root namespace");
            assertEquals("feed", feed.getLocalName(), file + ": root element");
            String id = single(feed, ATOM, "id", file).getTextContent();
            assertAbsoluteIri(id, file + ": atom:id");
            assertNotBlank(single(feed, ATOM, "title", file).getTextContent(), file + ": atom:title");
            Instant updated = rfc3339(single(feed, ATOM, "updated", file).getTextContent(), file + ": atom:updated");
            assertEquals(List.of(self), links(feed, "self"), file + ": atom:link rel=self");
            assertEquals(1, links(feed, "alternate").size(), file + ": one atom:link rel=alternate");
            boolean feedHasAuthor = !children(feed, ATOM, "author").isEmpty();
            for (org.w3c.dom.Element author : children(feed, ATOM, "author"))
                assertNotBlank(text(author, ATOM, "name"), file + ": author name");

            List<org.w3c.dom.Element> entries = children(feed, ATOM, "entry");
            Set<String> ids = new HashSet<>();
            Instant newest = Instant.MIN;
            for (org.w3c.dom.Element entry : entries) {
                String entryId = single(entry, ATOM, "id", file + ": entry").getTextContent();
                String where = file + ": entry " + entryId;
                assertAbsoluteIri(entryId, where + ": atom:id");
                assertTrue(ids.add(entryId), where + ": atom:id not unique");
                assertNotBlank(single(entry, ATOM, "title", where).getTextContent(), where + ": atom:title");
                Instant entryUpdated =
                        rfc3339(single(entry, ATOM, "updated", where).getTextContent(), where + ": atom:updated");
                if (entryUpdated.isAfter(newest)) newest = entryUpdated;
                List<org.w3c.dom.Element> published = children(entry, ATOM, "published");
                assertEquals(1, published.size(), where + ": atom:published");
                Instant publishedAt = rfc3339(published.get(0).getTextContent(), where + ": atom:published");
                assertFalse(entryUpdated.isBefore(publishedAt), where + ": updated before published");
                assertEquals(1, links(entry, "alternate").size(), where + ": one atom:link rel=alternate");
                assertTrue(children(entry, ATOM, "content").size() <= 1, where + ": more than one atom:content");
                assertTrue(children(entry, ATOM, "summary").size() <= 1, where + ": more than one atom:summary");
                List<org.w3c.dom.Element> authors = children(entry, ATOM, "author");
                assertTrue(feedHasAuthor || !authors.isEmpty(), where + ": no atom:author in the entry or the feed");
                for (org.w3c.dom.Element author : authors)
                    assertNotBlank(text(author, ATOM, "name"), where + ": author name");
            }
            assertEquals(newest, updated, file + ": the feed's atom:updated is not its newest entry's");
        }
    }

    // ------------------------------------------------------------------------------------ sitemaps

    @Test
    void sitemapIndexAndEverySitemapAreValidAndListEveryArticleOnce() throws Exception {
        Schema indexSchema = schema(XSD_DIR + "siteindex.xsd");
        Schema sitemapSchema = schema(XSD_DIR + "sitemap.xsd");
        validate(indexSchema, "sitemap.xml");
        DocumentBuilder xml = xmlParser();
        org.w3c.dom.Element index =
                xml.parse(site.resolve("sitemap.xml").toFile()).getDocumentElement();
        assertEquals(SITEMAP_NS, index.getNamespaceURI());
        assertEquals("sitemapindex", index.getLocalName());

        Map<String, String> indexed = new TreeMap<>(); // sitemap file -> lastmod ("" when none)
        for (org.w3c.dom.Element s : children(index, SITEMAP_NS, "sitemap")) {
            String loc = text(s, SITEMAP_NS, "loc");
            assertTrue(loc.startsWith(BASE), "sitemap.xml: loc not absolute under " + BASE + ": " + loc);
            String file = loc.substring(BASE.length());
            assertTrue(
                    Files.isRegularFile(site.resolve(file)), "sitemap.xml lists a sitemap that does not exist: " + loc);
            assertEquals(null, indexed.put(file, text(s, SITEMAP_NS, "lastmod")), "sitemap.xml lists twice: " + loc);
        }
        Set<String> written;
        try (Stream<Path> s = Files.list(site.resolve("sitemaps"))) {
            written = s.map(f -> "sitemaps/" + f.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(written, indexed.keySet(), "sitemaps/ holds exactly the sitemaps that sitemap.xml lists");
        assertTrue(indexed.containsKey("sitemaps/pages.xml"), "sitemaps/pages.xml");

        Map<String, String> sitemapOf = new HashMap<>(); // site path -> the sitemap that lists it
        for (Map.Entry<String, String> sm : indexed.entrySet()) {
            String file = sm.getKey();
            validate(sitemapSchema, file);
            org.w3c.dom.Element urlset = xml.parse(site.resolve(file).toFile()).getDocumentElement();
            List<org.w3c.dom.Element> urls = children(urlset, SITEMAP_NS, "url");
            assertFalse(urls.isEmpty(), file + ": no URLs");
            assertTrue(urls.size() <= MAX_SITEMAP_URLS, file + ": " + urls.size() + " URLs");
            String newest = "";
            for (org.w3c.dom.Element url : urls) {
                String loc = text(url, SITEMAP_NS, "loc");
                assertTrue(loc.startsWith(BASE), file + ": loc not absolute under " + BASE + ": " + loc);
                String path = "/" + loc.substring(BASE.length());
                assertTrue(
                        path.endsWith("/") && Files.isRegularFile(site.resolve(path.substring(1) + "index.html")),
                        file + ": lists a page that does not exist: " + loc);
                String earlier = sitemapOf.put(path, file);
                assertEquals(null, earlier, loc + " is listed in " + earlier + " and in " + file);
                String lastmod = text(url, SITEMAP_NS, "lastmod");
                ArticlePage a = articles.get(path);
                if (a != null) {
                    // An article goes in its month's sitemap, with its last change.
                    assertTrue(
                            file.matches(
                                    "sitemaps/" + path.substring(1, 5) + "-" + path.substring(6, 8) + "(-\\d+)?\\.xml"),
                            loc + " is in " + file + ", not in its month's sitemap");
                    assertFalse(lastmod.isEmpty(), file + ": no lastmod for the article " + loc);
                    assertFalse(
                            rfc3339(lastmod, file + ": lastmod").isBefore(a.date()),
                            file + ": lastmod before publication: " + loc);
                }
                if (!lastmod.isEmpty()
                        && (newest.isEmpty() || rfc3339(lastmod, file).isAfter(rfc3339(newest, file))))
                    newest = lastmod;
            }
            assertEquals(
                    newest, sm.getValue(), "sitemap.xml: the lastmod of " + file + " is not the newest lastmod in it");
        }
        for (String article : articles.keySet()) {
            assertTrue(sitemapOf.containsKey(article), "article " + article + " is in no sitemap");
        }
        for (String list : List.of("/", "/sections/", "/tags/", "/authors/", "/archive/")) {
            assertEquals("sitemaps/pages.xml", sitemapOf.get(list), list + " in sitemaps/pages.xml");
        }
    }

    @Test
    void newsSitemapListsExactlyTheArticlesOfTheTwoDaysBeforeTheBuild() throws Exception {
        validate(newsSchema(), "sitemap-news.xml");
        org.w3c.dom.Element urlset =
                xmlParser().parse(site.resolve("sitemap-news.xml").toFile()).getDocumentElement();
        assertEquals(SITEMAP_NS, urlset.getNamespaceURI());
        assertEquals("urlset", urlset.getLocalName());
        assertEquals(NEWS_NS, urlset.lookupNamespaceURI("news"), "the news: prefix");

        Instant now = OffsetDateTime.parse(NOW).toInstant();
        Instant since = now.minus(Duration.ofDays(2));
        Set<String> expected = new TreeSet<>();
        for (ArticlePage a : articles.values()) {
            if (a.date().isAfter(since) && !a.date().isAfter(now)) expected.add(a.path());
        }
        assertTrue(
                expected.containsAll(List.of(
                        "/2025/11/24/window-opened-a-second-ago/", "/2025/11/25/filed-a-minute-before-the-build/")),
                "the test's own articles must be published: " + expected);

        List<org.w3c.dom.Element> urls = children(urlset, SITEMAP_NS, "url");
        assertTrue(urls.size() <= MAX_NEWS_URLS, "sitemap-news.xml: " + urls.size() + " URLs");
        Set<String> listed = new TreeSet<>();
        for (org.w3c.dom.Element url : urls) {
            String loc = text(url, SITEMAP_NS, "loc");
            assertTrue(loc.startsWith(BASE), "sitemap-news.xml: loc not absolute: " + loc);
            String path = "/" + loc.substring(BASE.length());
            ArticlePage a = articles.get(path);
            assertNotNull(a, "sitemap-news.xml lists no article page: " + loc);
            assertTrue(listed.add(path), "sitemap-news.xml lists twice: " + loc);
            org.w3c.dom.Element news = single(url, NEWS_NS, "news", loc);
            org.w3c.dom.Element publication = single(news, NEWS_NS, "publication", loc);
            assertEquals(SITE_TITLE, single(publication, NEWS_NS, "name", loc).getTextContent(), loc + ": news:name");
            assertEquals("en", single(publication, NEWS_NS, "language", loc).getTextContent(), loc + ": news:language");
            assertEquals(
                    a.date(),
                    rfc3339(single(news, NEWS_NS, "publication_date", loc).getTextContent(), loc),
                    loc + ": news:publication_date differs from the article page's dateline");
            assertEquals(a.title(), single(news, NEWS_NS, "title", loc).getTextContent(), loc + ": news:title");
        }
        assertEquals(expected, listed, "sitemap-news.xml: the articles published in the 48 hours before " + NOW);
    }

    // ------------------------------------------------------------------------------------ pages, robots.txt,
    // _redirects

    @Test
    void everyFeedLinkOfEveryPageResolves() throws IOException {
        Set<String> authorsWithArticles = new HashSet<>();
        for (ArticlePage a : articles.values()) authorsWithArticles.addAll(a.authors());
        int pages = 0;
        for (Path file : htmlFiles()) {
            String rel = site.relativize(file).toString().replace('\\', '/');
            Document page = Jsoup.parse(file.toFile(), "UTF-8");
            List<String> hrefs = feedLinks(page);
            for (String href : hrefs) {
                assertTrue(
                        href.startsWith("/") && !href.startsWith("//"),
                        rel + ": feed link is not a site path: " + href);
                assertTrue(
                        Files.isRegularFile(site.resolve(href.substring(1))),
                        rel + ": feed link to a missing file: " + href);
            }
            // What each page offers: the site's feeds everywhere but on redirects and 404; a list's own feeds first.
            boolean redirect = !page.select("meta[http-equiv=refresh]").isEmpty();
            List<String> expected = new ArrayList<>();
            Matcher list = Pattern.compile("((?:sections|tags|authors)/[^/]+/)(?:page/\\d+/)?index\\.html")
                    .matcher(rel);
            boolean authorWithout = list.matches()
                    && list.group(1).startsWith("authors/")
                    && !authorsWithArticles.contains(
                            list.group(1).substring(8, list.group(1).length() - 1));
            if (list.matches() && !authorWithout)
                expected.addAll(List.of("/" + list.group(1) + "feed.xml", "/" + list.group(1) + "rss.xml"));
            if (!redirect && !rel.equals("404.html")) expected.addAll(List.of("/feed.xml", "/rss.xml"));
            assertEquals(expected, hrefs, rel + ": feed links");
            pages++;
        }
        assertTrue(pages > 1000, "pages checked: " + pages);
    }

    @Test
    void authorPagesWithoutArticlesLinkNoMissingFeed() throws IOException {
        Set<String> authorsWithArticles = new HashSet<>();
        for (ArticlePage a : articles.values()) authorsWithArticles.addAll(a.authors());
        assertTrue(
                Files.isRegularFile(site.resolve("authors/zz-new-hire/index.html")),
                "the author without articles has a page");
        List<String> broken = new ArrayList<>();
        try (Stream<Path> s = Files.list(site.resolve("authors"))) {
            for (Path dir : (Iterable<Path>) s.filter(Files::isDirectory)::iterator) {
                if (authorsWithArticles.contains(dir.getFileName().toString())) continue;
                Path file = dir.resolve("index.html");
                for (String href : feedLinks(Jsoup.parse(file.toFile(), "UTF-8"))) {
                    if (!Files.isRegularFile(site.resolve(href.substring(1))))
                        broken.add(site.relativize(file) + " -> " + href);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void fullContentFeedsUseAbsoluteLinks() throws Exception {
        List<String> relative = new ArrayList<>();
        Pattern ref = Pattern.compile("(?:href|src)=\"(/[^\"]*)\"");
        for (SyndEntry e : new SyndFeedInput()
                .build(new StringReader(Files.readString(site.resolve("rss.xml"))))
                .getEntries()) {
            for (SyndContent c : e.getContents()) {
                Matcher m = ref.matcher(c.getValue());
                while (m.find()) relative.add(e.getLink() + ": " + m.group(1));
            }
        }
        assertEquals(List.of(), relative);
    }

    @Test
    void robotsTxtNamesTheAbsoluteSitemapIndex() throws IOException {
        List<String> lines = Files.readAllLines(site.resolve("robots.txt"));
        List<String> sitemaps = lines.stream()
                .filter(l -> l.regionMatches(true, 0, "Sitemap:", 0, 8))
                .map(l -> l.substring(8).strip())
                .toList();
        assertTrue(
                sitemaps.contains(BASE + "sitemap.xml"),
                "robots.txt: Sitemap: " + BASE + "sitemap.xml; has " + sitemaps);
        assertTrue(
                sitemaps.contains(BASE + "sitemap-news.xml"),
                "robots.txt: Sitemap: " + BASE + "sitemap-news.xml; has " + sitemaps);
        for (String url : sitemaps) {
            assertTrue(
                    url.startsWith(BASE) && Files.isRegularFile(site.resolve(url.substring(BASE.length()))),
                    "robots.txt: " + url);
        }
        assertEquals(
                2, sitemaps.size(), "robots.txt names the sitemap index and the news sitemap, once each: " + sitemaps);
        assertTrue(lines.contains("User-agent: *"), "robots.txt: User-agent: *");
        assertFalse(
                lines.stream().anyMatch(l -> l.strip().equalsIgnoreCase("Disallow: /")),
                "robots.txt disallows the whole site");
    }

    @Test
    void redirectsFileSendsEveryAliasToAnExistingArticle() throws IOException {
        // The aliases the archive declares (front matter "aliases: [/a/, /b/]"), read from the content files.
        Set<String> aliases = new TreeSet<>();
        Pattern declared = Pattern.compile("(?m)^aliases:\\s*\\[(.*)]\\s*$");
        try (Stream<Path> s = Files.walk(root.resolve("content/articles"))) {
            for (Path md : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".md"))::iterator) {
                String text = Files.readString(md);
                Matcher m = declared.matcher(text);
                if (!m.find() || !published(text)) continue;
                for (String alias : m.group(1).split(","))
                    aliases.add(alias.strip().replaceAll("^[\"']|[\"']$", ""));
            }
        }
        assertFalse(aliases.isEmpty(), "the corpus declares no alias: nothing to check");

        Pattern line = Pattern.compile("(/\\S*) (/\\S*) 301");
        Set<String> from = new TreeSet<>();
        for (String l : Files.readAllLines(site.resolve("_redirects"))) {
            if (l.isBlank() || l.startsWith("#")) continue;
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), "_redirects: not \"FROM TO 301\": " + l);
            assertTrue(from.add(m.group(1)), "_redirects: " + m.group(1) + " twice");
            String to = m.group(2);
            assertTrue(
                    to.endsWith("/") && Files.isRegularFile(site.resolve(to.substring(1) + "index.html")),
                    "_redirects: target is no page: " + l);
            assertNotNull(articles.get(to), "_redirects: target is not an article: " + l);
        }
        assertEquals(aliases, from, "_redirects: one line per alias of a published article");
    }

    // ------------------------------------------------------------------------------------ helpers

    private static Map<String, ArticlePage> readArticlePages(Path site) throws IOException {
        Map<String, ArticlePage> pages = new TreeMap<>();
        for (Path file : htmlFiles()) {
            String rel = site.relativize(file).toString().replace('\\', '/');
            if (!ARTICLE_FILE.matcher(rel).matches()) continue;
            Document doc = Jsoup.parse(file.toFile(), "UTF-8");
            String path = "/" + rel.substring(0, rel.length() - "index.html".length());
            Element head = doc.selectFirst("article.story header.story-head");
            assertNotNull(head, rel + ": no story header");
            Element time = head.selectFirst("p.dateline time[datetime]");
            assertNotNull(time, rel + ": no dateline");
            Element kicker = head.selectFirst("p.kicker a[href^=/sections/]");
            assertNotNull(kicker, rel + ": no section");
            Set<String> authors = new LinkedHashSet<>();
            List<String> names = new ArrayList<>();
            for (Element a : head.select("p.byline a[href^=/authors/]")) {
                authors.add(slugOf(a.attr("href")));
                names.add(a.text());
            }
            assertFalse(authors.isEmpty(), rel + ": no byline");
            Set<String> tags = new LinkedHashSet<>();
            for (Element t : doc.select("article.story nav.tags a[rel=tag]")) tags.add(slugOf(t.attr("href")));
            pages.put(
                    path,
                    new ArticlePage(
                            path,
                            head.selectFirst("h1").text(),
                            OffsetDateTime.parse(time.attr("datetime")).toInstant(),
                            slugOf(kicker.attr("href")),
                            authors,
                            names,
                            tags));
        }
        return pages;
    }

    /** {@code /tags/port/} -> {@code port}. */
    private static String slugOf(String href) {
        String[] parts = href.split("/");
        return parts[parts.length - 1];
    }

    /** Whether a content file is published by this build: not a draft, not dated after {@link #NOW}. */
    private static boolean published(String markdown) {
        Matcher date = Pattern.compile("(?m)^date:\\s*(\\S+)\\s*$").matcher(markdown);
        assertTrue(date.find(), "no date: in " + markdown.lines().findFirst().orElse(""));
        return !Pattern.compile("(?m)^draft:\\s*true\\s*$").matcher(markdown).find()
                && !(date.group(1).length() == 10 // a bare date is midnight in the site's time zone
                                ? LocalDate.parse(date.group(1))
                                        .atStartOfDay(ZoneId.of("Europe/Kyiv"))
                                        .toInstant()
                                : OffsetDateTime.parse(date.group(1)).toInstant())
                        .isAfter(OffsetDateTime.parse(NOW).toInstant());
    }

    /** The h1 of a list page: the section's, tag's or author's name. */
    private static String listHeading(String listRoot) {
        Element h1;
        try {
            h1 = Jsoup.parse(site.resolve(listRoot.substring(1) + "index.html").toFile(), "UTF-8")
                    .selectFirst("main h1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertNotNull(h1, listRoot + ": no heading");
        return h1.text();
    }

    private static List<String> entryAuthors(SyndEntry e, boolean atom) {
        if (atom) return e.getAuthors().stream().map(SyndPerson::getName).toList();
        DCModule dc = (DCModule) e.getModule(DCModule.URI);
        return dc == null ? List.of() : dc.getCreators();
    }

    private static List<String> feedLinks(Document page) {
        return page
                .select(
                        "head link[rel=alternate][type=application/atom+xml], head link[rel=alternate][type=application/rss+xml]")
                .stream()
                .map(l -> l.attr("href"))
                .toList();
    }

    private static List<Path> htmlFiles() throws IOException {
        try (Stream<Path> s = Files.walk(site)) {
            return s.filter(f -> f.toString().endsWith(".html")).sorted().toList();
        }
    }

    /** Site paths of every feed file in the output ({@code /feed.xml}, {@code /tags/port/rss.xml}, ...). */
    private static List<String> feedFiles() throws IOException {
        try (Stream<Path> s = Files.walk(site)) {
            return s.filter(f -> f.getFileName().toString().equals("feed.xml")
                            || f.getFileName().toString().equals("rss.xml"))
                    .map(f -> "/" + site.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    private static DocumentBuilder xmlParser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b;
    }

    private static List<org.w3c.dom.Element> children(org.w3c.dom.Element parent, String ns, String name) {
        List<org.w3c.dom.Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof org.w3c.dom.Element e
                    && name.equals(e.getLocalName())
                    && (ns.isEmpty() ? e.getNamespaceURI() == null : ns.equals(e.getNamespaceURI()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static org.w3c.dom.Element single(org.w3c.dom.Element parent, String ns, String name, String where) {
        List<org.w3c.dom.Element> found = children(parent, ns, name);
        assertEquals(1, found.size(), where + ": exactly one " + name);
        return found.get(0);
    }

    /** The text of the one child {@code name}, or "" when there is none. */
    private static String text(org.w3c.dom.Element parent, String ns, String name) {
        List<org.w3c.dom.Element> found = children(parent, ns, name);
        assertTrue(found.size() <= 1, "more than one " + name);
        return found.isEmpty() ? "" : found.get(0).getTextContent();
    }

    /** The hrefs of the atom:link children with this rel. */
    private static List<String> links(org.w3c.dom.Element parent, String rel) {
        return children(parent, ATOM, "link").stream()
                .filter(l -> rel.equals(l.hasAttribute("rel") ? l.getAttribute("rel") : "alternate"))
                .map(l -> l.getAttribute("href"))
                .toList();
    }

    private static Instant rfc3339(String value, String where) {
        // RFC 3339 date-time (atom:updated, W3C datetime with time): an offset or Z is required.
        if (!value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})")) {
            fail(where + ": not an RFC 3339 date-time: " + value);
        }
        return OffsetDateTime.parse(value).toInstant();
    }

    private static void assertAbsoluteIri(String value, String where) {
        try {
            assertTrue(new URI(value).isAbsolute(), where + ": not an absolute IRI: " + value);
        } catch (URISyntaxException e) {
            fail(where + ": not an IRI: " + value);
        }
    }

    private static void assertNotBlank(String value, String what) {
        assertTrue(value != null && !value.isBlank(), what + " is missing or blank");
    }

    private static Schema schema(String resource) throws SAXException {
        URL url = FeedsAndSitemapsTest.class.getClassLoader().getResource(resource);
        assertNotNull(url, "no " + resource + " on the test class path (Maven com.github.dfabulich:sitemapgen4j)");
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(url);
    }

    /**
     * sitemap.xsd (its {@code xs:any namespace="##other"} is strict) with a schema of Google's news
     * extension written from https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap
     * (Google's own XSD is packaged nowhere reachable): the required elements, in Google's order.
     * Also used by {@code IncrementalBuildTest}, which needs no generated archive.
     */
    static Schema newsSchema() throws SAXException {
        String news = """
                <xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="%s" xmlns="%s" elementFormDefault="qualified">
                  <xsd:element name="news">
                    <xsd:complexType>
                      <xsd:sequence>
                        <xsd:element name="publication">
                          <xsd:complexType>
                            <xsd:sequence>
                              <xsd:element name="name" type="nonEmpty"/>
                              <xsd:element name="language">
                                <xsd:simpleType>
                                  <xsd:restriction base="xsd:language"><xsd:pattern value="[a-z]{2,3}|zh-cn|zh-tw"/></xsd:restriction>
                                </xsd:simpleType>
                              </xsd:element>
                            </xsd:sequence>
                          </xsd:complexType>
                        </xsd:element>
                        <xsd:element name="publication_date" type="xsd:dateTime"/>
                        <xsd:element name="title" type="nonEmpty"/>
                      </xsd:sequence>
                    </xsd:complexType>
                  </xsd:element>
                  <xsd:simpleType name="nonEmpty"><xsd:restriction base="xsd:string"><xsd:minLength value="1"/></xsd:restriction></xsd:simpleType>
                </xsd:schema>
                """.formatted(NEWS_NS, NEWS_NS);
        URL sitemap = FeedsAndSitemapsTest.class.getClassLoader().getResource(XSD_DIR + "sitemap.xsd");
        assertNotNull(sitemap, "no " + XSD_DIR + "sitemap.xsd on the test class path");
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new Source[] {
            new StreamSource(sitemap.toExternalForm()), new StreamSource(new StringReader(news), "news.xsd")
        });
    }

    private static void validate(Schema schema, String file) throws IOException {
        try (InputStream in = Files.newInputStream(site.resolve(file))) {
            schema.newValidator().validate(new StreamSource(in, file));
        } catch (SAXException e) {
            fail(file + " is not valid: " + e.getMessage());
        }
    }
}
