package galley.markdown;

import java.util.EnumSet;
import org.commonmark.ext.autolink.AutolinkType;
import org.commonmark.ext.autolink.internal.AutolinkPostProcessor;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * commonmark's autolink extension (bare URLs, e-mail addresses and {@code www.} names become
 * links), asked only about the texts that can hold one. The extension runs its link extractor
 * over every text of every article, character by character, which was 6% of a cold build's CPU;
 * an article's prose almost never holds a bare link (its links are Markdown links, whose
 * addresses are not text). A text without {@code "://"}, {@code '@'} or {@code "ww."} cannot
 * hold a link of any of the three kinds (the extractor's scanners need those), so it is left as
 * it is, as the extension would leave it; every other text goes to the extension itself, which
 * decides as before. {@code QuickAutolinkTest} checks both give the same HTML.
 */
final class QuickAutolink implements Parser.ParserExtension {

    private final AutolinkPostProcessor autolink = new AutolinkPostProcessor(EnumSet.allOf(AutolinkType.class));

    static QuickAutolink create() {
        return new QuickAutolink();
    }

    private QuickAutolink() {}

    @Override
    public void extend(Parser.Builder builder) {
        builder.postProcessor(this::process);
    }

    private Node process(Node document) {
        document.accept(new AbstractVisitor() {
            private int inLink;

            @Override
            public void visit(Link link) {
                inLink++;
                visitChildren(link);
                inLink--;
            }

            @Override
            public void visit(Text text) {
                if (inLink == 0 && mayHoldLink(text.getLiteral())) autolink.process(text);
            }
        });
        return document;
    }

    /** Whether {@code text} has what a URL ("://"), an e-mail address ('@') or a www name ("www.") needs. */
    static boolean mayHoldLink(String text) {
        return text.indexOf('@') >= 0
                || text.contains("://")
                || text.contains("ww."); // the scanner wants lower-case "www."
    }
}
