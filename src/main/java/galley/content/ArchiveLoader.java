package galley.content;

import galley.config.SiteConfig;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.NearestName;
import galley.diag.Progress;
import galley.diag.SourcePosition;
import galley.markdown.MarkdownRenderer;
import galley.model.Archive;
import galley.model.Article;
import galley.model.Author;
import galley.model.Scheduled;
import galley.model.Slug;
import galley.model.Term;
import galley.model.TermPage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads every source of a {@link SourceTree} (in parallel), checks what spans files (authors
 * exist, URLs are unique, media exist, tag spellings agree) and returns the {@link Archive} of
 * what this build publishes. Problems go to the diagnostics; the caller fails the build on errors.
 */
public final class ArchiveLoader {

    private ArchiveLoader() {}

    public static Archive load(
            SourceTree tree,
            SiteConfig config,
            LoadOptions options,
            MarkdownRenderer markdown,
            Diagnostics diagnostics) {
        return load(tree, config, options, markdown, ParsedSources.NONE, diagnostics);
    }

    /** Loads with a cache of parsed sources: files unchanged since the last build are not parsed again. */
    public static Archive load(
            SourceTree tree,
            SiteConfig config,
            LoadOptions options,
            MarkdownRenderer markdown,
            ParsedSources cache,
            Diagnostics diagnostics) {
        return load(tree, config, options, markdown, cache, GitDates.NONE, diagnostics, a -> {}, Progress.NONE);
    }

    /**
     * Loads with git dates: an article without {@code updated:} gets its file's last commit date.
     * The tree's stamps must hold them ({@link GitDates#fold}), so that a cached reading is reused
     * only while they are the same. Each valid article left out of the archive (a draft, or dated
     * after {@code options.now()}) goes to {@code leftOut}: {@code check} names them when a link
     * leads to one. Each article read is counted in {@code progress}.
     */
    public static Archive load(
            SourceTree tree,
            SiteConfig config,
            LoadOptions options,
            MarkdownRenderer markdown,
            ParsedSources cache,
            GitDates gitDates,
            Diagnostics diagnostics,
            Consumer<Article> leftOut,
            Progress progress) {
        Map<String, Author> authors = new TreeMap<>();
        for (Author a : readAll(tree, tree.authors(), diagnostics, cache, Author.class, ProfileReader::author)) {
            authors.put(a.slug(), a);
        }
        Map<String, TermPage> sectionPages = termPages(tree, tree.sections(), cache, diagnostics);
        Map<String, TermPage> tagPages = termPages(tree, tree.tags(), cache, diagnostics);
        ArticleReader reader = new ArticleReader(config, markdown, gitDates);
        List<ArticleReader.Loaded> loaded = readAll(
                tree,
                tree.articles(),
                diagnostics,
                cache,
                ArticleReader.Loaded.class,
                (file, source, d) -> reader.read(file, source, d),
                progress);

        for (Author a : authors.values()) {
            a.photo().ifPresent(p -> checkMedia(tree, p, SourcePosition.of(a.source()), diagnostics));
        }
        for (ArticleReader.Loaded l : loaded) {
            for (Fields.Item author : l.authors()) {
                if (!authors.containsKey(author.value())) {
                    diagnostics.error(
                            author.at(),
                            "unknown author \"" + author.value() + "\"; expected content/authors/" + author.value()
                                    + ".md"
                                    + NearestName.among(author.value(), authors.keySet())
                                            .map(near -> " (did you mean \"" + near + "\"?)")
                                            .orElse(""));
                }
            }
            l.imageSrc().ifPresent(src -> checkMedia(tree, src.value(), src.at(), diagnostics));
        }
        List<ArticleReader.Loaded> published = new ArrayList<>();
        Scheduled nextScheduled = null;
        for (ArticleReader.Loaded l : loaded) {
            Article a = l.article();
            if (a.draft() && !options.drafts()) {
                leftOut.accept(a);
                continue;
            }
            if (a.date().isAfter(options.now()) && !options.future()) {
                leftOut.accept(a);
                // Ties (same minute) by file, so the one named does not depend on the order of loading.
                if (nextScheduled == null
                        || a.date().isBefore(nextScheduled.date())
                        || a.date().equals(nextScheduled.date()) && a.source().compareTo(nextScheduled.source()) < 0)
                    nextScheduled = new Scheduled(a.date(), a.source());
                continue;
            }
            published.add(l);
        }
        // The tag vocabulary (most of the term uses) is made on another core meanwhile.
        ForkJoinTask<Map<String, Term>> tagsMade = ForkJoinTask.adapt(
                        () -> canonicalTerms(published, ArticleReader.Loaded::tags, "tag", cache, diagnostics))
                .fork();
        checkUniqueUrls(published, diagnostics);
        Map<String, Term> sections =
                canonicalTerms(published, l -> l.section().stream().toList(), "section", cache, diagnostics);
        Map<String, Term> tags = tagsMade.join();
        List<Article> articles = new ArrayList<>();
        Map<String, Term> sectionsBySlug = new HashMap<>(sections); // hashed: looked up for every article
        Map<String, Term> tagsBySlug = new HashMap<>(tags);
        for (ArticleReader.Loaded l : published) articles.add(canonical(l.article(), sectionsBySlug, tagsBySlug));
        return Archive.of(
                articles, authors, sections, tags, sectionPages, tagPages, Optional.ofNullable(nextScheduled));
    }

