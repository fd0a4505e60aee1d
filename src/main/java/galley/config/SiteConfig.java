package galley.config;

import java.net.URI;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The settings of {@code content/site.yaml}, validated.
 *
 * @param baseUrl absolute, always ending in "/"; may carry a sub-path ({@code https://example.org/archive/})
 * @param permalink the article URL pattern, e.g. {@code /:year/:month/:day/:slug/}
 * @param rawHtml what happens to raw HTML in Markdown bodies
 * @param gitDates an article without {@code updated:} gets the date of the last commit that changed it
 * @param images how images are resized and published
 */
public record SiteConfig(
        String title,
        String description,
        URI baseUrl,
        String language,
        ZoneId timezone,
        int pageSize,
        String permalink,
        RawHtml rawHtml,
        int feedSize,
        FeedContent feedFullContent,
        boolean gitDates,
        ImageOptions images) {

    public static final String DEFAULT_PERMALINK = "/:year/:month/:day/:slug/";

    /** Raw HTML in article bodies: kept (newsrooms embed things), cleaned with a safelist, or shown as text. */
    public enum RawHtml {
        KEEP,
        SANITIZE,
        ESCAPE
    }

    /** Which feeds carry whole articles rather than summaries. */
    public enum FeedContent {
        SITE,
        ALL,
        NONE
    }

    /** Settings without git dates. */
    public SiteConfig(
            String title,
            String description,
            URI baseUrl,
            String language,
            ZoneId timezone,
            int pageSize,
            String permalink,
            RawHtml rawHtml,
            int feedSize,
            FeedContent feedFullContent) {
        this(
                title,
                description,
                baseUrl,
                language,
                timezone,
                pageSize,
                permalink,
                rawHtml,
                feedSize,
                feedFullContent,
                false,
                ImageOptions.defaults());
    }

    public SiteConfig {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(permalink, "permalink");
        Objects.requireNonNull(rawHtml, "rawHtml");
        Objects.requireNonNull(feedFullContent, "feedFullContent");
        Objects.requireNonNull(images, "images");
        if (!baseUrl.toString().endsWith("/")) throw new IllegalArgumentException("baseUrl must end with /");
        if (pageSize < 1) throw new IllegalArgumentException("pageSize must be >= 1");
        if (feedSize < 1) throw new IllegalArgumentException("feedSize must be >= 1");
    }

    /** The path part of the base URL, e.g. "/" or "/archive/": every site-internal link starts with it. */
    public String basePath() {
        String path = baseUrl.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** The same settings with another base URL (the CLI's {@code --base-url}). */
    public SiteConfig withBaseUrl(URI newBaseUrl) {
        return new SiteConfig(
                title,
                description,
                newBaseUrl,
                language,
                timezone,
                pageSize,
                permalink,
                rawHtml,
                feedSize,
                feedFullContent,
                gitDates,
                images);
    }

    /** The same settings with other image options (the CLI's {@code --no-images}). */
    public SiteConfig withImages(ImageOptions newImages) {
        return new SiteConfig(
                title,
                description,
                baseUrl,
                language,
                timezone,
                pageSize,
                permalink,
                rawHtml,
                feedSize,
                feedFullContent,
                gitDates,
                newImages);
    }

    /** The absolute URL of a site path that starts with the base path. */
    public String absolute(String sitePath) {
        String origin = baseUrl.getScheme() + "://" + baseUrl.getRawAuthority();
        return origin + sitePath;
    }
}
