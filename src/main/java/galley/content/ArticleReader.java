package galley.content;

import galley.config.SiteConfig;
import galley.diag.Diagnostics;
import galley.diag.NearestName;
import galley.diag.SourcePosition;
import galley.markdown.MarkdownRenderer;
import galley.markdown.UrlSafety;
import galley.model.Article;
import galley.model.Correction;
import galley.model.Image;
import galley.model.Permalink;
import galley.model.Slug;
import galley.model.Term;
import galley.yaml.YamlNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one article file into an {@link Article}, reporting every problem in it. Stateless and thread-safe. */
public final class ArticleReader {

    /** The keys an article must have; a near spelling of a missing one is reported by the missing key's error. */
    static final Set<String> REQUIRED_KEYS = Set.of("title", "date", "section", "authors");

    static final Set<String> KNOWN_KEYS = Set.of(
            "title",
            "date",
            "updated",
            "section",
            "authors",
            "tags",
            "summary",
            "image",
            "slug",
            "draft",
            "aliases",
            "corrections");
    private static final Set<String> IMAGE_KEYS = Set.of("src", "alt", "caption", "credit");
    private static final int EXCERPT_CHARS = 280;
    /**
     * Most tags one article may have. Every tag gets a page and two feeds, and each feed entry
     * lists the article's tags, so the output grows with the square of this number: 10,000 tags
     * on one article would write gigabytes (issue #5). Real articles have a few dozen at most.
     */
    static final int MAX_TAGS = 200;