    /**
     * {@code archive}, loaded from the last reading of {@code tree}'s files, with the article
     * {@code files} read again (through {@code cache}), if every new reading keeps the article
     * where it was: it gave no problem, its article is in the archive (not a draft or future one),
     * and {@code ownPageOnly} says it differs from the last reading only in what the article's own
     * page shows. Empty otherwise: the caller then loads the whole archive, which gives the same
     * archive in every case where this gives one.
     */
    public static Optional<Archive> reread(
            Archive archive,
            SourceTree tree,
            List<Path> files,
            SiteConfig config,
            MarkdownRenderer markdown,
            ParsedSources cache,
            GitDates gitDates,
            Predicate<Path> ownPageOnly) {
        ArticleReader reader = new ArticleReader(config, markdown, gitDates);
        List<Article> replacements = new ArrayList<>();
        for (Path file : files) {
            Diagnostics problems = new Diagnostics();
            Optional<ArticleReader.Loaded> loaded = cache.read(
                    file,
                    tree.stamp(file),
                    problems,
                    ArticleReader.Loaded.class,
                    d -> SourceFile.read(tree.root(), file, d).flatMap(source -> reader.read(file, source, d)));
            if (loaded.isEmpty() || !problems.sorted().isEmpty() || !ownPageOnly.test(file)) return Optional.empty();
            if (archive.findBySource(file).isEmpty()) return Optional.empty();
            replacements.add(canonical(loaded.get().article(), archive.sections(), archive.tags()));
        }
        return Optional.of(archive.withReplaced(replacements));
    }

    interface FileReader<T> {
        Optional<T> read(Path file, SourceFile source, Diagnostics diagnostics);
    }

    /** Reads files in parallel; the result keeps the (sorted) order of {@code files}. */
    private static <T> List<T> readAll(
            SourceTree tree,
            List<Path> files,
            Diagnostics diagnostics,
            ParsedSources cache,
            Class<T> type,
            FileReader<T> reader) {
        return readAll(tree, files, diagnostics, cache, type, reader, Progress.NONE);
    }

    /** {@link #readAll(SourceTree, List, Diagnostics, ParsedSources, Class, FileReader)}, counting each file in {@code progress}. */
    private static <T> List<T> readAll(
            SourceTree tree,
            List<Path> files,
            Diagnostics diagnostics,
            ParsedSources cache,
            Class<T> type,
            FileReader<T> reader,
            Progress progress) {
        return files.parallelStream()
                .peek(file -> progress.advance())
                .map(file -> cache.read(
                        file,
                        tree.stamp(file),
                        diagnostics,
                        type,
                        d -> SourceFile.read(tree.root(), file, d).flatMap(source -> reader.read(file, source, d))))
                .flatMap(Optional::stream)
                .toList();
    }

    private static Map<String, TermPage> termPages(
            SourceTree tree, List<Path> files, ParsedSources cache, Diagnostics diagnostics) {
        Map<String, TermPage> pages = new HashMap<>();
        for (TermPage page : readAll(tree, files, diagnostics, cache, TermPage.class, ProfileReader::term)) {
            TermPage earlier = pages.putIfAbsent(page.term().slug(), page);
            if (earlier != null) {
                diagnostics.error(
                        SourcePosition.of(page.source(), 1),
                        "describes \"" + page.term().name() + "\" again; " + earlier.source()
                                + " already describes it");
            }
        }
        return pages;
    }

