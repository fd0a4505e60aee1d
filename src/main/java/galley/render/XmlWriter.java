package galley.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;

/**
 * Writes the feeds' and sitemaps' XML straight into a {@link Utf8Sink}: elements, attributes,
 * escaped text and the whitespace between them, with the bytes the JDK's {@code XMLStreamWriter}
 * gave for the same calls ({@code FeedsAndSitemapsTest} and the golden site pin them). The JDK's
 * writer escaped character by character with {@code String.charAt} and handed the sink a few
 * characters per call: 7% of a cold build's CPU at 25,000 articles (4,200 feeds, many with full
 * article bodies); here a value is encoded once and escaped on its bytes.
 *
 * <p>Only what these documents need: no namespace bookkeeping (prefixes are written as given and
 * declared with {@link #namespace}), no comments or processing instructions. Names are the
 * caller's constants; text and attribute values are escaped ({@code < > &}, and {@code "} in
 * values). Characters XML forbids cannot reach it: sources are refused when they hold one.
 */
public final class XmlWriter {

    private final Utf8Sink out;
    private final ArrayDeque<String> open = new ArrayDeque<>();
    /** A start tag whose {@code >} (or {@code />}) is not written yet: attributes may follow. */
    private boolean inTag;

    private boolean emptyTag;

    private XmlWriter(Utf8Sink out) {
        this.out = out;
    }

    /** What writes a document's root element. */
    interface Body {
        void write(XmlWriter xml);
    }

    /** An XML document: the declaration, a line break, what {@code body} writes, a line break. */
    static byte[] document(Body body) {
        try {
            return Utf8Sink.render(sink -> {
                XmlWriter xml = new XmlWriter((Utf8Sink) sink);
                sink.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                body.write(xml);
                xml.closeTag();
                while (!xml.open.isEmpty()) xml.end();
                sink.write('\n');
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <name ...>}; attributes may follow until something else is written. */
    XmlWriter start(String name) {
        closeTag();
        out.write('<');
        out.write(name);
        open.push(name);
        inTag = true;
        return this;
    }

    /** {@code <name .../>}; attributes may follow until something else is written. */
    XmlWriter empty(String name) {
        closeTag();
        out.write('<');
        out.write(name);
        inTag = true;
        emptyTag = true;
        return this;
    }

    XmlWriter attribute(String name, String value) {
        if (!inTag) throw new IllegalStateException("attribute " + name + " outside a start tag");
        out.write(' ');
        out.write(name);
        out.write("=\"");
        out.writeXmlEscaped(value, true);
        out.write('"');
        return this;
    }

    /** {@code xmlns="uri"} ({@code prefix} empty) or {@code xmlns:prefix="uri"} on the open start tag. */
    XmlWriter namespace(String prefix, String uri) {
        return attribute(prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, uri);
    }

    /** Character data, escaped. */
    XmlWriter text(String text) {
        closeTag();
        out.writeXmlEscaped(text, false);
        return this;
    }

    /** Whitespace between elements (indentation, line breaks), as it is. */
    XmlWriter space(String whitespace) {
        closeTag();
        out.write(whitespace);
        return this;
    }

    /** {@code </name>} of the innermost open element. */
    XmlWriter end() {
        closeTag();
        out.write("</");
        out.write(open.pop());
        out.write('>');
        return this;
    }

    /** {@code <name>text</name>}. */
    XmlWriter element(String name, String text) {
        return start(name).text(text).end();
    }

    private void closeTag() {
        if (!inTag) return;
        if (emptyTag) out.write("/>");
        else out.write('>');
        inTag = false;
        emptyTag = false;
    }
}
