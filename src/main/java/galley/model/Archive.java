package galley.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a build publishes, validated and indexed: the articles in this build (drafts and
 * future articles already filtered), the authors, and the section and tag vocabularies.
 * Every list is newest first; every map is sorted by slug, so pages never depend on hash order.
 * {@code nextScheduled} is the earliest article left out because it is dated after the build time:
 * the site changes when that time comes.
 */
public record Archive(
        List<Article> articles,
        SortedMap<String, Author> authors,
        SortedMap<String, Term> sections,
        SortedMap<String, Term> tags,
        Map<String, TermPage> sectionPages,
        Map<String, TermPage> tagPages,
        SortedMap<String, List<Article>> bySection,
        SortedMap<String, List<Article>> byTag,
        SortedMap<String, List<Article>> byAuthor,
        Map<Path, Article> bySource,
        Optional<Scheduled> nextScheduled) {

    /** Newest first; ties (same minute) by site path so the order never depends on load order. */
    public static final Comparator<Article> NEWEST_FIRST = (a, b) -> {
        // Written out rather than composed: C1-compiled code (see TunedJvm) calls each lambda of a composed comparator.
        int byDate = b.date().compareTo(a.date());
        return byDate != 0 ? byDate : a.path().compareTo(b.path());
    };

    public Archive {
        articles = List.copyOf(articles);
        authors = Collections.unmodifiableSortedMap(new TreeMap<>(authors));
        sections = Collections.unmodifiableSortedMap(new TreeMap<>(sections));
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        sectionPages = Map.copyOf(sectionPages);
        tagPages = Map.copyOf(tagPages);
        bySection = Collections.unmodifiableSortedMap(new TreeMap<>(bySection));
        byTag = Collections.unmodifiableSortedMap(new TreeMap<>(byTag));
        byAuthor = Collections.unmodifiableSortedMap(new TreeMap<>(byAuthor));
        bySource = Map.copyOf(bySource);
        Objects.requireNonNull(nextScheduled, "nextScheduled");
    }

    /** Indexes {@code articles} (any order) by section, tag and author. */
    public static Archive of(
            List<Article> articles,
            Map<String, Author> authors,
            Map<String, Term> sections,
            Map<String, Term> tags,
            Map<String, TermPage> sectionPages,
            Map<String, TermPage> tagPages,
            Optional<Scheduled> nextScheduled) {
        List<Article> sorted = new ArrayList<>(articles);
        sorted.sort(NEWEST_FIRST);
        // Grouped in hash maps (hundreds of thousands of tag uses), sorted once at the end.
        Map<String, List<Article>> sectionGroups = new HashMap<>();
        Map<String, List<Article>> tagGroups = new HashMap<>();
        Map<String, List<Article>> authorGroups = new HashMap<>();
        Map<Path, Article> bySource = new HashMap<>(sorted.size() * 2);
        for (Article a : sorted) {
            sectionGroups
                    .computeIfAbsent(a.section().slug(), k -> new ArrayList<>())
                    .add(a);
            for (Term t : a.tags())
                tagGroups.computeIfAbsent(t.slug(), k -> new ArrayList<>()).add(a);
            for (String s : a.authors())
                authorGroups.computeIfAbsent(s, k -> new ArrayList<>()).add(a);
            bySource.put(a.source(), a);
        }
        SortedMap<String, List<Article>> bySection = new TreeMap<>();
        SortedMap<String, List<Article>> byTag = new TreeMap<>();
        SortedMap<String, List<Article>> byAuthor = new TreeMap<>();
        sectionGroups.forEach((k, v) -> bySection.put(k, List.copyOf(v)));
        tagGroups.forEach((k, v) -> byTag.put(k, List.copyOf(v)));
        authorGroups.forEach((k, v) -> byAuthor.put(k, List.copyOf(v)));
        Map<String, Term> usedSections = new TreeMap<>();
        bySection.keySet().forEach(k -> usedSections.put(k, sections.get(k)));
        Map<String, Term> usedTags = new TreeMap<>();
        byTag.keySet().forEach(k -> usedTags.put(k, tags.get(k)));
        return new Archive(
                sorted,
                new TreeMap<>(authors),
                new TreeMap<>(usedSections),
                new TreeMap<>(usedTags),
                sectionPages,
                tagPages,
                bySection,
                byTag,
                byAuthor,
                bySource,
                nextScheduled);
    }

    /**
     * This archive with each of {@code replacements} in place of the article read from the same
     * file: for readings that differ from the last only in what the article's own page shows, so
     * each sits where its old reading sat in every list and index (the same date, path, section,
     * tags and authors; checked).
     */
    public Archive withReplaced(List<Article> replacements) {
        Map<Path, Article> bySourceNow = new HashMap<>(bySource);
        Map<Article, Article> swap = new IdentityHashMap<>();
        SortedMap<String, List<Article>> sectionsNow = new TreeMap<>(bySection);
        SortedMap<String, List<Article>> tagsNow = new TreeMap<>(byTag);
        SortedMap<String, List<Article>> authorsNow = new TreeMap<>(byAuthor);
        for (Article now : replacements) {
            Article was = bySource.get(now.source());
            if (was == null
                    || !was.date().equals(now.date())
                    || !was.path().equals(now.path())
                    || !was.section().equals(now.section())
                    || !was.tags().equals(now.tags())
                    || !was.authors().equals(now.authors()))
                throw new IllegalArgumentException("not a re-reading that keeps its place: " + now.source());
            swap.put(was, now);
            bySourceNow.put(now.source(), now);
        }
        for (Article now : replacements) {
            replaceIn(sectionsNow, now.section().slug(), swap);
            for (Term t : now.tags()) replaceIn(tagsNow, t.slug(), swap);
            for (String a : now.authors()) replaceIn(authorsNow, a, swap);
        }
        List<Article> list = new ArrayList<>(articles.size());
        for (Article a : articles) list.add(swap.getOrDefault(a, a));
        return new Archive(
                list,
                authors,
                sections,
                tags,
                sectionPages,
                tagPages,
                sectionsNow,
                tagsNow,
                authorsNow,
                bySourceNow,
                nextScheduled);
    }

    private static void replaceIn(Map<String, List<Article>> groups, String key, Map<Article, Article> swap) {
        List<Article> group = groups.get(key);
        if (group == null) return;
        List<Article> replaced = new ArrayList<>(group.size());
        for (Article a : group) replaced.add(swap.getOrDefault(a, a));
        groups.put(key, List.copyOf(replaced));
    }

    public Optional<Article> findBySource(Path source) {
        return Optional.ofNullable(bySource.get(source));
    }

    public List<Article> inSection(String slug) {
        return bySection.getOrDefault(slug, List.of());
    }

    public List<Article> withTag(String slug) {
        return byTag.getOrDefault(slug, List.of());
    }

    public List<Article> byAuthor(String slug) {
        return byAuthor.getOrDefault(slug, List.of());
    }
}