    private static void checkMedia(SourceTree tree, String src, SourcePosition at, Diagnostics diagnostics) {
        if (src.startsWith("/media/") && tree.mediaPathOf(src).isEmpty()) {
            diagnostics.add(Diagnostic.missingMedia(at, src));
        }
    }

    private static void checkUniqueUrls(List<ArticleReader.Loaded> published, Diagnostics diagnostics) {
        Map<String, ArticleReader.Loaded> byPath = new HashMap<>();
        for (ArticleReader.Loaded l : published) {
            ArticleReader.Loaded earlier = byPath.putIfAbsent(l.article().path(), l);
            if (earlier != null) {
                diagnostics.error(
                        l.slugAt(),
                        "duplicate URL " + l.article().path() + ": "
                                + earlier.article().source()
                                + " has it too; give one of them a different slug (a slug: line in its front matter)");
            }
        }
    }

    /**
     * Every slug's shown name: the spelling most articles use (ties: the first in sort order).
     * Other spellings are merged into it with a warning where they are written.
     */
    private static Map<String, Term> canonicalTerms(
            List<ArticleReader.Loaded> published,
            Function<ArticleReader.Loaded, List<Fields.Item>> items,
            String kind,
            ParsedSources cache,
            Diagnostics diagnostics) {
        // Each spelling is slugged once: an archive has a few thousand tags but hundreds of thousands of uses.
        Map<String, Optional<Term>> terms = new HashMap<>();
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (ArticleReader.Loaded l : published) {
            for (Fields.Item item : items.apply(l)) {
                Optional<Term> term = terms.computeIfAbsent(
                        item.value(),
                        v -> Slug.of(v).isEmpty() || !Slug.fits(Slug.of(v))
                                ? Optional.empty()
                                : Optional.of(Term.of(v))); // both reported by ArticleReader
                if (term.isEmpty()) continue;
                Term t = term.get();
                counts.computeIfAbsent(t.slug(), k -> new HashMap<>(2)).merge(t.name(), 1, Integer::sum);
            }
        }
        Map<String, Term> result = new TreeMap<>();
        Map<String, String> merged = new HashMap<>(); // other spelling -> the one shown, for the warnings
        counts.forEach((slug, spellings) -> {
            String best = spellings.entrySet().stream()
                    .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .orElseThrow()
                    .getKey();
            result.put(slug, cache.term(new Term(best, slug))); // the instance cached articles hold, if any
            spellings.keySet().stream().filter(s -> !s.equals(best)).forEach(other -> merged.put(other, best));
        });
        if (!merged.isEmpty()) {
            // Rare: find where each merged spelling is first written.
            Map<String, SourcePosition> firstAt = new TreeMap<>();
            for (ArticleReader.Loaded l : published) {
                for (Fields.Item item : items.apply(l)) {
                    if (merged.containsKey(item.value()))
                        firstAt.merge(item.value(), item.at(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
            firstAt.forEach((other, at) -> diagnostics.warning(
                    at,
                    kind + " \"" + other + "\" is spelled \"" + merged.get(other) + "\" elsewhere; merged under \""
                            + merged.get(other) + "\""));
        }
        return result;
    }

    private static Article canonical(Article a, Map<String, Term> sections, Map<String, Term> tags) {
        // The shared instances, not just equal ones: a million articles hold their terms once.
        // Articles from the source cache already hold them (see ParsedSources#term): nothing is copied.
        Term section = sections.get(a.section().slug());
        boolean same = section == a.section();
        for (int i = 0; same && i < a.tags().size(); i++)
            same = tags.get(a.tags().get(i).slug()) == a.tags().get(i);
        if (same) return a;
        List<Term> canonTags = new ArrayList<>(a.tags().size());
        for (Term t : a.tags()) canonTags.add(tags.get(t.slug()));
        return new Article(
                a.source(),
                a.bodyOffset(),
                a.bodyLine(),
                a.slug(),
                a.path(),
                a.title(),
                a.date(),
                a.updated(),
                a.firstCommitted(),
                section,
                a.authors(),
                canonTags,
                a.summary(),
                a.excerpt(),
                a.image(),
                a.draft(),
                a.aliases(),
                a.corrections(),
                a.wordCount(),
                a.articleLinks(),
                a.extra(),
                a.contentHash());
    }
}
