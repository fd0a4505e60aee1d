package galley.markdown;

import galley.diag.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * A rendered Markdown text.
 *
 * @param html the HTML, safe to embed as is
 * @param warnings problems found in links, each with its 1-based line in the Markdown text
 * @param links the links and images as written, for {@code check} (see {@link LinkUse})
 * @param media the media files ({@code /media/...}, decoded) that links and images of the text
 *     lead to and that exist: the text would warn if one went, so whatever shows it depends on
 *     their being there (a missing one is a {@link Diagnostic.Kind#MISSING_MEDIA} warning instead)
 * @param firstImage the first Markdown image of the text that is a media file there
 *     ({@code /media/...}, decoded): what a link preview shows of an article without a hero
 */
public record RenderedMarkdown(
        String html, List<LineWarning> warnings, List<LinkUse> links, List<String> media, Optional<String> firstImage) {
    public RenderedMarkdown {
        warnings = List.copyOf(warnings);
        links = List.copyOf(links);
        media = List.copyOf(media);
    }

    public RenderedMarkdown(String html, List<LineWarning> warnings) {
        this(html, warnings, List.of(), List.of(), Optional.empty());
    }

    /**
     * A link or image of the text as written, for {@code check} (kept only when the
     * {@link LinkResolver#collectsLinks() resolver asks}); line and column as in {@link LineWarning}.
     *
     * @param destination the URL as the author wrote it (before the base path or an article's
     *     URL was put in)
     * @param rawHtml from an {@code <a href>} or {@code <img src>} of raw HTML, which Galley
     *     does not rewrite: a root-relative URL there carries the base path itself
     * @param noAlt an image without alt text (Markdown: an empty {@code ![]}; raw HTML: no
     *     {@code alt} attribute at all, since {@code alt=""} marks a decorative image)
     */
    public record LinkUse(int line, int column, String destination, boolean image, boolean rawHtml, boolean noAlt) {}

    /**
     * A doubtful link; {@code line} counts from the first line of the rendered text (1-based), 0 for
     * the text as a whole. {@code error}: the text could not be rendered at all (the build fails).
     */
    public record LineWarning(int line, int column, String message, Diagnostic.Kind kind, boolean error) {
        public LineWarning(int line, int column, String message, Diagnostic.Kind kind) {
            this(line, column, message, kind, false);
        }

        public LineWarning(int line, int column, String message) {
            this(line, column, message, Diagnostic.Kind.GENERAL);
        }
    }
}
