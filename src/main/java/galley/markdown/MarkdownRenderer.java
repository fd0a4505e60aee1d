package galley.markdown;

import galley.config.SiteConfig.RawHtml;
import galley.diag.Diagnostic;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.footnotes.FootnotesExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/**
 * The one Markdown dialect of Galley: CommonMark with GFM tables, strikethrough, autolinks,
 * footnotes and heading anchors. Immutable and thread-safe (the commonmark {@code Parser} and
 * {@code HtmlRenderer} are), so one instance serves every rendering thread.
 */
public final class MarkdownRenderer {

    private static final List<Extension> EXTENSIONS = List.of(
            TablesExtension.create(),
            StrikethroughExtension.create(),
            QuickAutolink.create(),
            FootnotesExtension.create(),
            HeadingAnchorExtension.create());

    /** The parser's extensions: tables and the core block starts come from {@link BlockStarts}. */
    private static final List<Extension> PARSER_EXTENSIONS = EXTENSIONS.subList(1, EXTENSIONS.size());

    /**
     * Emphasis, links and images nest at most this deep; deeper markers are text (commonmark's
     * default, which keeps parsing and rendering linear and the stack shallow).
     */
    static final int MAX_INLINE_NESTING = 100;

    /** What {@code raw_html: sanitize} lets through: ordinary article markup plus ids for anchors. */
    private static final Safelist SANITIZE_SAFELIST = Safelist.relaxed()
            .addAttributes(":all", "id", "class", "lang", "dir", "title")
            .addAttributes("a", "rel")
            .addTags(
                    "figure", "figcaption", "section", "del", "s", "abbr", "mark", "time", "aside", "picture", "source")
            // Galley's own markup for images of content/media/ (PictureNode); its URLs are checked as every srcset's
            // is.
            .addAttributes("img", "srcset", "sizes", "loading", "decoding")
            .addAttributes("source", "type", "srcset", "sizes", "media")
            .preserveRelativeLinks(true);

    private static final String FOOTNOTES_OPEN = "<section class=\"footnotes\" data-footnotes>";

    private final Parser parser;
    /** For excerpts: only the text matters, so no extensions (autolinking is the costly one) and no positions. */
    private final Parser plainParser = BlockStarts.core(
                    Parser.builder().extensions(List.of(StrikethroughExtension.create())))
            .maxOpenBlockParsers(Integer.MAX_VALUE)
            .maxInlineNesting(MAX_INLINE_NESTING)
            .build();

    private final HtmlRenderer renderer;
    private final RawHtml rawHtml;
    private final Duration budget;

    public MarkdownRenderer(RawHtml rawHtml) {
        this(rawHtml, Duration.ofMillis(Long.getLong(BUDGET_PROPERTY, DEFAULT_BUDGET.toMillis())));
    }

    /** A test hook (milliseconds): builds in tests give up on a body sooner. Not a user setting. */
    public static final String BUDGET_PROPERTY = "galley.test.markdownBudgetMillis";

    /** {@code budget}: see {@link #DEFAULT_BUDGET}; tests give a tiny one. */
    MarkdownRenderer(RawHtml rawHtml, Duration budget) {
        this.rawHtml = rawHtml;
        this.budget = budget;
        Parser.Builder builder = BlockStarts.tables(Parser.builder()).extensions(PARSER_EXTENSIONS);
        this.parser = BlockStarts.core(builder)
                // Blocks may nest deeper than commonmark's default of 100 across lines (each line
                // pays for its own markers, so that stays linear); limitNesting bounds one line.
                .maxOpenBlockParsers(Integer.MAX_VALUE)
                .maxInlineNesting(MAX_INLINE_NESTING)
                .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
                .build();
        this.renderer = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .escapeHtml(rawHtml == RawHtml.ESCAPE)
                .sanitizeUrls(false)
                .attributeProviderFactory(context -> MarkdownRenderer::html5Attributes)
                .attributeProviderFactory(context -> PictureNode::imageAttributes)
                .nodeRendererFactory(PictureNode.Renderer::new)
                .build();
    }

