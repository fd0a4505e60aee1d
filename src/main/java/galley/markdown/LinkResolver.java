package galley.markdown;

import java.util.Optional;

/**
 * What the Markdown renderer asks the site about links it finds in a body. Implemented by the
 * build with the whole archive in view; the renderer itself knows no files.
 */
public interface LinkResolver {

    /**
     * The site path (without base path) of the article at {@code relativeMarkdownPath}, a link
     * like {@code ../10/vote.md} written in the body being rendered. Empty if there is none.
     */
    Optional<String> resolveArticleLink(String relativeMarkdownPath);

    /** True when {@code /media/...} names an existing file. */
    boolean mediaExists(String mediaPath);

    /**
     * How the image {@code mediaPath} ({@code /media/...}, decoded; an existing file) is shown:
     * its size and resized copies; empty when its size is not known.
     */
    default Optional<ShownImage> shownImage(String mediaPath) {
        return Optional.empty();
    }

    /** Prefixes a site path ("/2025/...") with the base URL's path ("/archive/2025/..."). */
    String sitePath(String path);

    /**
     * True for {@code check}: the rendering keeps every link and image as written
     * ({@link RenderedMarkdown#links()}), and a link to an article file that names no published
     * article is left to the check, which reports it as an error saying what the file is (a
     * draft, future-dated, missing), instead of the build's warning: one report per link.
     */
    default boolean collectsLinks() {
        return false;
    }
}
