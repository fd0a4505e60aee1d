package galley.render;

import galley.model.Article;
import galley.model.Term;
import galley.plan.DataFile;
import galley.views.PageViews;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Writes Atom 1.0 (RFC 4287) and RSS 2.0 feeds (escaping is {@link XmlWriter}'s job). */
public final class FeedWriter {

    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private FeedWriter() {}

    public static byte[] write(DataFile.Feed feed, PageViews views) {
        return XmlWriter.document(xml -> {
            if (feed.format() == DataFile.FeedFormat.ATOM) atom(xml, feed, views);
            else rss(xml, feed, views);
        });
    }

    private static void atom(XmlWriter xml, DataFile.Feed feed, PageViews views) {
        xml.start("feed")
                .namespace("", ATOM_NS)
                .attribute("xml:lang", views.config().language());
        xml.space("\n");
        element(xml, "id", views.absolute(feed.listRoot()));
        element(xml, "title", feed.title());
        element(xml, "updated", iso(updated(feed)));
        link(xml, "self", views.absolute(feed.sitePath()), "application/atom+xml");
        link(xml, "alternate", views.absolute(feed.listRoot()), "text/html");
        xml.space("  ").start("author");
        element(xml, "name", views.config().title());
        xml.end().space("\n");
        element(xml, "generator", "Galley");
        for (Article a : feed.entries()) {
            xml.space("  ").start("entry").space("\n");
            element(xml, "id", views.absolute(a.path()));
            element(xml, "title", a.title());
            link(xml, "alternate", views.absolute(a.path()), "text/html");
            element(xml, "published", iso(a.date()));
            element(xml, "updated", iso(a.lastModified()));
            for (String slug : a.authors()) {
                xml.space("    ").start("author");
                element(xml, "name", views.authorName(slug));
                element(xml, "uri", views.absolute("/authors/" + slug + "/"));
                xml.end().space("\n");
            }
            category(xml, a.section());
            for (Term t : a.tags()) category(xml, t);
            if (!a.description().isEmpty()) typed(xml, "summary", "text", a.description());
            if (feed.fullContent()) typed(xml, "content", "html", views.feedHtml(a));
            xml.space("  ").end().space("\n");
        }
        xml.end();
    }

    private static void rss(XmlWriter xml, DataFile.Feed feed, PageViews views) {
        xml.start("rss")
                .attribute("version", "2.0")
                .namespace("atom", ATOM_NS)
                .namespace("dc", "http://purl.org/dc/elements/1.1/")
                .namespace("content", "http://purl.org/rss/1.0/modules/content/");
        xml.space("\n").start("channel").space("\n");
        element(xml, "title", feed.title());
        element(xml, "link", views.absolute(feed.listRoot()));
        String description = feed.listRoot().equals("/")
                ? (views.config().description().isEmpty()
                        ? feed.title()
                        : views.config().description())
                : feed.title();
        element(xml, "description", description);
        element(xml, "language", views.config().language());
        element(xml, "lastBuildDate", RFC_822.format(updated(feed)));
        element(xml, "generator", "Galley");
        xml.space("  ")
                .empty("atom:link")
                .attribute("href", views.absolute(feed.sitePath()))
                .attribute("rel", "self")
                .attribute("type", "application/rss+xml");
        xml.space("\n");
        for (Article a : feed.entries()) {
            xml.space("  ").start("item").space("\n");
            element(xml, "title", a.title());
            element(xml, "link", views.absolute(a.path()));
            xml.space("    ")
                    .start("guid")
                    .attribute("isPermaLink", "true")
                    .text(views.absolute(a.path()))
                    .end()
                    .space("\n");
            element(xml, "pubDate", RFC_822.format(a.date()));
            for (String slug : a.authors()) prefixed(xml, "dc:creator", views.authorName(slug));
            element(xml, "category", a.section().name());
            for (Term t : a.tags()) element(xml, "category", t.name());
            if (!a.description().isEmpty()) element(xml, "description", a.description());
            if (feed.fullContent()) prefixed(xml, "content:encoded", views.feedHtml(a));
            xml.space("  ").end().space("\n");
        }
        xml.end().space("\n").end();
    }

    /** The newest change among the entries; an empty feed uses the epoch so the output stays deterministic. */
    private static Instant updated(DataFile.Feed feed) {
        return feed.entries().stream()
                .map(Article::lastModified)
                .max(Instant::compareTo)
                .orElse(Instant.EPOCH);
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static void element(XmlWriter xml, String name, String text) {
        xml.space("  ").element(name, text).space("\n");
    }

    /** An element of another vocabulary, indented as the item's own parts are not (as always written). */
    private static void prefixed(XmlWriter xml, String name, String text) {
        xml.space("    ").element(name, text).space("\n");
    }

    private static void typed(XmlWriter xml, String name, String type, String text) {
        xml.space("    ").start(name).attribute("type", type).text(text).end().space("\n");
    }

    private static void link(XmlWriter xml, String rel, String href, String type) {
        xml.space("  ")
                .empty("link")
                .attribute("rel", rel)
                .attribute("type", type)
                .attribute("href", href)
                .space("\n");
    }

    private static void category(XmlWriter xml, Term term) {
        xml.space("    ")
                .empty("category")
                .attribute("term", term.slug())
                .attribute("label", term.name())
                .space("\n");
    }
}
