package galley.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import galley.TestProject;
import galley.config.SiteConfig;
import galley.config.SiteConfigLoader;
import galley.content.ArchiveLoader;
import galley.content.ContentScanner;
import galley.content.LoadOptions;
import galley.content.SourceTree;
import galley.diag.Diagnostics;
import galley.markdown.MarkdownRenderer;
import galley.model.Archive;
import galley.model.Article;
import galley.model.Correction;
import galley.model.Image;
import galley.model.Term;
import galley.plan.DataFile;
import galley.plan.PagePlan;
import galley.render.DataFiles;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves {@link ArticleFields} right: every component of {@link Article} is changed in turn, and
 * the outputs that show the article are compared. What lists show (a teaser, a summary feed's
 * entry, a search entry, a sitemap line) may change only for a {@link ArticleFields.Shown#LISTS}
 * component; the article's own page (and a full-content feed) only for a LISTS or
 * {@link ArticleFields.Shown#OWN_PAGE} one. A view that starts showing another component without
 * its declaration fails here, before an incremental build can ship a stale page.
 */
class ArticleFieldsTest {

    @TempDir
    static Path tmp;

    static SiteConfig config;
    static SourceTree tree;
    static MarkdownRenderer markdown;
    static Archive archive;
    static Article subject;

    @BeforeAll
    static void load() throws Exception {
        TestProject p = TestProject.write(tmp.resolve("p"), TestProject.BASE + """
                -- content/authors/bo-kim.md --
                ---
                name: Bo Kim
                ---
                Bo edits.
                -- content/media/pier.jpg --
                not really a picture
                -- content/articles/2025/09/older.md --
                ---
                title: "Older story"
                date: 2025-09-01T08:00:00Z
                section: Port
                authors: [ann-lee]
                tags: [Harbour, Ferries]
                ---
                The older story.
                -- content/articles/2025/10/subject.md --
                ---
                title: "The subject"
                date: 2025-10-01T08:00:00Z
                section: Port
                authors: [ann-lee]
                tags: [Harbour]
                summary: "What the subject says."
                image:
                  src: /media/pier.jpg
                  alt: "The pier"
                corrections:
                  - date: 2025-10-02T08:00:00Z
                    text: "An earlier version misspelt the pier."
                ---
                The first paragraph of the subject.

                A link to [a story that is not there](missing.md) and to [the older one](../09/older.md).
                -- content/articles/2025/11/newer.md --
                ---
                title: "Newer story"
                date: 2025-11-01T08:00:00Z
                section: Port
                authors: [bo-kim]
                tags: [Harbour]
                ---
                The newer story.
                """);
        Diagnostics diagnostics = new Diagnostics();
        config = SiteConfigLoader.load(p.root(), diagnostics).orElseThrow();
        tree = ContentScanner.scan(p.root(), diagnostics);
        markdown = new MarkdownRenderer(config.rawHtml());
        archive = ArchiveLoader.load(
                tree, config, new LoadOptions(Instant.parse(TestProject.NOW), false, false), markdown, diagnostics);
        subject = archive.articles().stream()
                .filter(a -> a.title().equals("The subject"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyComponentOfArticleIsDeclared() {
        for (RecordComponent c : Article.class.getRecordComponents()) ArticleFields.of(c.getName()); // throws if not
    }

    @Test
    void aChangeShowsOnlyWhereItsDeclarationSays() throws Exception {
        Seen before = shown(subject);
        assertFalse(before.ownPage().isEmpty());
        List<String> problems = new ArrayList<>();
        for (RecordComponent c : Article.class.getRecordComponents()) {
            Article changed = with(
                    subject, c.getName(), mutate(c.getName(), c.getAccessor().invoke(subject)));
            assertFalse(changed.equals(subject), c.getName() + ": the mutation must change the article");
            Seen after = shown(changed);
            ArticleFields.Shown declared = ArticleFields.of(c.getName());
            if (!after.lists().equals(before.lists()) && declared != ArticleFields.Shown.LISTS) {
                problems.add(c.getName() + " changes what lists show, but is declared " + declared);
            }
            if (!after.ownPage().equals(before.ownPage()) && declared == ArticleFields.Shown.PLAN) {
                problems.add(c.getName() + " changes the article's own page, but is declared " + declared);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aBodyEditIsAChangeOfOwnPageComponentsAlone() {
        Article edited = subject.withBodyFacts("another hash", subject.wordCount() + 100);
        assertTrue(ArticleFields.onlyOwnPageDiffers(subject, edited));
        assertFalse(ArticleFields.onlyOwnPageDiffers(subject, with(subject, "title", "Another title")));
        assertFalse(ArticleFields.onlyOwnPageDiffers(subject, with(subject, "aliases", List.of("/old/subject.html"))));
    }

    /** What the outputs that show {@code a} show of it, as text. */
    record Seen(String lists, String ownPage) {}

    private static Seen shown(Article a) {
        List<Article> articles = new ArrayList<>(archive.articles());
        articles.replaceAll(x -> x.source().equals(subject.source()) ? a : x);
        Archive changed = Archive.of(
                articles,
                archive.authors(),
                archive.sections(),
                withTerms(archive.tags(), a.tags()),
                archive.sectionPages(),
                archive.tagPages(),
                archive.nextScheduled());
        Map<String, Term> sections = new LinkedHashMap<>(changed.sections());
        sections.putIfAbsent(a.section().slug(), a.section());
        changed = Archive.of(
                articles,
                archive.authors(),
                sections,
                changed.tags(),
                archive.sectionPages(),
                archive.tagPages(),
                archive.nextScheduled());
        PageViews views = new PageViews(config, changed, tree, markdown, new Diagnostics(), "test");
        String lists = views.teaser(a) + "\n" + views.searchEntry(a) + "\n" + a.lastModified() + "\n"
                + new String(DataFiles.render(
                        new DataFile.Feed(DataFile.FeedFormat.ATOM, "Feed", "/", List.of(a), false), views));
        Diagnostics sink = new Diagnostics();
        String ownPage = views.model(new PagePlan.ArticlePage(a), sink) + "\n" + sink.sorted() + "\n"
                + new String(DataFiles.render(
                        new DataFile.Feed(DataFile.FeedFormat.ATOM, "Feed", "/", List.of(a), true), views));
        return new Seen(lists, ownPage);
    }

    private static Map<String, Term> withTerms(Map<String, Term> terms, List<Term> more) {
        Map<String, Term> all = new LinkedHashMap<>(terms);
        for (Term t : more) all.putIfAbsent(t.slug(), t);
        return all;
    }

    /** Another value of the component {@code name}: one that a reader could see if a view showed it. */
    private static Object mutate(String name, Object value) {
        Instant date = subject.date();
        return switch (name) {
            case "source" ->
                archive.articles().stream()
                        .map(Article::source)
                        .filter(s -> !s.equals(subject.source()))
                        .findFirst()
                        .orElseThrow();
            case "bodyOffset" -> (int) value + 4;
            case "bodyLine" -> (int) value + 3;
            case "slug" -> value + "-b";
            case "path" -> ((String) value).replace("/subject/", "/subject-moved/");
            case "title", "excerpt", "contentHash" -> value + " (changed)";
            case "date" -> date.plus(Duration.ofHours(5));
            case "updated" -> Optional.of(date.plus(Duration.ofDays(3)));
            case "firstCommitted" -> Optional.of(date.minus(Duration.ofDays(1)));
            case "section" -> Term.of("Weather");
            case "authors" -> List.of("ann-lee", "bo-kim");
            case "tags" -> List.of(Term.of("Harbour"), Term.of("Ferries"));
            case "summary" -> Optional.of("Another summary.");
            case "image" -> Optional.of(new Image("/media/pier.jpg", "Another alt text", "A caption", "A credit"));
            case "draft" -> !(boolean) value;
            case "aliases" -> List.of("/old/subject.html");
            case "corrections" -> List.of(new Correction(date.plus(Duration.ofDays(4)), "Another correction."));
            case "wordCount" -> (int) value + 2000;
            case "articleLinks" -> List.of("elsewhere.md");
            case "extra" -> Map.of("kicker", "Exclusive");
            default -> fail("no mutation for Article." + name + ": add one to ArticleFieldsTest.mutate");
        };
    }

    /** {@code a} with component {@code name} set to {@code value}, through the canonical constructor. */
    private static Article with(Article a, String name, Object value) {
        try {
            RecordComponent[] components = Article.class.getRecordComponents();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = components[i].getName().equals(name)
                        ? value
                        : components[i].getAccessor().invoke(a);
            }
            Class<?>[] types =
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return Article.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
