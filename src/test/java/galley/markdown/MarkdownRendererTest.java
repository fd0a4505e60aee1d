package galley.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.config.SiteConfig.RawHtml;
import galley.diag.Diagnostic;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    private static final LinkResolver LINKS = new LinkResolver() {
        @Override
        public Optional<String> resolveArticleLink(String relativeMarkdownPath) {
            return Optional.empty();
        }

        @Override
        public boolean mediaExists(String mediaPath) {
            return false;
        }

        @Override
        public String sitePath(String path) {
            return path;
        }
    };

    /** Curly quotes (two-byte strings), a missing image and a dead article link, each far into its line. */
    private static final String STORY = """
            The council met on “Tuesday” — the mayor’s office said — and *agreed* on the port.

            Residents in Łódź and Kraków: “we were not told” ![the pier](/media/pier.jpg) said one.
            > A quote with [the earlier story](../10/vote.md) and `code`.

            - one “item”
            - two
            """;

    @Test
    void longTextsParsedLineByLineGiveWhatShortTextsParsedWholeGive() {
        MarkdownRenderer renderer = new MarkdownRenderer(RawHtml.SANITIZE);
        // Short texts are parsed as one string, long ones through a reader: the same story must come
        // out the same whichever way it went, positions of its warnings included.
        RenderedMarkdown whole = renderer.render(STORY, LINKS);
        String padding = "\nAnother paragraph of the same story, “quoted” at length.\n".repeat(60);
        String longText = STORY + padding;
        assertTrue(
                STORY.length() < MarkdownRenderer.READ_IN_LINES_FROM
                        && longText.length() > MarkdownRenderer.READ_IN_LINES_FROM,
                "one text on each side of the threshold");
        RenderedMarkdown inLines = renderer.render(longText, LINKS);

        assertTrue(inLines.html().startsWith(whole.html()), inLines.html());
        assertEquals(whole.warnings(), inLines.warnings());

        String imageLine = STORY.lines().toList().get(2);
        String quoteLine = STORY.lines().toList().get(3);
        assertEquals(
                List.of(
                        new RenderedMarkdown.LineWarning(
                                3,
                                imageLine.indexOf("![") + 1,
                                "missing media file /media/pier.jpg; expected content/media/pier.jpg",
                                Diagnostic.Kind.MISSING_MEDIA),
                        new RenderedMarkdown.LineWarning(
                                4,
                                quoteLine.indexOf("[the") + 1,
                                "link to \"../10/vote.md\" does not name a published article")),
                inLines.warnings());
    }

    @Test
    void aBodyOverTheBudgetGivesNoHtmlAndOneErrorNamingTheSuspect() {
        MarkdownRenderer renderer = new MarkdownRenderer(RawHtml.KEEP, java.time.Duration.ofMillis(1));
        RenderedMarkdown r = renderer.render("[a](<b".repeat(20_000), LINKS);
        assertEquals("", r.html());
        assertEquals(
                List.of(new RenderedMarkdown.LineWarning(
                        0,
                        0,
                        "the body takes more than 1 ms to render: \"](<\" occurs 20000 times; simplify it",
                        Diagnostic.Kind.GENERAL,
                        true)),
                r.warnings());
        // Short texts are not timed: they render even under a budget nothing could meet.
        assertEquals("<p>short</p>\n", renderer.render("short", LINKS).html());
    }

    @Test
    void theListAndTableStartsReadTheParagraphInPlace() {
        // Without it, every line of a paragraph copies the lines before it (BlockStarts).
        assertTrue(BlockStarts.readsParagraphInPlace());
        MarkdownRenderer renderer = new MarkdownRenderer(RawHtml.KEEP);
        assertEquals(
                "<p>a|b|c\n-|</p>\n<table>\n<thead>\n<tr>\n<th>x</th>\n<th>y</th>\n</tr>\n</thead>\n</table>\n"
                        + "<ul>\n<li>item</li>\n</ul>\n",
                renderer.render("a|b|c\n-|\nx|y\n-|-\n- item\n", LINKS).html());
    }

    /** A resolver whose site paths start with {@code prefix}, as the page's ("/archive") and the feed's ("https://…"). */
    private static LinkResolver sitePathsUnder(String prefix) {
        return new LinkResolver() {
            @Override
            public Optional<String> resolveArticleLink(String relativeMarkdownPath) {
                return relativeMarkdownPath.equals("../10/vote.md")
                        ? Optional.of("/2025/10/01/vote/")
                        : Optional.empty();
            }

            @Override
            public boolean mediaExists(String mediaPath) {
                return mediaPath.equals("/media/pier.jpg");
            }

            @Override
            public String sitePath(String path) {
                return prefix + path;
            }
        };
    }

    /** One parse for page and feed gives what two renderings gave: the page's links and warnings, the feed's links. */
    @Test
    void pageAndFeedFromOneParseEqualTwoRenderings() {
        String text = STORY + "\n[gone](gone.md), [vote](../10/vote.md#result), [out](https://example.org/x), "
                + "![p](/media/pier.jpg?w=2), <a href=\"/raw\">raw</a> [^1]\n\n[^1]: A note [here](/2025/).\n";
        for (RawHtml mode : RawHtml.values()) {
            MarkdownRenderer renderer = new MarkdownRenderer(mode);
            LinkResolver page = sitePathsUnder("/archive");
            LinkResolver feed = sitePathsUnder("https://example.org/archive");
            MarkdownRenderer.PageAndFeed both = renderer.renderForPageAndFeed(text, page, feed);
            assertEquals(renderer.render(text, page), both.page(), mode.toString());
            assertEquals(renderer.render(text, feed).html(), both.feedHtml(), mode.toString());
            assertTrue(
                    both.feedHtml().contains("href=\"https://example.org/archive/2025/10/01/vote/#result\""),
                    both.feedHtml());
            assertTrue(
                    both.page().html().contains("href=\"/archive/2025/10/01/vote/#result\""),
                    both.page().html());
        }
    }

    /**
     * A body image of content/media/ whose size is known is a {@code <picture>} on the page in every
     * raw-HTML mode (the sanitiser keeps Galley's own markup), with the plain image in the feed from
     * the same parse; an image with a query or of another site is left as it is.
     */
    @Test
    void aMediaImageIsAPictureOnThePageAndPlainInTheFeed() {
        ShownImage shown = new ShownImage(
                1000,
                500,
                "/archive/media/pier.960w.jpg",
                "/archive/media/pier.320w.jpg 320w",
                "/archive/media/pier.320w.webp 320w",
                "100vw");
        String text = "Text.\n\n![The pier](/media/pier.jpg) and ![again](/media/pier.jpg?w=2) and "
                + "![out](https://example.com/a.jpg)\n\n<b>raw</b>\n";
        for (RawHtml mode : RawHtml.values()) {
            MarkdownRenderer renderer = new MarkdownRenderer(mode);
            LinkResolver page = withShown(sitePathsUnder("/archive"), shown);
            LinkResolver feed = sitePathsUnder("https://example.org/archive");
            MarkdownRenderer.PageAndFeed both = renderer.renderForPageAndFeed(text, page, feed);
            String html = both.page().html();
            assertTrue(
                    html.contains("<picture><source type=\"image/webp\" srcset=\"/archive/media/pier.320w.webp 320w\""
                            + " sizes=\"100vw\""),
                    mode + ": " + html);
            assertTrue(
                    html.contains("<img src=\"/archive/media/pier.960w.jpg\" alt=\"The pier\" srcset=\""
                            + "/archive/media/pier.320w.jpg 320w\" sizes=\"100vw\" width=\"1000\" height=\"500\""
                            + " loading=\"lazy\" decoding=\"async\""),
                    mode + ": " + html);
            assertEquals(1, html.split("<picture>", -1).length - 1, mode + ": only the media image: " + html);
            assertEquals(Optional.of("/media/pier.jpg"), both.page().firstImage());
            assertTrue(
                    both.feedHtml()
                            .contains("<img src=\"https://example.org/archive/media/pier.jpg\" alt=\"The pier\""),
                    mode + ": " + both.feedHtml());
            assertFalse(both.feedHtml().contains("picture") || both.feedHtml().contains("srcset"), both.feedHtml());
        }
    }

    private static LinkResolver withShown(LinkResolver links, ShownImage shown) {
        return new LinkResolver() {
            @Override
            public Optional<String> resolveArticleLink(String relativeMarkdownPath) {
                return links.resolveArticleLink(relativeMarkdownPath);
            }

            @Override
            public boolean mediaExists(String mediaPath) {
                return links.mediaExists(mediaPath);
            }

            @Override
            public Optional<ShownImage> shownImage(String mediaPath) {
                return Optional.of(shown);
            }

            @Override
            public String sitePath(String path) {
                return links.sitePath(path);
            }
        };
    }
}