    /** The {@code align} attribute of GFM table cells is obsolete in HTML5: use a style instead. */
    private static void html5Attributes(Node node, String tagName, Map<String, String> attributes) {
        String align = attributes.remove("align");
        if (align != null && (tagName.equals("td") || tagName.equals("th"))) {
            attributes.put("style", "text-align: " + align);
        }
    }

    /**
     * Stack for texts that nest too deeply for a worker thread's stack (thousands of "- " or "> ",
     * an HTML tag with thousands of attributes): the parser and renderer recurse per level. The
     * space is only reserved, not used, unless such a text comes (issue #5).
     */
    private static final long DEEP_STACK_BYTES = 512L << 20;

    /**
     * How long one body may take to render before the build gives up on it with an error. With
     * linear-time parsing no article comes near it; it is the last line of defence against a shape
     * nobody has found yet, so that one article cannot stall every build.
     */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);

    /**
     * Texts shorter than this render on the calling thread without a clock: at linear time they
     * take milliseconds, and a hand-off to a timed thread would cost more than the rendering.
     */
    static final int TIMED_FROM = 16 * 1024;

    /** Renders {@code markdown}, rewriting links through {@code links}. Never fails: problems become warnings. */
    public RenderedMarkdown render(String markdown, LinkResolver links) {
        return renderTimed(markdown, links, null).page();
    }

    /** A text rendered for a page and, from the same parse, for feeds. */
    public record PageAndFeed(RenderedMarkdown page, String feedHtml) {}

    /**
     * Renders {@code markdown} once for its page and for feeds: one parse, whose links are written
     * through {@code pageLinks}, then through {@code feedLinks} (which differ only in the site
     * paths they give, absolute for feeds). Parsing is where a text's time goes, and where a hostile
     * one would spend its budget twice. The warnings are the page's.
     */
    public PageAndFeed renderForPageAndFeed(String markdown, LinkResolver pageLinks, LinkResolver feedLinks) {
        return renderTimed(markdown, pageLinks, feedLinks);
    }

    private PageAndFeed renderTimed(String markdown, LinkResolver links, LinkResolver feedLinks) {
        if (markdown.length() < TIMED_FROM) return renderUntimed(markdown, links, feedLinks);
        Future<PageAndFeed> rendering = TIMED.submit(() -> renderUntimed(markdown, links, feedLinks));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return rendering.get(budget.toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // the budget still holds: a build is never left half-rendered
                }
            }
        } catch (TimeoutException e) {
            // commonmark cannot be interrupted: the rendering is abandoned, runs to its end on its
            // daemon thread and is thrown away; no part of it reaches a page.
            rendering.cancel(true);
            return new PageAndFeed(tooSlow(markdown), "");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private PageAndFeed renderUntimed(String markdown, LinkResolver links, LinkResolver feedLinks) {
        return withDeepStack(() -> renderOnThisThread(markdown, links, feedLinks))
                .orElseGet(() -> {
                    String plain = "<pre>" + escapeHtml(markdown) + "</pre>\n";
                    return new PageAndFeed(
                            new RenderedMarkdown(
                                    plain,
                                    List.of(
                                            new RenderedMarkdown.LineWarning(
                                                    1,
                                                    1,
                                                    "the text is nested too deeply to read as Markdown (thousands of levels); it is shown as plain text"))),
                            plain);
                });
    }

    /** Daemon threads for long texts: a build that ends never waits for an abandoned rendering. */
    private static final ExecutorService TIMED = Executors.newCachedThreadPool(work -> {
        Thread t = new Thread(work, "galley-timed-markdown");
        t.setDaemon(true);
        return t;
    });

    /** An empty body and an error that says which text is to blame, and what in it looks like the cause. */
    private RenderedMarkdown tooSlow(String markdown) {
        return new RenderedMarkdown(
                "",
                List.of(new RenderedMarkdown.LineWarning(
                        0,
                        0,
                        "the body takes more than " + describe(budget) + " to render" + suspect(markdown)
                                + "; simplify it",
                        Diagnostic.Kind.GENERAL,
                        true)));
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Openers that, repeated and left unclosed, made parsers slow; the most frequent is named. */
    private static final List<String> SUSPECTS = List.of(
            "<!--",
            "<![CDATA[",
            "<?",
            "<!",
            "](<",
            "](",
            "![",
            "[",
            "<",
            "**",
            "__",
            "*",
            "_",
            "~~",
            "`",
            "> ",
            "- ",
            "|");

    /** ": \"<!--\" occurs 20000 times", for the opener that occurs most often (at least 1,000 times), or "". */
    static String suspect(String markdown) {
        String worst = null;
        int most = 999;
        for (String opener : SUSPECTS) {
            int count = 0;
            for (int i = markdown.indexOf(opener); i >= 0; i = markdown.indexOf(opener, i + opener.length())) count++;
            if (count > most) {
                most = count;
                worst = opener;
            }
        }
        return worst == null ? "" : ": \"" + worst + "\" occurs " + most + " times";
    }

    /**
     * Runs {@code work}; if the text makes the stack overflow, runs it again on a thread with a deep
     * stack. Empty if even that is not enough.
     */
    static <T> Optional<T> withDeepStack(Supplier<T> work) {
        try {
            return Optional.of(work.get());
        } catch (StackOverflowError e) {
            // Retried below: the parser and renderer keep no state between calls.
        }
        Object[] outcome = new Object[1];
        Thread deep = new Thread(
                null,
                () -> {
                    try {
                        outcome[0] = work.get();
                    } catch (StackOverflowError e) {
                        outcome[0] = null;
                    } catch (RuntimeException e) {
                        outcome[0] = e;
                    }
                },
                "galley-deep-markdown",
                DEEP_STACK_BYTES);
        deep.start();
        boolean interrupted = false;
        while (true) {
            try {
                deep.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (outcome[0] instanceof RuntimeException e) throw e;
        @SuppressWarnings("unchecked")
        T result = (T) outcome[0];
        return Optional.ofNullable(result);
    }

    /** Most block quotes and list items one line may open; see {@link #limitNesting}. */
    static final int MAX_NESTING_PER_LINE = 100;

    /**
     * Escapes the block-quote or list marker that would open nesting level 101 on one line, so
     * that it is text. commonmark's block parser takes time quadratic in the markers of one line:
     * a 5 MB line of "- - - ..." ran for more than ten minutes (issue #5). No article nests a
     * hundred lists on one line, so real text never changes.
     */
    static String limitNesting(String markdown) {
        if (markdown.length() < 2 * MAX_NESTING_PER_LINE) return markdown;
        StringBuilder out = null;
        int copied = 0;
        int lineStart = 0;
        int length = markdown.length();
        while (lineStart < length) {
            int lineEnd = markdown.indexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = length;
            int depth = 0;
            int i = lineStart;
            while (true) {
                while (i < lineEnd && (markdown.charAt(i) == ' ' || markdown.charAt(i) == '\t')) i++;
                int marker = markerAt(markdown, i, lineEnd);
                if (marker < 0) break;
                if (++depth > MAX_NESTING_PER_LINE) {
                    if (out == null) out = new StringBuilder(length + 16);
                    int escapeAt = markdown.charAt(i) >= '0' && markdown.charAt(i) <= '9' ? marker - 1 : i;
                    out.append(markdown, copied, escapeAt).append('\\');
                    copied = escapeAt;
                    break;
                }
                i = marker;
            }
            lineStart = lineEnd + 1;
        }
        if (out == null) return markdown;
        return out.append(markdown, copied, length).toString();
    }

    /** The end of a block-quote or list marker at {@code i} ("&gt;", "- ", "+ ", "* ", "12. ", "3) "), or -1. */
    private static int markerAt(String text, int i, int lineEnd) {
        if (i >= lineEnd) return -1;
        char c = text.charAt(i);
        if (c == '>') return i + 1;
        boolean spaceAfter = i + 1 < lineEnd && (text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\t');
        if ((c == '-' || c == '+' || c == '*') && spaceAfter) return i + 1;
        int j = i;
        while (j < lineEnd && j - i < 9 && text.charAt(j) >= '0' && text.charAt(j) <= '9') j++;
        if (j > i
                && j < lineEnd
                && (text.charAt(j) == '.' || text.charAt(j) == ')')
                && j + 1 < lineEnd
                && (text.charAt(j + 1) == ' ' || text.charAt(j + 1) == '\t')) {
            return j + 1;
        }
        return -1;
    }

    /**
     * Parses through a reader rather than {@code Parser.parse(String)}: that one hands the block
     * and inline parsers views into the whole text, so one curly quote anywhere in an article makes
     * every character of it a two-byte {@code charAt} (a bounds-check call per character under C1);
     * read line by line, each line is its own string, one byte a character unless it holds such a
     * character itself. Same document, line and column numbers; parsing and rendering 3,000
     * benchmark articles took 7% less time.
     */
    private static Node parse(Parser parser, String markdown) {
        // A short text (a correction, a first paragraph) is parsed in place: the reader's 16 KB
        // buffer would cost more than its one-byte lines save.
        if (markdown.length() < READ_IN_LINES_FROM) return parser.parse(markdown);
        try {
            return parser.parseReader(new StringReader(markdown));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not throw
        }
    }

    /** From this length on, Markdown is parsed through a reader (see {@link #parse}). */
    static final int READ_IN_LINES_FROM = 2048;

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** The page's rendering, and the feed's ({@code null} without {@code feedLinks}) from the same parse. */
    private PageAndFeed renderOnThisThread(String markdown, LinkResolver links, LinkResolver feedLinks) {
        Node document = parse(parser, limitNesting(markdown));
        LinkRewriter rewriter = new LinkRewriter(links, feedLinks, rawHtml != RawHtml.ESCAPE);
        document.accept(rewriter);
        String page = html(document, markdown.length(), rewriter.sawRawHtml);
        RenderedMarkdown rendered = new RenderedMarkdown(
                page,
                rewriter.warnings,
                rewriter.uses,
                List.copyOf(rewriter.media),
                Optional.ofNullable(rewriter.firstImage));
        if (feedLinks == null) return new PageAndFeed(rendered, null);
        rewriter.toFeedDestinations();
        String feed = html(document, markdown.length(), rewriter.sawRawHtml);
        return new PageAndFeed(rendered, feed);
    }

    private String html(Node document, int markdownLength, boolean sawRawHtml) {
        // Sized for the usual page (HTML a little longer than its Markdown): the renderer's own
        // builder starts at 16 characters and doubles its way up, copying each time.
        StringBuilder rendered = new StringBuilder(markdownLength + (markdownLength >> 2) + 64);
        renderer.render(document, rendered);
        String html = rendered.toString();
        if (html.contains(FOOTNOTES_OPEN)) {
            // A <section> needs a heading (HTML outline, screen readers); footnotes get a hidden one.
            html = html.replace(FOOTNOTES_OPEN, FOOTNOTES_OPEN + "\n<h2 class=\"visually-hidden\">Notes</h2>");
        }
        if (sawRawHtml && rawHtml != RawHtml.ESCAPE) {
            html = cleanRawHtml(html, rawHtml == RawHtml.SANITIZE);
        }
        return html;
    }

    /**
     * Plain text of the first paragraph, cut at a word boundary near {@code maxChars}: the
     * description of an article that has no summary.
     */
    public String excerpt(String markdown, int maxChars) {
        String paragraph = firstParagraphSource(markdown);
        if (paragraph.isEmpty()) return "";
        // A paragraph too deeply nested to parse gives its source text (render() reports it).
        return withDeepStack(() -> excerptOf(paragraph, maxChars)).orElseGet(() -> cut(paragraph, maxChars));
    }

    private String excerptOf(String paragraph, int maxChars) {
        Node doc = parse(plainParser, limitNesting(paragraph));
        StringBuilder text = new StringBuilder();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code c) {
                text.append(c.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak b) {
                text.append(' ');
            }

            @Override
            public void visit(HardLineBreak b) {
                text.append(' ');
            }
        });
        return cut(text.toString(), maxChars);
    }

    // Compiled once: String.replaceAll and matches compile their pattern on every call, four per article.
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\s,;:.–—-]+$");
    private static final Pattern ORDERED_ITEM = Pattern.compile("\\d+[.)]\\s.*");
    private static final Pattern THEMATIC_BREAK = Pattern.compile("[=_]{3,}");

    private static String cut(String text, int maxChars) {
        String plain = WHITESPACE.matcher(text).replaceAll(" ").strip();
        if (plain.length() <= maxChars) return plain;
        int cut = plain.lastIndexOf(' ', maxChars);
        if (cut < maxChars / 2) cut = maxChars;
        return TRAILING_PUNCTUATION.matcher(plain.substring(0, cut)).replaceAll("") + "…";
    }

    /**
     * The source of the first prose paragraph, found without parsing the whole body (bodies can be
     * megabytes, and only the first paragraph matters here).
     */
    static String firstParagraphSource(String markdown) {
        StringBuilder paragraph = new StringBuilder();
        boolean inFence = false;
        // Line by line up to the paragraph's end: splitting the whole body first cost more than the rest.
        for (int start = 0, end; start <= markdown.length(); start = end + 1) {
            end = markdown.indexOf('\n', start);
            if (end < 0) end = markdown.length();
            String line = markdown.substring(start, end);
            String t = line.strip();
            if (t.startsWith("```") || t.startsWith("~~~")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) continue;
            if (t.isEmpty()) {
                if (paragraph.length() > 0) break;
                continue;
            }
            if (paragraph.length() == 0 && !isProseStart(t, line)) continue;
            paragraph.append(line).append('\n');
        }
        return paragraph.toString();
    }

    private static boolean isProseStart(String t, String line) {
        if (line.startsWith("    ") || line.startsWith("\t")) return false;
        char c = t.charAt(0);
        return c != '#'
                && c != '>'
                && c != '|'
                && c != '<'
                && c != '!'
                && c != '-'
                && c != '*'
                && c != '+'
                && c != '['
                && !ORDERED_ITEM.matcher(t).matches()
                && !THEMATIC_BREAK.matcher(t).matches();
    }

    private static String cleanRawHtml(String html, boolean sanitize) {
        if (sanitize) {
            Document.OutputSettings settings = new Document.OutputSettings().prettyPrint(false);
            // A base URI, though no link is resolved against it: jsoup keeps a relative link only
            // if it resolves, and against "" none does (every site path and /media/ image was lost).
            String clean = Jsoup.clean(html, "https://galley.invalid/", SANITIZE_SAFELIST, settings);
            // The safelist checks the schemes of the attributes it knows; the same URL pass as
            // raw_html: keep runs after it, so no later change to the safelist lets data: through.
            return removeDangerousUrls(clean, false, 0);
        }
        // raw_html: keep -- embeds stay, but no javascript:/vbscript:/data: URL survives (issues #5, #19).
        return removeDangerousUrls(html, true, 0);
    }

    /**
     * {@code html} with every {@code javascript:}, {@code vbscript:} and {@code data:} URL removed
     * from every URL-bearing attribute ({@link UrlSafety#isUrlAttribute}), from each candidate of
     * {@code srcset} and {@code ping}, from {@code <meta http-equiv=refresh>} and from SVG
     * animations of {@code href}; an {@code <iframe srcdoc>} is cleaned as a document of its own.
     * Markup with nothing to remove is given back unchanged unless {@code reserialise} (raw_html:
     * keep has always written jsoup's serialisation, and existing sites must not change).
     */
    static String removeDangerousUrls(String html, boolean reserialise, int depth) {
        Document doc = Jsoup.parseBodyFragment(html);
        doc.outputSettings().prettyPrint(false);
        boolean changed = false;
        for (Element el : doc.body().getAllElements()) {
            List<Attribute> attributes = new ArrayList<>();
            el.attributes().forEach(attributes::add);
            for (Attribute attribute : attributes) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                String value = attribute.getValue();
                String safe = value;
                if (UrlSafety.isUrlAttribute(name)) {
                    safe = UrlSafety.isDangerous(value) ? null : value;
                } else if (UrlSafety.SRCSET_ATTRIBUTES.contains(name)) {
                    safe = UrlSafety.safeSrcset(value);
                } else if (name.equals("ping")) {
                    safe = UrlSafety.safeUrlList(value);
                } else if (name.equals("content")
                        && el.attributes().getIgnoreCase("http-equiv").equalsIgnoreCase("refresh")) {
                    safe = refreshTargetIsDangerous(value) ? null : value;
                } else if ((name.equals("to") || name.equals("from") || name.equals("by") || name.equals("values"))
                        && el.attributes()
                                .getIgnoreCase("attributeName")
                                .toLowerCase(Locale.ROOT)
                                .endsWith("href")) {
                    safe = Arrays.stream(value.split(";")).anyMatch(UrlSafety::isDangerous) ? null : value;
                } else if (name.equals("srcdoc")) {
                    safe = depth < 4 ? removeDangerousUrls(value, false, depth + 1) : "";
                }
                if (safe == null) {
                    el.removeAttr(attribute.getKey());
                    changed = true;
                } else if (!safe.equals(value)) {
                    el.attr(attribute.getKey(), safe);
                    changed = true;
                }
            }
        }
        return changed || reserialise ? doc.body().html() : html;
    }

    /** {@code 0; url=data:…}: the URL a refresh goes to, checked like any other. */
    private static boolean refreshTargetIsDangerous(String content) {
        int url = content.toLowerCase(Locale.ROOT).indexOf("url");
        if (url < 0) return false;
        String rest = content.substring(url + 3).stripLeading();
        if (rest.startsWith("=")) rest = rest.substring(1).stripLeading();
        if (rest.startsWith("'") || rest.startsWith("\"")) rest = rest.substring(1);
        return UrlSafety.isDangerous(rest);
    }

    /** Rewrites link and image destinations in place and records what looks wrong. */
    private static final class LinkRewriter extends AbstractVisitor {
        private final LinkResolver links;
        /** The feed's resolver, or null: then no feed destinations are kept. */
        private final LinkResolver feedLinks;

        private final List<RenderedMarkdown.LineWarning> warnings = new ArrayList<>();
        /** Links and images whose feed destination differs from the page's, with the feed's. */
        private final List<Map.Entry<Node, String>> feedDestinations = new ArrayList<>();

        /** Every link and image as written, for {@code check} ({@link LinkResolver#collectsLinks}); else none. */
        private final List<RenderedMarkdown.LinkUse> uses = new ArrayList<>();

        /** The media files that links and images lead to and that exist ({@link RenderedMarkdown#media}), sorted. */
        private final Set<String> media = new TreeSet<>();

        private final boolean collect;
        /** Whether raw HTML reaches the page as HTML (not with {@code raw_html: escape}, which shows it as text). */
        private final boolean rawHtmlIsHtml;

        private boolean sawRawHtml;

        LinkRewriter(LinkResolver links, LinkResolver feedLinks, boolean rawHtmlIsHtml) {
            this.links = links;
            this.feedLinks = feedLinks;
            this.collect = links.collectsLinks();
            this.rawHtmlIsHtml = rawHtmlIsHtml;
        }

        /** Writes the feed's destinations into the links and images the page's were written into. */
        void toFeedDestinations() {
            for (Map.Entry<Node, String> e : feedDestinations) {
                if (e.getKey() instanceof Link link) link.setDestination(e.getValue());
                else ((Image) e.getKey()).setDestination(e.getValue());
            }
            pictures.forEach(PictureNode::inFeed);
        }

        /** The first image of the text that is a media file there, or null ({@link RenderedMarkdown#firstImage}). */
        private String firstImage;

        /** The images wrapped for their page ({@link PictureNode}). */
        private final List<PictureNode> pictures = new ArrayList<>();

        /** The site path {@code path} as the page links it, noting the feed's when it differs. */
        private String sitePath(Node node, String path, String suffix) {
            String page = links.sitePath(path) + suffix;
            if (feedLinks != null) {
                String feed = feedLinks.sitePath(path) + suffix;
                if (!feed.equals(page)) feedDestinations.add(Map.entry(node, feed));
            }
            return page;
        }

        @Override
        public void visit(HtmlBlock b) {
            sawRawHtml = true;
            if (collect && rawHtmlIsHtml) collectRaw(b, b.getLiteral());
        }

        @Override
        public void visit(HtmlInline h) {
            sawRawHtml = true;
            if (collect && rawHtmlIsHtml) collectRaw(h, h.getLiteral());
        }

        /**
         * The {@code <a href>} and {@code <img>} tags of a piece of raw HTML, each at its own line
         * and column: a block's source spans are one per line, and its literal is those lines'
         * text joined by line ends, so an offset in it is a line of the block and a column in it.
         */
        private void collectRaw(Node node, String literal) {
            if (literal.indexOf('<') < 0) return;
            List<SourceSpan> spans = node.getSourceSpans();
            HtmlTags.scan(literal, (offset, name, attributes) -> {
                String target;
                boolean image = name.equals("img");
                if (image) target = attributes.getOrDefault("src", "");
                else if (name.equals("a")) target = attributes.get("href");
                else return;
                if (target == null) return; // an <a name=…> anchor, not a link
                int lineInBlock = 0;
                int lineStart = 0;
                for (int k = literal.indexOf('\n'); k >= 0 && k < offset; k = literal.indexOf('\n', k + 1)) {
                    lineInBlock++;
                    lineStart = k + 1;
                }
                int line = 0;
                int column = 0;
                if (!spans.isEmpty()) {
                    SourceSpan span = spans.get(Math.min(lineInBlock, spans.size() - 1));
                    line = span.getLineIndex() + 1;
                    column = span.getColumnIndex() + (offset - lineStart) + 1;
                }
                uses.add(new RenderedMarkdown.LinkUse(
                        line, column, target.strip(), image, true, image && !attributes.containsKey("alt")));
            });
        }

        @Override
        public void visit(Link link) {
            String written = link.getDestination();
            String rewritten = rewrite(link, written, false);
            if (collect && rewritten != null) uses.add(use(link, written, false, false));
            visitChildren(link);
            if (rewritten == null) {
                unwrap(link);
            } else {
                link.setDestination(rewritten);
            }
        }

        @Override
        public void visit(Image image) {
            String written = image.getDestination();
            String rewritten = rewrite(image, written, true);
            if (collect && rewritten != null)
                uses.add(use(image, written, true, altText(image).isBlank()));
            visitChildren(image);
            if (rewritten == null) {
                // Like a removed link, an unsafe image leaves its text (the alt text) rather than an
                // <img src=""> that no browser can load and no validator accepts.
                unwrap(image);
            } else {
                image.setDestination(rewritten);
                if (written.startsWith("/media/") && indexOfAny(written, '#', '?') < 0) {
                    String mediaPath = UrlPaths.decode(written);
                    if (media.contains(mediaPath)) {
                        if (firstImage == null) firstImage = mediaPath;
                        links.shownImage(mediaPath).ifPresent(shown -> {
                            PictureNode picture = new PictureNode(shown);
                            image.insertBefore(picture);
                            picture.appendChild(image);
                            pictures.add(picture);
                        });
                    }
                }
            }
        }

        /** The destination to write, or null to drop the link. */
        private String rewrite(Node node, String destination, boolean isImage) {
            if (UrlSafety.isDangerous(destination)) {
                warn(
                        node,
                        "removed " + (isImage ? "an image" : "a link")
                                + " with an unsafe URL (javascript:, vbscript: or data:)");
                return null;
            }
            if (destination.startsWith("//")
                    || destination.contains("://")
                    || destination.startsWith("#")
                    || destination.startsWith("mailto:")
                    || destination.startsWith("tel:")
                    || destination.isEmpty()) {
                return destination;
            }
            String pathPart = destination;
            String suffix = "";
            int cut = indexOfAny(destination, '#', '?');
            if (cut >= 0) {
                pathPart = destination.substring(0, cut);
                suffix = destination.substring(cut);
            }
            // Files are named as decoded text; a link to "Kyiv report.md" is written Kyiv%20report.md.
            String filePart = UrlPaths.decode(pathPart);
            if (destination.startsWith("/")) {
                if (pathPart.startsWith("/media/")) {
                    if (links.mediaExists(pathPart)) {
                        media.add(filePart);
                    } else {
                        warn(
                                node,
                                "missing media file " + filePart + "; expected content" + filePart,
                                Diagnostic.Kind.MISSING_MEDIA);
                    }
                }
                return sitePath(node, pathPart, suffix);
            }
            if (filePart.endsWith(".md")) {
                var target = links.resolveArticleLink(filePart);
                if (target.isEmpty()) {
                    // check says what the file is, as an error (LinkResolver.collectsLinks).
                    if (!collect) warn(node, "link to \"" + pathPart + "\" does not name a published article");
                    return destination;
                }
                return sitePath(node, target.get(), suffix);
            }
            return destination;
        }

        private void warn(Node node, String message) {
            warn(node, message, Diagnostic.Kind.GENERAL);
        }

        private static RenderedMarkdown.LinkUse use(Node node, String written, boolean image, boolean noAlt) {
            List<SourceSpan> spans = node.getSourceSpans();
            int line = spans.isEmpty() ? 0 : spans.get(0).getLineIndex() + 1;
            int column = spans.isEmpty() ? 0 : spans.get(0).getColumnIndex() + 1;
            return new RenderedMarkdown.LinkUse(line, column, written, image, false, noAlt);
        }

        /** The text of an image's description ({@code ![this](…)}), which becomes its alt text. */
        private static String altText(Image image) {
            StringBuilder alt = new StringBuilder();
            image.accept(new AbstractVisitor() {
                @Override
                public void visit(Text t) {
                    alt.append(t.getLiteral());
                }

                @Override
                public void visit(Code c) {
                    alt.append(c.getLiteral());
                }
            });
            return alt.toString();
        }

        private void warn(Node node, String message, Diagnostic.Kind kind) {
            List<SourceSpan> spans = node.getSourceSpans();
            int line = spans.isEmpty() ? 0 : spans.get(0).getLineIndex() + 1;
            int column = spans.isEmpty() ? 0 : spans.get(0).getColumnIndex() + 1;
            warnings.add(new RenderedMarkdown.LineWarning(line, column, message, kind));
        }

        private static int indexOfAny(String s, char a, char b) {
            int i = s.indexOf(a);
            int j = s.indexOf(b);
            if (i < 0) return j;
            if (j < 0) return i;
            return Math.min(i, j);
        }

        private static void unwrap(Node link) {
            Node child = link.getFirstChild();
            while (child != null) {
                Node next = child.getNext();
                link.insertBefore(child);
                child = next;
            }
            link.unlink();
        }
    }
}
