package galley.site;

import galley.model.Article;
import galley.model.Term;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes Atom 1.0 (RFC 4287) and RSS 2.0 feeds with the JDK's XML writer (escaping is its job). */
final class FeedWriter {

    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final XMLOutputFactory XML = XMLOutputFactory.newDefaultFactory();

    private FeedWriter() {}

    static byte[] write(DataFile.Feed feed, PageViews views) {
        try {
            // A Writer, not an OutputStream: the JDK's stream writer emits UTF-8 one byte per call.
            return galley.render.Utf8Sink.render(text -> {
                try {
                    XMLStreamWriter xml = XML.createXMLStreamWriter(text);
                    xml.writeStartDocument("UTF-8", "1.0");
                    xml.writeCharacters("\n");
                    if (feed.format() == DataFile.FeedFormat.ATOM) atom(xml, feed, views);
                    else rss(xml, feed, views);
                    xml.writeEndDocument();
                    xml.close();
                } catch (XMLStreamException e) {
                    throw new IllegalStateException("cannot write feed " + feed.outputPath(), e);
                }
                text.write('\n');
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void atom(XMLStreamWriter xml, DataFile.Feed feed, PageViews views) throws XMLStreamException {
        xml.setDefaultNamespace(ATOM_NS);
        xml.writeStartElement(ATOM_NS, "feed");
        xml.writeDefaultNamespace(ATOM_NS);
        xml.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", views.config().language());
        xml.writeCharacters("\n");
        element(xml, "id", views.absolute(feed.listRoot()));
        element(xml, "title", feed.title());
        element(xml, "updated", iso(updated(feed)));
        link(xml, "self", views.absolute(feed.sitePath()), "application/atom+xml");
        link(xml, "alternate", views.absolute(feed.listRoot()), "text/html");
        xml.writeCharacters("  ");
        xml.writeStartElement("author");
        element(xml, "name", views.config().title());
        xml.writeEndElement();
        xml.writeCharacters("\n");
        element(xml, "generator", "Galley");
        for (Article a : feed.entries()) {
            xml.writeCharacters("  ");
            xml.writeStartElement("entry");
            xml.writeCharacters("\n");
            element(xml, "id", views.absolute(a.path()));
            element(xml, "title", a.title());
            link(xml, "alternate", views.absolute(a.path()), "text/html");
            element(xml, "published", iso(a.date()));
            element(xml, "updated", iso(a.lastModified()));
            for (String slug : a.authors()) {
                xml.writeCharacters("    ");
                xml.writeStartElement("author");
                element(xml, "name", views.authorName(slug));
                element(xml, "uri", views.absolute("/authors/" + slug + "/"));
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            category(xml, a.section());
            for (Term t : a.tags()) category(xml, t);
            if (!a.description().isEmpty()) typed(xml, "summary", "text", a.description());
            if (feed.fullContent()) typed(xml, "content", "html", views.feedHtml(a));
            xml.writeCharacters("  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
        }
        xml.writeEndElement();
    }

    private static void rss(XMLStreamWriter xml, DataFile.Feed feed, PageViews views) throws XMLStreamException {
        xml.writeStartElement("rss");
        xml.writeAttribute("version", "2.0");
        xml.writeNamespace("atom", ATOM_NS);
        xml.writeNamespace("dc", "http://purl.org/dc/elements/1.1/");
        xml.writeNamespace("content", "http://purl.org/rss/1.0/modules/content/");
        xml.writeCharacters("\n");
        xml.writeStartElement("channel");
        xml.writeCharacters("\n");
        element(xml, "title", feed.title());
        element(xml, "link", views.absolute(feed.listRoot()));
        String description = feed.listRoot().equals("/")
                ? (views.config().description().isEmpty() ? feed.title() : views.config().description())
                : feed.title();
        element(xml, "description", description);
        element(xml, "language", views.config().language());
        element(xml, "lastBuildDate", RFC_822.format(updated(feed)));
        element(xml, "generator", "Galley");
        xml.writeCharacters("  ");
        xml.writeEmptyElement("atom", "link", ATOM_NS);
        xml.writeAttribute("href", views.absolute(feed.sitePath()));
        xml.writeAttribute("rel", "self");
        xml.writeAttribute("type", "application/rss+xml");
        xml.writeCharacters("\n");
        for (Article a : feed.entries()) {
            xml.writeCharacters("  ");
            xml.writeStartElement("item");
            xml.writeCharacters("\n");
            element(xml, "title", a.title());
            element(xml, "link", views.absolute(a.path()));
            xml.writeCharacters("    ");
            xml.writeStartElement("guid");
            xml.writeAttribute("isPermaLink", "true");
            xml.writeCharacters(views.absolute(a.path()));
            xml.writeEndElement();
            xml.writeCharacters("\n");
            element(xml, "pubDate", RFC_822.format(a.date()));
            for (String slug : a.authors()) element(xml, "dc", "creator", views.authorName(slug));
            element(xml, "category", a.section().name());
            for (Term t : a.tags()) element(xml, "category", t.name());
            if (!a.description().isEmpty()) element(xml, "description", a.description());
            if (feed.fullContent()) element(xml, "content", "encoded", views.feedHtml(a));
            xml.writeCharacters("  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndElement();
    }

    /** The newest change among the entries; an empty feed uses the epoch so the output stays deterministic. */
    private static Instant updated(DataFile.Feed feed) {
        return feed.entries().stream().map(Article::lastModified).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeCharacters("    ".substring(0, 2));
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void element(XMLStreamWriter xml, String prefix, String name, String text) throws XMLStreamException {
        xml.writeCharacters("    ");
        xml.writeStartElement(prefix, name, prefix.equals("dc") ? "http://purl.org/dc/elements/1.1/" : "http://purl.org/rss/1.0/modules/content/");
        xml.writeCharacters(text);
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void typed(XMLStreamWriter xml, String name, String type, String text) throws XMLStreamException {
        xml.writeCharacters("    ");
        xml.writeStartElement(name);
        xml.writeAttribute("type", type);
        xml.writeCharacters(text);
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", href);
        xml.writeCharacters("\n");
    }

    private static void category(XMLStreamWriter xml, Term term) throws XMLStreamException {
        xml.writeCharacters("    ");
        xml.writeEmptyElement("category");
        xml.writeAttribute("term", term.slug());
        xml.writeAttribute("label", term.name());
        xml.writeCharacters("\n");
    }
}
