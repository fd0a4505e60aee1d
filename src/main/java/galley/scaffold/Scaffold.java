package galley.scaffold;

import galley.model.Slug;
import galley.scaffold.NewFiles.NewFile;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The text of new sources, in the content format (docs/content-format.md). Pure: writes nothing. */
public final class Scaffold {

    /** Front-matter dates: always with a numeric offset, as the format's examples write them. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    private Scaffold() {}

    /** What {@code galley new} is asked for. {@code slug} is empty to take it from the title. */
    public record ArticleRequest(
            String title,
            ZonedDateTime date,
            String section,
            List<String> authors,
            List<String> tags,
            boolean draft,
            Optional<String> slug) {
        public ArticleRequest {
            authors = List.copyOf(authors);
            tags = List.copyOf(tags);
        }

        /** The article's slug: the given one, or the title's by the format's slug rule. */
        public String resolvedSlug() {
            return slug.orElseGet(() -> Slug.of(title));
        }
    }

    /**
     * {@code content/articles/YYYY/MM/<slug>.md}, the year and month of its date (in the site's
     * time zone, which the caller gave the date), with complete front matter: the optional keys
     * the format knows are there as comments to fill in, and the body is left for the author.
     */
    public static NewFile article(ArticleRequest r) {
        String slug = r.resolvedSlug();
        Path path = Path.of(
                "content",
                "articles",
                String.format(Locale.ROOT, "%04d", r.date().getYear()),
                String.format(Locale.ROOT, "%02d", r.date().getMonthValue()),
                slug + ".md");
        StringBuilder t = new StringBuilder("---\n");
        t.append("title: ").append(YamlText.quoted(r.title())).append('\n');
        t.append("date: ")
                .append(DATE.format(r.date().truncatedTo(ChronoUnit.SECONDS)))
                .append('\n');
        t.append("section: ").append(YamlText.quoted(r.section())).append('\n');
        t.append("authors: ").append(YamlText.list(r.authors())).append('\n');
        t.append("tags: ").append(YamlText.list(r.tags())).append('\n');
        t.append("# summary: \"One sentence for lists, feeds and search results.\"\n");
        t.append("# image:\n");
        t.append("#   src: /media/")
                .append(path.getName(2))
                .append('/')
                .append(path.getName(3))
                .append('/')
                .append(slug)
                .append(".jpg\n");
        t.append("#   alt: \"What the picture shows, for readers who cannot see it\"\n");
        t.append("#   caption: \"\"\n");
        t.append("#   credit: \"\"\n");
        if (r.draft()) t.append("draft: true\n");
        t.append("---\n");
        return new NewFile(path, t.toString());
    }

    /** {@code content/authors/<slug>.md} for an author called {@code name}. */
    public static NewFile author(String name, Optional<String> role, String slug) {
        StringBuilder t = new StringBuilder("---\n");
        t.append("name: ").append(YamlText.quoted(name)).append('\n');
        if (role.isPresent())
            t.append("role: ").append(YamlText.quoted(role.get())).append('\n');
        else t.append("# role: \"Reporter\"\n");
        t.append("# photo: /media/authors/").append(slug).append(".jpg\n");
        t.append("# links: { x: \"https://x.com/...\", email: \"...\" }\n");
        t.append("---\n");
        return new NewFile(Path.of("content", "authors", slug + ".md"), t.toString());
    }

    /**
     * A new archive that builds: {@code content/site.yaml} with every key (the optional ones as
     * comments, each explained), one author, one example article dated {@code now}, and a
     * {@code .gitignore} for the generated site and the build state.
     */
    public static List<NewFile> archive(String title, String baseUrl, ZoneId timezone, ZonedDateTime now) {
        List<NewFile> files = new ArrayList<>();
        files.add(new NewFile(Path.of("content", "site.yaml"), siteYaml(title, baseUrl, timezone)));
        String author = "newsroom";
        files.add(new NewFile(
                Path.of("content", "authors", author + ".md"),
                "---\nname: " + YamlText.quoted(title + " newsroom") + "\nrole: \"Staff\"\n---\n"
                        + "Reporting by the staff of " + title + ".\n"));
        ZonedDateTime date = now.withZoneSameInstant(timezone);
        NewFile article = article(new ArticleRequest(
                "Welcome to " + title,
                date,
                "News",
                List.of(author),
                List.of("Announcements"),
                false,
                Optional.of("welcome")));
        files.add(new NewFile(
                article.path(),
                article.text()
                                .replace(
                                        "# summary: \"One sentence for lists, feeds and search results.\"",
                                        "summary: \"The first article of the archive.\"")
                        + "This is the first article. Add your own with `galley new \"Headline\" --section News --author "
                        + author + "`,\nthen build the site with `galley build` and open `site/index.html`.\n"));
        files.add(new NewFile(
                Path.of(".gitignore"), "# Generated by galley build; never edited by hand.\n/site/\n/.galley/\n"));
        return files;
    }

    private static String siteYaml(String title, String baseUrl, ZoneId timezone) {
        return """
                # Site settings (docs/content-format.md). Unknown keys are errors, to catch typos.
                title: %s
                # The address the site is published at; links in feeds and sitemaps start with it.
                # It may carry a sub-path, e.g. https://example.org/archive/
                base_url: %s
                # The language of the articles (a BCP 47 tag such as en, pt-PT, uk).
                language: en
                # Decides the day and month an article belongs to, and what a bare date means.
                timezone: %s
                # Articles per list page (home, sections, tags, authors, dates).
                page_size: 20
                # The URL of an article; tokens :year :month :day :slug :section.
                permalink: /:year/:month/:day/:slug/
                # One line about the site: the home page, <meta name="description"> and the site feed.
                # description: "Independent news from ..."
                # Raw HTML in article bodies: keep (default), sanitize or escape.
                # raw_html: keep
                # How many newest articles each feed carries.
                # feed_size: 50
                # Which feeds carry whole articles rather than summaries: site (default), all or none.
                # feed_full_content: site
                # true: an article without updated: gets the date of the last commit that changed its file
                # (the project must be in a git repository with its full history; a shallow clone is reported).
                # git_dates: false
                """.formatted(YamlText.quoted(title), baseUrl, timezone.getId());
    }
}
