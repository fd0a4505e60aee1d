package galley.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One article's metadata. The Markdown body is not held here: it is read again from
 * {@code source} when the article's page is rendered, so a million-article archive does not keep
 * every body in memory (issue #4).
 *
 * @param source the file, relative to the project root
 * @param bodyOffset where the body starts in the normalized file text
 * @param bodyLine the 1-based line the body starts on
 * @param path the article's site path, e.g. {@code /2025/11/24/slug/} (without the base URL's path)
 * @param updated as written in the front matter; else, with {@code git_dates}, the last commit's date
 * @param firstCommitted with {@code git_dates}, the date of the first commit of the file
 * @param excerpt plain text of the first paragraph where there is no summary, else empty
 * @param articleLinks the relative {@code .md} links in the body, as written (their targets' URLs
 *     are part of the rendered body, so caches must know them without reading the body)
 * @param extra front-matter keys the format does not define, handed to templates as written
 * @param contentHash a hash of the file's bytes, for caches
 */
public record Article(
        Path source,
        int bodyOffset,
        int bodyLine,
        String slug,
        String path,
        String title,
        Instant date,
        Optional<Instant> updated,
        Optional<Instant> firstCommitted,
        Term section,
        List<String> authors,
        List<Term> tags,
        Optional<String> summary,
        String excerpt,
        Optional<Image> image,
        boolean draft,
        List<String> aliases,
        List<Correction> corrections,
        int wordCount,
        List<String> articleLinks,
        Map<String, Object> extra,
        String contentHash) {

    public Article {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(firstCommitted, "firstCommitted");
        Objects.requireNonNull(section, "section");
        authors = List.copyOf(authors);
        tags = List.copyOf(tags);
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(excerpt, "excerpt");
        Objects.requireNonNull(image, "image");
        aliases = List.copyOf(aliases);
        corrections = List.copyOf(corrections);
        articleLinks = List.copyOf(articleLinks);
        // Insertion order, as written: Map.copyOf would iterate in a different order in every JVM run.
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        Objects.requireNonNull(contentHash, "contentHash");
    }

    /**
     * This article with another body's hash and word count. Two readings of one file whose
     * articles are equal after this differ only in the body below what teasers show: the
     * incremental build re-renders the article's page and its full-content feeds, nothing else.
     */
    public Article withBodyFacts(String contentHash, int wordCount) {
        return new Article(
                source,
                bodyOffset,
                bodyLine,
                slug,
                path,
                title,
                date,
                updated,
                firstCommitted,
                section,
                authors,
                tags,
                summary,
                excerpt,
                image,
                draft,
                aliases,
                corrections,
                wordCount,
                articleLinks,
                extra,
                contentHash);
    }

    /** The last time the article changed: the newest of date, updated and correction dates. */
    public Instant lastModified() {
        Instant last = updated.filter(u -> u.isAfter(date)).orElse(date);
        for (Correction c : corrections) {
            if (c.date().isAfter(last)) last = c.date();
        }
        return last;
    }

    /** The summary if written, else the first paragraph. */
    public String description() {
        return summary.orElse(excerpt);
    }
}