    private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2[eEfF]|5[cC])");
    private static final String DATE_FIX = "use ISO-8601 such as 2025-11-24T09:12:00+02:00 or 2025-11-24";

    private final SiteConfig config;
    private final MarkdownRenderer markdown;

    private final GitDates gitDates;

    ArticleReader(SiteConfig config, MarkdownRenderer markdown, GitDates gitDates) {
        this.config = config;
        this.markdown = markdown;
        this.gitDates = gitDates;
    }

    /** An article with the positions later cross-checks report at. */
    public record Loaded(
            Article article,
            SourcePosition slugAt,
            List<Fields.Item> authors,
            List<Fields.Item> tags,
            Optional<Fields.Item> section,
            Optional<Fields.Item> imageSrc) {}

    Optional<Loaded> read(Path file, SourceFile source, Diagnostics diagnostics) {
        Optional<FrontMatter> parsed = FrontMatter.parse(file, source.text(), diagnostics);
        if (parsed.isEmpty()) return Optional.empty();
        FrontMatter fm = parsed.get();
        Fields f = new Fields(fm.fields(), diagnostics);

        Optional<String> title =
                f.requiredText("title", "add a line such as title: \"Council approves harbour budget\"");
        Optional<Instant> date = f.requiredText("date", DATE_FIX).flatMap(raw -> date(f, "date", raw));
        Optional<GitDates.Dates> committed = gitDates.of(file);
        // Written wins: git knows when the file changed, an author knows when the story did.
        Optional<String> updatedRaw = f.text("updated");
        Optional<Instant> updated = updatedRaw.isPresent()
                ? updatedRaw.flatMap(raw -> date(f, "updated", raw))
                : committed.map(GitDates.Dates::last);
        Optional<String> sectionName = f.requiredText("section", "add a line such as section: Politics");
        List<Fields.Item> authors = f.texts("authors");
        if (authors.isEmpty() && !fm.fields().entries().containsKey("authors")) {
            f.missing("authors", "add a line such as authors: [jane-doe] naming files in content/authors/");
        } else if (authors.isEmpty()) {
            f.error(f.at("authors"), "authors is empty: name at least one file in content/authors/");
        }
        List<Fields.Item> tags = f.texts("tags");
        Optional<String> summary = f.text("summary").filter(s -> !s.isBlank());
        boolean draft = f.bool("draft").orElse(false);
        Optional<Image> image = image(f);
        List<Fields.Item> aliases = f.texts("aliases");
        for (Fields.Item alias : aliases) checkAlias(f, alias);
        List<Correction> corrections = corrections(f);

        String slug = slug(f, file);
        // Term refuses an empty slug, so a name without letters or digits ("!") is reported here
        // rather than failing the build with an internal error (found by LoaderFuzzTest).
        Optional<String> sectionSlug = sectionName.map(Slug::of);
        sectionSlug
                .filter(String::isEmpty)
                .ifPresent(s ->
                        f.error(f.at("section"), "section \"" + sectionName.get() + "\" has no letters or digits"));
        sectionSlug
                .filter(s -> !s.isEmpty())
                .flatMap(s ->
                        Slug.lengthProblem("section \"" + sectionName.get() + "\"", s, "shorten the section's name"))
                .ifPresent(problem -> f.error(f.at("section"), problem));
        Optional<Term> section =
                sectionSlug.filter(s -> !s.isEmpty() && Slug.fits(s)).map(s -> new Term(sectionName.get(), s));
        List<Term> tagTerms = new ArrayList<>();
        for (Fields.Item tag : tags) {
            String tagSlug = Slug.of(tag.value());
            if (tagSlug.isEmpty()) {
                f.error(tag.at(), "tag \"" + tag.value() + "\" has no letters or digits, so it cannot have a page");
            } else if (!Slug.fits(tagSlug)) {
                f.error(
                        tag.at(),
                        Slug.lengthProblem("tag \"" + tag.value() + "\"", tagSlug, "shorten the tag")
                                .orElseThrow());
            } else if (tagTerms.stream().noneMatch(t -> t.slug().equals(tagSlug))) {
                tagTerms.add(new Term(tag.value(), tagSlug));
            }
        }
        if (tagTerms.size() > MAX_TAGS) {
            f.error(
                    f.at("tags"),
                    "too many tags: " + tagTerms.size() + "; an article may have at most " + MAX_TAGS
                            + " (each tag gets its own page and feeds)");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        fm.fields().entries().forEach((key, value) -> {
            if (!KNOWN_KEYS.contains(key)) {
                extra.put(key, value.toPlain());
                nearMiss(key)
                        // A misspelt required key is already an error that names it.
                        .filter(k -> fm.fields().entries().containsKey(k) || !REQUIRED_KEYS.contains(k))
                        .ifPresent(k -> diagnostics.warning(
                                fm.fields().keyAt(key),
                                "unknown key \"" + key + "\" (did you mean \"" + k
                                        + "\"?); it is passed to templates as is"));
            }
        });

        if (f.hasErrors() || title.isEmpty() || date.isEmpty() || section.isEmpty()) {
            return Optional.empty();
        }
        LocalDate day = date.get().atZone(config.timezone()).toLocalDate();
        String path =
                Permalink.expand(config.permalink(), day, slug, section.get().slug());
        // Only shown where there is no summary (Article.description); parsing the first paragraph
        // of every article for nothing was 3% of a cold build's Java samples.
        String excerpt = summary.isPresent() ? "" : markdown.excerpt(fm.body(), EXCERPT_CHARS);
        Article article = new Article(
                file,
                fm.bodyOffset(),
                fm.bodyLine(),
                slug,
                path,
                title.get(),
                date.get(),
                updated,
                committed.map(GitDates.Dates::first),
                section.get(),
                authors.stream().map(Fields.Item::value).toList(),
                tagTerms,
                summary,
                excerpt,
                image,
                draft,
                aliases.stream().map(Fields.Item::value).toList(),
                corrections,
                wordCount(fm.body()),
                articleLinks(fm.body()),
                extra,
                source.hash());
        Optional<Fields.Item> sectionItem = Optional.of(new Fields.Item(sectionName.get(), f.at("section")));
        Optional<Fields.Item> imageSrc = image.map(i -> new Fields.Item(i.src(), imageSrcAt(fm.fields())));
        SourcePosition slugAt = fm.fields().entries().containsKey("slug") ? f.at("slug") : SourcePosition.of(file, 1);
        return Optional.of(new Loaded(article, slugAt, authors, tags, sectionItem, imageSrc));
    }

    private Optional<Instant> date(Fields f, String key, String raw) {
        Optional<Instant> parsed = Dates.parse(raw, config.timezone());
        if (parsed.isEmpty()) f.error(f.at(key), "unparseable " + key + " \"" + raw + "\"; " + DATE_FIX);
        return parsed;
    }

    private static String slug(Fields f, Path file) {
        Optional<String> written = f.text("slug");
        if (written.isPresent()) {
            if (!Slug.isValid(written.get())) {
                // Suggest the slug of what was written, else of the file name (".." has no slug of its own).
                String name = file.getFileName().toString();
                String suggestion = Slug.of(written.get()).isEmpty()
                        ? Slug.of(name.substring(0, name.length() - 3))
                        : Slug.of(written.get());
                f.error(
                        f.at("slug"),
                        "slug \"" + written.get() + "\" is not a slug; use lower-case letters, digits and hyphens"
                                + (suggestion.isEmpty() ? "" : ", e.g. \"" + suggestion + "\""));
                return "invalid";
            }
            Optional<String> tooLong =
                    Slug.lengthProblem("slug \"" + written.get() + "\"", written.get(), "write a shorter slug");
            if (tooLong.isPresent()) {
                f.error(f.at("slug"), tooLong.get());
                return "invalid";
            }
            return written.get();
        }
        String name = file.getFileName().toString();
        String fromName = Slug.of(name.substring(0, name.length() - 3));
        if (fromName.isEmpty()) {
            f.error(
                    SourcePosition.of(file, 1),
                    "the file name gives no slug; rename the file or add slug: to the front matter");
            return "invalid";
        }
        Optional<String> tooLong = Slug.lengthProblem(
                "the file name", fromName, "rename the file or add a shorter slug: to the front matter");
        if (tooLong.isPresent()) {
            f.error(SourcePosition.of(file, 1), tooLong.get());
            return "invalid";
        }
        return fromName;
    }

    private static Optional<Image> image(Fields f) {
        Optional<YamlNode.Mapping> node = f.mapping("image");
        if (node.isEmpty()) return Optional.empty();
        YamlNode.Mapping map = node.get();
        for (String key : map.entries().keySet()) {
            if (!IMAGE_KEYS.contains(key))
                f.error(map.keyAt(key), "unknown image key \"" + key + "\"; known: src, alt, caption, credit");
        }
        String[] values = new String[4];
        String[] keys = {"src", "alt", "caption", "credit"};
        for (int i = 0; i < keys.length; i++) {
            YamlNode v = map.entries().get(keys[i]);
            if (v == null || v instanceof YamlNode.Scalar s && s.isNull()) {
                values[i] = "";
            } else if (v instanceof YamlNode.Scalar s) {
                values[i] = s.value().strip();
            } else {
                f.error(v.at(), "image " + keys[i] + " must be a text, not " + v.kindName());
                values[i] = "";
            }
        }
        if (values[0].isEmpty()) {
            f.error(map.at(), "image needs src: the image's path, e.g. /media/2025/11/photo.jpg");
            return Optional.empty();
        }
        if (UrlSafety.isDangerous(values[0])) {
            f.error(
                    map.find("src").map(YamlNode::at).orElse(map.at()),
                    "image src must not be a javascript:, vbscript: or data: URL");
            return Optional.empty();
        }
        return Optional.of(new Image(values[0], values[1], values[2], values[3]));
    }

    private static SourcePosition imageSrcAt(YamlNode.Mapping fields) {
        return fields.find("image")
                .filter(n -> n instanceof YamlNode.Mapping)
                .map(n -> ((YamlNode.Mapping) n).find("src").map(YamlNode::at).orElse(n.at()))
                .orElse(fields.at());
    }

    private static void checkAlias(Fields f, Fields.Item alias) {
        String a = alias.value();
        if (!a.startsWith("/")
                || a.startsWith("//")
                || a.contains("\\")
                || a.contains("?")
                || a.contains("#")
                || Arrays.asList(a.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
            f.error(
                    alias.at(),
                    "alias \"" + a + "\" must be a site path such as /old/url/ (starting with /, without .., ? or #)");
        } else if (ENCODED_SEPARATOR.matcher(a).find()) {
            // A server decodes %2e%2e and %2f before it looks for the file, so such an alias would
            // never be served from where it is written (issue #5).
            f.error(
                    alias.at(),
                    "alias \"" + a
                            + "\" must not encode a dot, slash or backslash (%2e, %2f, %5c); write the path as it is");
        }
    }

    private List<Correction> corrections(Fields f) {
        List<Correction> result = new ArrayList<>();
        Optional<YamlNode.Sequence> list = f.sequence("corrections");
        if (list.isEmpty()) return result;
        for (YamlNode item : list.get().items()) {
            if (!(item instanceof YamlNode.Mapping m)) {
                f.error(item.at(), "each correction must be a mapping with date and text, not " + item.kindName());
                continue;
            }
            Optional<String> rawDate =
                    m.find("date").filter(n -> n instanceof YamlNode.Scalar).map(n -> ((YamlNode.Scalar) n).value());
            Optional<String> text = m.find("text")
                    .filter(n -> n instanceof YamlNode.Scalar)
                    .map(n -> ((YamlNode.Scalar) n).value().strip());
            if (rawDate.isEmpty() || text.isEmpty() || text.get().isEmpty()) {
                f.error(
                        m.at(),
                        "a correction needs date and text, e.g. { date: 2025-11-25, text: \"An earlier version misspelled ...\" }");
                continue;
            }
            Optional<Instant> d = Dates.parse(rawDate.get(), config.timezone());
            if (d.isEmpty()) {
                f.error(
                        m.find("date").map(YamlNode::at).orElse(m.at()),
                        "unparseable correction date \"" + rawDate.get() + "\"; " + DATE_FIX);
                continue;
            }
            result.add(new Correction(d.get(), text.get()));
        }
        return result;
    }

    private static Optional<String> nearMiss(String key) {
        return NearestName.among(key, KNOWN_KEYS);
    }

    private static final Pattern MD_LINK = Pattern.compile(
            "(?:\\]\\(\\s*<?|^\\s{0,3}\\[[^\\]]+\\]:\\s*<?)([^\\s)>#?]+\\.md)(?=[#?)>\\s]|$)", Pattern.MULTILINE);

    /** Relative links to other articles' .md files (inline and reference style), in order, without repeats. */
    static List<String> articleLinks(String body) {
        if (!body.contains(".md")) return List.of();
        LinkedHashSet<String> links = new LinkedHashSet<>();
        Matcher m = MD_LINK.matcher(body);
        while (m.find()) {
            String target = m.group(1);
            if (!target.contains("://") && !target.startsWith("/")) links.add(target);
        }
        return List.copyOf(links);
    }

    /** {@link Character#isLetterOrDigit(char)} for every char, looked up: the call was 3% of a cold build's CPU in C1 code. */
    private static final boolean[] LETTER_OR_DIGIT = new boolean[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) LETTER_OR_DIGIT[c] = Character.isLetterOrDigit((char) c);
    }

    /** Words in the body: enough for a reading time, without parsing the Markdown. */
    static int wordCount(String body) {
        int words = 0;
        boolean inWord = false;
        // In blocks of chars: String.charAt per character is slow in C1-compiled code (see Utf8Sink).
        char[] block = new char[Math.min(body.length(), 4096)];
        for (int at = 0; at < body.length(); at += block.length) {
            int n = Math.min(block.length, body.length() - at);
            body.getChars(at, at + n, block, 0);
            for (int i = 0; i < n; i++) {
                char c = block[i];
                boolean letter = LETTER_OR_DIGIT[c];
                if (letter && !inWord) words++;
                inWord = letter;
            }
        }
        return words;
    }
}
