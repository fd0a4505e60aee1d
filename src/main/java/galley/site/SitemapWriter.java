package galley.site;

import galley.model.Article;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes sitemaps (sitemaps.org 0.9), the sitemap index and the Google News sitemap. */
final class SitemapWriter {

    /** The protocol's limit per file; 50,000 URLs stay far below its 50 MB limit too. */
    static final int MAX_URLS = 50_000;
    static final int MAX_NEWS_URLS = 1_000;

    private static final String NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static final String NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";
    private static final XMLOutputFactory XML = XMLOutputFactory.newDefaultFactory();

    /** One URL of a sitemap: a site path and, for articles, when it last changed. */
    record Entry(String sitePath, Optional<Instant> lastModified) {}

    private SitemapWriter() {}

    static byte[] sitemap(List<Entry> entries, PageViews views) {
        return xml(w -> {
            w.writeStartElement("urlset");
            w.writeDefaultNamespace(NS);
            w.writeCharacters("\n");
            for (Entry e : entries) {
                w.writeStartElement("url");
                text(w, "loc", views.absolute(e.sitePath()));
                if (e.lastModified().isPresent()) text(w, "lastmod", iso(e.lastModified().get()));
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeEndElement();
        });
    }

    static byte[] index(DataFile.SitemapIndex index, PageViews views) {
        return xml(w -> {
            w.writeStartElement("sitemapindex");
            w.writeDefaultNamespace(NS);
            w.writeCharacters("\n");
            for (DataFile.Sitemap s : index.sitemaps()) {
                w.writeStartElement("sitemap");
                text(w, "loc", views.absolute("/" + s.outputPath()));
                s.lastModified().ifPresent(last -> text(w, "lastmod", iso(last)));
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeEndElement();
        });
    }

    static byte[] news(List<Article> articles, PageViews views) {
        return xml(w -> {
            w.writeStartElement("urlset");
            w.writeDefaultNamespace(NS);
            w.writeNamespace("news", NEWS_NS);
            w.writeCharacters("\n");
            for (Article a : articles) {
                w.writeStartElement("url");
                text(w, "loc", views.absolute(a.path()));
                w.writeStartElement("news", "news", NEWS_NS);
                w.writeStartElement("news", "publication", NEWS_NS);
                w.writeStartElement("news", "name", NEWS_NS);
                w.writeCharacters(views.config().title());
                w.writeEndElement();
                w.writeStartElement("news", "language", NEWS_NS);
                w.writeCharacters(views.config().language());
                w.writeEndElement();
                w.writeEndElement();
                w.writeStartElement("news", "publication_date", NEWS_NS);
                w.writeCharacters(iso(a.date()));
                w.writeEndElement();
                w.writeStartElement("news", "title", NEWS_NS);
                w.writeCharacters(a.title());
                w.writeEndElement();
                w.writeEndElement();
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeEndElement();
        });
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static byte[] xml(Body body) {
        try {
            // A Writer, not an OutputStream: the JDK's stream writer emits UTF-8 one byte per call.
            return galley.render.Utf8Sink.render(text -> {
                try {
                    XMLStreamWriter w = XML.createXMLStreamWriter(text);
                    w.writeStartDocument("UTF-8", "1.0");
                    w.writeCharacters("\n");
                    body.write(w);
                    w.writeEndDocument();
                    w.close();
                } catch (XMLStreamException e) {
                    throw new IllegalStateException("cannot write a sitemap", e);
                }
                text.write('\n');
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void text(XMLStreamWriter w, String name, String value) {
        try {
            w.writeStartElement(name);
            w.writeCharacters(value);
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
