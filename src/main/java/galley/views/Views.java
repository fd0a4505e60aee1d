package galley.views;

import galley.media.ImageSize;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The records templates see. They hold display-ready values (URLs with the base path, dates
 * formatted in the site's time zone, Markdown already turned into HTML) and nothing else: no
 * template can reach the archive, a file or a Java class through them.
 *
 * <p>Fields named {@code ...Html} carry trusted HTML (rendered Markdown); templates print them
 * with {@code ?no_esc}. Everything else is plain text and is escaped by the {@code .ftlh} output format.
 */
public final class Views {

    private Views() {}

    /** The site, the same on every page. */
    public record Site(
            String title,
            String description,
            String language,
            String baseUrl,
            String basePath,
            String homeUrl,
            String cssUrl,
            List<Link> sections,
            String tagsUrl,
            String authorsUrl,
            String sectionsUrl,
            String archiveUrl,
            String searchUrl,
            String searchScriptUrl,
            String generator) {
        public Site {
            sections = List.copyOf(sections);
        }
    }

    /** What every page has: title, canonical URL, description, feeds and a breadcrumb trail. */
    public record Page(
            String kind,
            String title,
            String canonicalUrl,
            String description,
            List<Feed> feeds,
            List<Link> breadcrumbs,
            List<Meta> meta,
            String jsonLd) {
        public Page {
            feeds = List.copyOf(feeds);
            breadcrumbs = List.copyOf(breadcrumbs);
            meta = List.copyOf(meta);
        }
    }

    /** A {@code <meta>} tag: {@code attribute} is "property" (Open Graph) or "name" (Twitter). */
    public record Meta(String attribute, String key, String content) {}

    public record Link(String name, String url) {}

    public record Feed(String title, String url, String type) {}

    /** A moment shown to readers: {@code iso} for {@code <time datetime>}, {@code display} in the site language and zone. */
    public record Moment(String iso, String display, String date) {}

    /**
     * An image: its URL, alt text, caption and credit, and, for a file in {@code content/media/}
     * whose header Galley can read, its intrinsic size (for {@code width} and {@code height}) and
     * its resized copies.
     *
     * @param url the original's URL (published as it is)
     * @param src what {@code <img src>} shows: the widest resized copy in the original's format, or
     *     the original when it has none
     * @param srcset the resized copies in the original's format ({@code "a.320w.jpg 320w, ..."}),
     *     empty when there are none
     * @param webpSrcset the WebP copies, for {@code <source type="image/webp">}; empty when none
     * @param sizes how wide the image is shown in the article column, for {@code sizes}
     */
    public record Picture(
            String url,
            String alt,
            String caption,
            String credit,
            Optional<ImageSize> size,
            String src,
            String srcset,
            String webpSrcset,
            String sizes) {
        /** An image without resized copies (an external URL, an icon, a small photo). */
        public Picture(String url, String alt, String caption, String credit, Optional<ImageSize> size) {
            this(url, alt, caption, credit, size, url, "", "", "");
        }
    }

    public record Byline(
            String name, String url, String role, Optional<String> photoUrl, String bioHtml, List<Link> links) {
        public Byline {
            links = List.copyOf(links);
        }
    }

    public record CorrectionNote(Moment date, String textHtml) {}

    /** An article on a list: everything a teaser needs, no body. */
    public record Teaser(
            String title,
            String url,
            Moment date,
            Link section,
            String description,
            Optional<Picture> image,
            List<Link> authors) {
        public Teaser {
            authors = List.copyOf(authors);
        }
    }

    /** The whole article, for its own page. */
    public record ArticleView(
            String title,
            String url,
            String absoluteUrl,
            Moment date,
            Optional<Moment> updated,
            Optional<Moment> firstCommitted,
            Link section,
            Optional<String> summary,
            Optional<Picture> image,
            List<Byline> authors,
            List<Link> tags,
            String bodyHtml,
            int readingMinutes,
            List<CorrectionNote> corrections,
            Optional<Teaser> previous,
            Optional<Teaser> next,
            List<Teaser> related,
            Map<String, Object> extra) {
        public ArticleView {
            Objects.requireNonNull(bodyHtml, "bodyHtml");
            authors = List.copyOf(authors);
            tags = List.copyOf(tags);
            corrections = List.copyOf(corrections);
            related = List.copyOf(related);
            extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }
    }

    /**
     * Links between the pages of one list. Stable pagination (README): numbered pages count from
     * the oldest end, so no totals are shown; {@code label} is "Page 3" or empty on the front page.
     */
    public record Pager(
            Optional<String> newerUrl, Optional<String> olderUrl, Optional<String> latestUrl, String label) {}

    /** The head of a list page: what the list is (a section, a tag, an author, a day...). */
    public record ListHeading(
            String title,
            String kicker,
            String summary,
            String descriptionHtml,
            Optional<Byline> author,
            Optional<Link> up) {}

    /** @param earlier the previous period with articles (date lists only), {@code later} the next one */
    public record ListView(
            ListHeading heading, List<Teaser> articles, Pager pager, Optional<Link> earlier, Optional<Link> later) {
        public ListView {
            articles = List.copyOf(articles);
        }
    }

    /** One entry of an index (tags A-Z, authors, sections): a name, its page, how many articles. */
    public record IndexEntry(String name, String url, int count, String note) {}

    /** @param url the group's own page (a year of the archive), or empty */
    public record IndexGroup(String label, String url, List<IndexEntry> entries) {
        public IndexGroup {
            entries = List.copyOf(entries);
        }
    }

    /** @param style "list", or "calendar" for the archive: twelve months a year, those without articles not linked */
    public record IndexView(String title, String intro, String style, List<IndexGroup> groups) {
        public IndexView {
            groups = List.copyOf(groups);
        }
    }

    /** A page that only points elsewhere (an article's old URL). */
    public record RedirectView(String targetUrl, String targetTitle) {}

    /** The search page: where its script finds the list of yearly indexes. */
    public record SearchView(String manifestUrl) {}
}
