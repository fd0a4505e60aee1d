package galley.markdown;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Set;
import org.commonmark.ext.gfm.tables.internal.TableBlockParser;
import org.commonmark.internal.BlockQuoteParser;
import org.commonmark.internal.FencedCodeBlockParser;
import org.commonmark.internal.HeadingParser;
import org.commonmark.internal.HtmlBlockParser;
import org.commonmark.internal.IndentedCodeBlockParser;
import org.commonmark.internal.LinkReferenceDefinitionParser;
import org.commonmark.internal.ListBlockParser;
import org.commonmark.internal.ParagraphParser;
import org.commonmark.internal.ThematicBreakParser;
import org.commonmark.parser.Parser;
import org.commonmark.parser.SourceLine;
import org.commonmark.parser.SourceLines;
import org.commonmark.parser.block.BlockParser;
import org.commonmark.parser.block.BlockParserFactory;
import org.commonmark.parser.block.BlockStart;
import org.commonmark.parser.block.MatchedBlockParser;
import org.commonmark.parser.block.ParserState;

/**
 * The block starts of Galley's dialect (GFM tables, then commonmark's own block types in
 * commonmark's order), with the two that look at the open paragraph shown only its last line.
 *
 * <p>Why: on every line of a paragraph that does not start with a letter, commonmark's list-item
 * start and the tables extension's start ask for the paragraph's lines, and commonmark copies all
 * of them for each ask. A paragraph of many such lines ("(a)", "1", "[x]", "a|b" and "-|" in turn)
 * took time quadratic in its lines: 320 KB of them ran for many seconds. The list start only asks
 * whether there are lines, the table start only reads the last one, so a view of the last line
 * gives both the same answer at constant cost. The lines are read from the paragraph parser's own
 * list; if a commonmark version no longer has it, the full copy is used as before (slower, same
 * result), and {@code MarkdownRendererTest} notices.
 */
final class BlockStarts {

    private BlockStarts() {}

    /**
     * The tables start; call before adding the other extensions, so tables come first as before.
     * No cell limit (the extension's default throws past a million cells, which a body of a few
     * megabytes can hold): cells cost time linear in their text, as any other text.
     */
    static Parser.Builder tables(Parser.Builder parser) {
        return parser.customBlockParserFactory(new LastLineOnly(new TableBlockParser.Factory(null)));
    }

    /** commonmark's own block starts, in its order, after the extensions' (as commonmark would put them). */
    static Parser.Builder core(Parser.Builder parser) {
        return parser.enabledBlockTypes(Set.of())
                .customBlockParserFactory(new BlockQuoteParser.Factory())
                .customBlockParserFactory(new HeadingParser.Factory())
                .customBlockParserFactory(new FencedCodeBlockParser.Factory())
                .customBlockParserFactory(new HtmlBlockParser.Factory())
                .customBlockParserFactory(new ThematicBreakParser.Factory())
                .customBlockParserFactory(new LastLineOnly(new ListBlockParser.Factory()))
                .customBlockParserFactory(new IndentedCodeBlockParser.Factory());
    }

    /** Whether the paragraph's lines can be read without copying (false: the slow, equal path). */
    static boolean readsParagraphInPlace() {
        return PARAGRAPH_DEFINITIONS != null && DEFINITION_LINES != null;
    }

    private static final VarHandle PARAGRAPH_DEFINITIONS =
            field(ParagraphParser.class, "linkReferenceDefinitionParser", LinkReferenceDefinitionParser.class);
    private static final VarHandle DEFINITION_LINES =
            field(LinkReferenceDefinitionParser.class, "paragraphLines", List.class);

    private static VarHandle field(Class<?> owner, String name, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another commonmark version: the copying path below
        }
    }

    private record LastLineOnly(BlockParserFactory factory) implements BlockParserFactory {
        @Override
        public BlockStart tryStart(ParserState state, MatchedBlockParser matched) {
            return factory.tryStart(state, new LastParagraphLine(matched));
        }
    }

    private record LastParagraphLine(MatchedBlockParser matched) implements MatchedBlockParser {
        @Override
        public BlockParser getMatchedBlockParser() {
            return matched.getMatchedBlockParser();
        }

        @Override
        public SourceLines getParagraphLines() {
            if (!readsParagraphInPlace() || !(matched.getMatchedBlockParser() instanceof ParagraphParser paragraph)) {
                return matched.getParagraphLines();
            }
            @SuppressWarnings("unchecked")
            List<SourceLine> lines = (List<SourceLine>) DEFINITION_LINES.get(PARAGRAPH_DEFINITIONS.get(paragraph));
            return lines.isEmpty() ? SourceLines.empty() : SourceLines.of(lines.get(lines.size() - 1));
        }
    }
}
