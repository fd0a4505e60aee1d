package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.incremental.NewestArticles;
import galley.output.OutputWriter;
import galley.output.Standby;
import galley.output.TreeExchange;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache is an optimisation only: after any sequence of edits, an incremental build
 * gives exactly the tree a clean build gives, and it re-renders only what the edit touched.
 */
class IncrementalBuildTest {

    private static final String PROJECT = TestProject.BASE + """
            -- content/authors/bo-kim.md --
            ---
            name: Bo Kim
            role: Editor
            ---
            Bo edits.
            -- content/articles/2025/11/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port, Ships]
            ---
            The harbour reopened. See [the ferry](ferry.md).
            -- content/articles/2025/11/ferry.md --
            ---
            title: "Ferry returns"
            date: 2025-11-20T09:00:00+02:00
            section: Business
            authors: [bo-kim]
            tags: [Port]
            ---
            The ferry is back.
            -- content/articles/2025/10/rowing.md --
            ---
            title: "Rowing season opens"
            date: 2025-10-01T09:00:00+02:00
            section: Sport
            authors: [ann-lee]
            tags: [Rowing]
            ---
            Boats are out.
            """;

    /**
     * Builds incrementally in {@code p.site()} and cleanly elsewhere; the trees must be identical,
     * and the standby tree (when there is one) must differ from the site only where its record says.
     */
    private static TestProject.Run buildAndCompare(TestProject p, Path tmp) throws IOException {
        return compare(p, tmp, p.build().assertOk());
    }

    /** {@link #buildAndCompare} with the build's verbose log (which path it took). */
    private static TestProject.Run verboseBuildAndCompare(TestProject p, Path tmp) throws IOException {
        return compare(p, tmp, verbose(p));
    }

    private static TestProject.Run compare(TestProject p, Path tmp, TestProject.Run incremental) throws IOException {
        Path clean = tmp.resolve("clean-" + System.nanoTime());
        TestProject.run(
                        "build",
                        "--root",
                        p.root().toString(),
                        "--out",
                        clean.toString(),
                        "--now",
                        TestProject.NOW,
                        "--quiet",
                        "--clean")
                .assertOk();
        assertTrees(TestProject.tree(clean), TestProject.tree(p.site()));
        assertStandbyHolds(p);
        return incremental;
    }

    /** Builds whose standby record held (see {@link #assertStandbyHolds}). */
    private static int standbysChecked;

    /** Where a standby exists, it differs from the site only at the paths its record lists. */
    private static void assertStandbyHolds(TestProject p) throws IOException {
        Path tree = p.root().resolve(".site.galley-standby");
        Optional<Set<String>> pending = new Standby(tree, p.root().resolve(".galley/site/standby")).pending(p.site());
        if ("off".equals(System.getProperty("galley.exchange"))) {
            assertFalse(Files.exists(tree), "a standby tree although exchange is off");
            return;
        }
        if (pending.isEmpty()) return;
        standbysChecked++;
        Map<String, String> live = TestProject.tree(p.site());
        Map<String, String> standby = TestProject.tree(tree);
        Set<String> paths = new TreeSet<>(live.keySet());
        paths.addAll(standby.keySet());
        for (String path : paths) {
            if (!pending.get().contains(path))
                assertEquals(live.get(path), standby.get(path), "standby differs at " + path);
        }
    }

    private static void assertTrees(Map<String, String> expected, Map<String, String> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String path : expected.keySet()) assertEquals(expected.get(path), actual.get(path), path);
    }

    private static TestProject.Run verbose(TestProject p, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("build", "--root", p.root().toString(), "--now", TestProject.NOW, "--verbose"));
        args.addAll(List.of(extra));
        return TestProject.run(args.toArray(String[]::new)).assertOk();
    }

    private static List<String> changes(TestProject p, Path tmp, String name) throws IOException {
        Path file = tmp.resolve(name);
        p.build("--changes", file.toString()).assertOk();
        return Files.readAllLines(file);
    }

    @Test
    void incrementalBuildsMatchCleanBuildsThroughEdits(@TempDir Path tmp) throws IOException {
        standbysChecked = 0;
        editSequence(tmp);
        // Multi-file commits went through the standby (where this system can exchange trees).
        if (TreeExchange.works(tmp)) assertTrue(standbysChecked >= 5, "standby checked " + standbysChecked + " times");
    }

    @Test
    void withoutTreeExchangeIncrementalBuildsStillMatchCleanBuilds(@TempDir Path tmp) throws IOException {
        // The fallback for systems that cannot exchange trees: renames and a commit journal.
        System.setProperty("galley.exchange", "off");
        try {
            editSequence(tmp);
        } finally {
            System.clearProperty("galley.exchange");
        }
    }

    private static void editSequence(Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        buildAndCompare(p, tmp);
        buildAndCompare(p, tmp); // no-op
        p.add("""
                -- content/articles/2025/11/harbour.md --
                ---
                title: "Harbour reopens"
                date: 2025-11-24T09:12:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [Port, Ships]
                ---
                The harbour reopened. See [the ferry](ferry.md).

                A second paragraph, with [another link](ferry.md) and a missing ![photo](/media/none.jpg).
                """);
        TestProject.Run quick = buildAndCompare(p, tmp); // body only, below the first paragraph: the quick path
        assertTrue(quick.err().contains("missing media file /media/none.jpg"), quick.err());
        TestProject.Run noop = buildAndCompare(p, tmp); // no-op after it: the warning is reported again
        assertTrue(noop.err().contains("missing media file /media/none.jpg"), noop.err());
        p.add("""
                -- content/articles/2025/11/harbour.md --
                ---
                title: "Harbour reopens"
                date: 2025-11-24T09:12:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [Port, Ships]
                ---
                The harbour reopened. See [the ferry](ferry.md).

                A second paragraph, with [another link](ferry.md) and no photo.
                """);
        TestProject.Run fixed = buildAndCompare(p, tmp); // the quick path again: the warning is gone
        assertFalse(fixed.err().contains("/media/none.jpg"), fixed.err());
        TestProject.Run after = buildAndCompare(p, tmp); // and the no-op after it does not bring it back
        assertFalse(after.err().contains("/media/none.jpg"), after.err());
        p.add("""
                -- content/articles/2025/11/ferry.md --
                ---
                title: "Ferry returns to the old quay"
                date: 2025-11-20T09:00:00+02:00
                section: Business
                authors: [bo-kim]
                tags: [Port]
                slug: ferry-back
                ---
                The ferry is back, with a new name.
                """);
        buildAndCompare(p, tmp); // retitled and moved: the harbour article's link must follow
        assertTrue(Files.readString(p.site().resolve("2025/11/24/harbour/index.html"))
                .contains("href=\"/2025/11/20/ferry-back/\""));
        Files.delete(p.root().resolve("content/articles/2025/10/rowing.md"));
        buildAndCompare(p, tmp); // deleted: its pages and the Sport section go away
        assertFalse(Files.exists(p.site().resolve("sections/sport/index.html")));
        p.add("""
                -- content/authors/ann-lee.md --
                ---
                name: Ann Lee-Smith
                role: Reporter
                ---
                Ann writes about the port.
                """);
        buildAndCompare(p, tmp); // an author renamed: every byline and teaser follows
        p.add("""
                -- content/site.yaml --
                title: "Test Ledger Daily"
                base_url: https://example.org/archive/
                language: en
                timezone: Europe/Kyiv
                page_size: 1
                """);
        buildAndCompare(p, tmp); // settings change: everything
    }

    /**
     * Pages name the stylesheet's fingerprinted copy: a changed stylesheet gets a new name, every
     * page names it, and the old copy is gone, as in a clean build.
     */
    @Test
    void aChangedStylesheetGetsANewNameOnEveryPage(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        p.build().assertOk();
        Pattern linked = Pattern.compile("href=\"/(assets/galley\\.[0-9a-f]{10}\\.css)\"");
        Matcher before = linked.matcher(Files.readString(p.site().resolve("index.html")));
        assertTrue(before.find(), "the home page links the fingerprinted stylesheet");
        assertEquals(
                Files.readString(p.site().resolve("css/galley.css")),
                Files.readString(p.site().resolve(before.group(1))),
                "the copy holds the stylesheet's bytes");
        assertTrue(Files.readString(p.site().resolve("_headers"))
                .contains("/assets/*\n  Cache-Control: public, max-age=31536000, immutable"));

        p.add("-- templates/static/css/galley.css --\nbody { color: #111; }\n");
        buildAndCompare(p, tmp);
        Matcher after = linked.matcher(Files.readString(p.site().resolve("2025/10/01/rowing/index.html")));
        assertTrue(after.find());
        assertFalse(after.group(1).equals(before.group(1)), "a new name for new bytes");
        assertEquals(
                Files.readString(p.root().resolve("templates/static/css/galley.css")),
                Files.readString(p.site().resolve(after.group(1))));
        assertTrue(Files.readString(p.site().resolve(after.group(1))).startsWith("body { color: #111; }"));
        assertFalse(Files.exists(p.site().resolve(before.group(1))), "the old copy is removed");
    }

    @Test
    void anArticleEditRewritesOnlyWhatShowsIt(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        p.build().assertOk();
        p.add("""
                -- content/articles/2025/10/rowing.md --
                ---
                title: "Rowing season opens"
                date: 2025-10-01T09:00:00+02:00
                section: Sport
                authors: [ann-lee]
                tags: [Rowing]
                ---
                Boats are out.

                The river is high this year.
                """);
        // Only the body changed: the article page and the full-content site feeds, by the quick path.
        Path c1 = tmp.resolve("c1.txt");
        TestProject.Run run = verbose(p, "--changes", c1.toString());
        assertTrue(run.err().contains("only article bodies changed"), run.err());
        assertEquals(List.of("2025/10/01/rowing/index.html", "feed.xml", "rss.xml"), Files.readAllLines(c1));
        assertEquals(List.of(), changes(p, tmp, "c2.txt"));
        // The first paragraph is the excerpt lists show: that is not a body-only edit.
        p.add("""
                -- content/articles/2025/10/rowing.md --
                ---
                title: "Rowing season opens"
                date: 2025-10-01T09:00:00+02:00
                section: Sport
                authors: [ann-lee]
                tags: [Rowing]
                ---
                Boats are out early.

                The river is high this year.
                """);
        TestProject.Run full = verbose(p);
        assertFalse(full.err().contains("only article bodies changed"), full.err());
        assertTrue(full.err().contains("render"), full.err());
    }

    @Test
    void aFrontMatterKeyOnlyTheArticlePageShowsIsABodyEdit(@TempDir Path tmp) throws IOException {
        // Keys the format does not define reach the article template alone (ArticleFields: OWN_PAGE),
        // so changing one re-renders the article page and the full-content feeds, as a body edit does.
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- templates/article.ftlh --
                <#import "_layout.ftlh" as layout>
                <@layout.frame><h1>${article.title}</h1><p class="kicker">${(article.extra.kicker)!""}</p>${article.bodyHtml?no_esc}</@layout.frame>
                """);
        String rowing = PROJECT.substring(PROJECT.indexOf("-- content/articles/2025/10/rowing.md --"))
                .replace("tags: [Rowing]\n", "tags: [Rowing]\nkicker: %s\n");
        p.add(rowing.formatted("Exclusive")).build().assertOk();
        p.add(rowing.formatted("Updated"));
        Path changes = tmp.resolve("c.txt");
        TestProject.Run run = verbose(p, "--changes", changes.toString());
        assertTrue(run.err().contains("only article bodies changed"), run.err());
        assertEquals(List.of("2025/10/01/rowing/index.html"), Files.readAllLines(changes)); // the feeds do not show it
        compare(p, tmp, run);
        assertTrue(Files.readString(p.site().resolve("2025/10/01/rowing/index.html"))
                .contains("Updated"));
    }

    @Test
    void withASummaryTheFirstParagraphIsBodyOnly(@TempDir Path tmp) throws IOException {
        // Lists show the summary, not the first paragraph, so editing that paragraph changes the
        // article page and the full-content feeds only, as any other body edit does.
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        // The project's rowing article (its last file), given a summary and a second paragraph.
        String rowing = PROJECT.substring(PROJECT.indexOf("-- content/articles/2025/10/rowing.md --"))
                .replace(
                        "tags: [Rowing]\n",
                        "tags: [Rowing]\nsummary: \"The club takes its boats out for the season.\"\n")
                .replace("Boats are out.", "%s\n\nThe river is high this year.");
        p.add(rowing.formatted("Boats are out early."));
        p.build().assertOk();
        p.add(rowing.formatted("Boats are out at dawn."));
        Path c1 = tmp.resolve("c1.txt");
        TestProject.Run run = verbose(p, "--changes", c1.toString());
        assertTrue(run.err().contains("only article bodies changed"), run.err());
        assertEquals(List.of("2025/10/01/rowing/index.html", "feed.xml", "rss.xml"), Files.readAllLines(c1));
        compare(p, tmp, run);
        String lists = Files.readString(p.site().resolve("sections/sport/index.html"));
        assertTrue(
                lists.contains("The club takes its boats out for the season.") && !lists.contains("Boats are out"),
                lists);
    }

    @Test
    void listsGainingNumberedPagesOneArticleAtATimeMatchCleanBuilds(@TempDir Path tmp) throws IOException {
        // page_size 2: with each new article the lists of its section, tag, author, year and month
        // grow; every second one starts a numbered page, which changes the pager of the page before.
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        buildAndCompare(p, tmp);
        for (int day = 1; day <= 7; day++) {
            p.add(article("day-" + day, day));
            buildAndCompare(p, tmp);
        }
        assertTrue(Files.exists(p.site().resolve("tags/port/page/5/index.html")));
    }

    /** What the verbose log says when a build took the quick path for new articles. */
    private static final String QUICK_NEW = "outputs that new articles can change rendered";

    @Test
    void newArticlesNewerThanAllOthersTakeTheQuickPathAndMatchCleanBuilds(@TempDir Path tmp) throws IOException {
        // Surefire sets galley.verifyQuickPaths: each quick build also keys every output it left out
        // and fails if one changed, so this checks the rule itself, not only these trees.
        assertTrue(Boolean.getBoolean(NewestArticles.VERIFY), "run with -Dgalley.verifyQuickPaths=true");
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- content/articles/2025/11/quay.md --
                ---
                title: "Quay works begin"
                date: 2025-11-01T09:00:00+02:00
                section: Business
                authors: [bo-kim]
                tags: [Port]
                ---
                Work starts on the quay, before [the storm](storm.md).
                """);
        TestProject.Run first = verboseBuildAndCompare(p, tmp);
        assertTrue(first.err().contains("link to \"storm.md\" does not name a published article"), first.err());

        // Newest: a new day, a known tag and a new one, an alias, a new image, and the file an older
        // article already links to (its page must now link to it, without the warning).
        p.add("""
                -- content/articles/2025/11/storm.md --
                ---
                title: "Storm closes the port"
                date: 2025-11-25T18:00:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [Port, Weather]
                aliases: [/old/storm/]
                image:
                  src: /media/2025/storm.jpg
                  alt: "Waves over the pier"
                ---
                The port closed at noon.
                """);
        Files.createDirectories(p.root().resolve("content/media/2025"));
        Files.write(p.root().resolve("content/media/2025/storm.jpg"), new byte[] {1, 2, 3});
        TestProject.Run storm = verboseBuildAndCompare(p, tmp);
        assertTrue(storm.err().contains(QUICK_NEW), storm.err());
        assertFalse(storm.err().contains("storm.md\" does not name"), storm.err());
        assertTrue(Files.readString(p.site().resolve("2025/11/01/quay/index.html"))
                .contains("href=\"/2025/11/25/storm/\""));

        // Two at once, starting a new month and a new year (the periods before them link on).
        p.add(article("advent", 1)
                + article("new-year", 1)
                        .replace("2025/12/new-year.md", "2026/01/new-year.md")
                        .replace("2025-12-01T08:00", "2026-01-02T08:00"));
        assertTrue(verboseBuildAndCompare(p, tmp).err().contains(QUICK_NEW));

        // Back-dated: older articles' related coverage may change; the general path.
        p.add(article("back-dated", 1)
                .replace("2025/12/back-dated.md", "2025/10/back-dated.md")
                .replace("2025-12-01T08:00", "2025-10-15T08:00"));
        assertFalse(verboseBuildAndCompare(p, tmp).err().contains(QUICK_NEW));

        // Newest, but its spelling of a tag wins a tie and renames the tag on older pages: the
        // loader warns at the older file, which the last build did not, so the general path.
        p.add(article("gale", 3)
                .replace("2026-01-03", "2026-01-03")
                .replace("2025/12/gale.md", "2026/01/gale.md")
                .replace("2025-12-03T08:00", "2026-01-03T08:00")
                .replace("tags: [Port]", "tags: [WEATHER]"));
        TestProject.Run respelled = verboseBuildAndCompare(p, tmp);
        assertFalse(respelled.err().contains(QUICK_NEW), respelled.err());
        assertTrue(Files.readString(p.site().resolve("2025/11/25/storm/index.html"))
                .contains("WEATHER"));

        // Newest again, with a new author: the theme's inputs changed, so the general path.
        p.add(article("tide", 4)
                        .replace("2025/12/tide.md", "2026/01/tide.md")
                        .replace("2025-12-04T08:00", "2026-01-04T08:00")
                        .replace("authors: [ann-lee]", "authors: [cy-ray]")
                + """
                -- content/authors/cy-ray.md --
                ---
                name: Cy Ray
                ---
                Cy writes.
                """);
        assertFalse(verboseBuildAndCompare(p, tmp).err().contains(QUICK_NEW));

        // And once more the quick path, after all that.
        p.add(article("calm", 5)
                .replace("2025/12/calm.md", "2026/01/calm.md")
                .replace("2025-12-05T08:00", "2026-01-05T08:00"));
        assertTrue(verboseBuildAndCompare(p, tmp).err().contains(QUICK_NEW));
    }

    @Test
    void newArticlesOfTheSameTimeAsTheNewestTakeTheQuickPath(@TempDir Path tmp) throws IOException {
        // Two stories published at the same minute: the archive orders them by path, so a new one
        // may come second, after an older one of its time. That older article keeps the top of
        // every list while the list grows under it, and the new one joins its related coverage.
        // Surefire sets galley.verifyQuickPaths: every output left out is keyed and checked too.
        assertTrue(Boolean.getBoolean(NewestArticles.VERIFY), "run with -Dgalley.verifyQuickPaths=true");
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + article("b-harbour", 1));
        buildAndCompare(p, tmp);
        // Sorts after the older "b-harbour" of the same time: second in the archive.
        p.add(article("c-harbour", 1));
        TestProject.Run second = verboseBuildAndCompare(p, tmp);
        assertTrue(second.err().contains(QUICK_NEW), second.err());
        String older = Files.readString(p.site().resolve("2025/12/01/b-harbour/index.html"));
        assertTrue(
                older.contains("href=\"/2025/12/01/c-harbour/\""),
                "the older page shows the new one as related or next");
        // Sorts before both: first, as before this change.
        p.add(article("a-harbour", 1));
        assertTrue(verboseBuildAndCompare(p, tmp).err().contains(QUICK_NEW));
        // Two at once, one of them a minute later: "d" is newest, "e" comes after three older ones of its time.
        p.add(article("d-harbour", 1).replace("T08:00", "T08:01") + article("e-harbour", 1));
        assertTrue(verboseBuildAndCompare(p, tmp).err().contains(QUICK_NEW));
        // Of the same day but a minute earlier than older ones: back-dated, the general path.
        p.add(article("f-harbour", 1).replace("T08:00", "T07:59"));
        assertFalse(verboseBuildAndCompare(p, tmp).err().contains(QUICK_NEW));
    }

    /** A verbose build at {@code now}, compared with a clean build at the same time. */
    private static TestProject.Run buildAtAndCompare(TestProject p, Path tmp, String now) throws IOException {
        TestProject.Run run = TestProject.run("build", "--root", p.root().toString(), "--now", now, "--verbose")
                .assertOk();
        Path clean = tmp.resolve("clean-" + System.nanoTime());
        TestProject.run(
                        "build",
                        "--root",
                        p.root().toString(),
                        "--out",
                        clean.toString(),
                        "--now",
                        now,
                        "--quiet",
                        "--clean")
                .assertOk();
        assertTrees(TestProject.tree(clean), TestProject.tree(p.site()));
        return run;
    }

    @Test
    void scheduledArticlesWhoseTimeCameTakeTheQuickPathForNewArticles(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- content/articles/2026/12/later.md --
                ---
                title: "Scheduled"
                date: 2026-12-01T06:00:00Z
                section: Sport
                authors: [ann-lee]
                tags: [Rowing]
                ---
                Embargoed until December; see [the rowing season](../../2025/10/rowing.md).
                """);
        buildAtAndCompare(p, tmp, "2026-11-30T00:00:00Z");
        // No file changed; the clock published the scheduled article: newest of all, so the quick path.
        TestProject.Run published = buildAtAndCompare(p, tmp, "2026-12-01T07:00:00Z");
        assertTrue(published.err().contains(QUICK_NEW), published.err());
        assertTrue(Files.exists(p.site().resolve("2026/12/01/later/index.html")));
        // A new file, newer still, with the clock moved on again.
        p.add(article("december", 1)
                .replace("2025/12/december.md", "2026/12/december.md")
                .replace("2025-12-01T08:00:00+02:00", "2026-12-01T08:30:00Z"));
        assertTrue(buildAtAndCompare(p, tmp, "2026-12-01T09:00:00Z").err().contains(QUICK_NEW));
        // Only the clock moved (the news sitemap's window): nothing newly published, the general path.
        TestProject.Run later = buildAtAndCompare(p, tmp, "2026-12-04T00:00:00Z");
        assertFalse(later.err().contains(QUICK_NEW), later.err());
        assertFalse(
                Files.exists(p.site().resolve("sitemap-news.xml")), "no article in the news window: no news sitemap");
    }

    @Test
    void theNewsSitemapIsWrittenOnlyWhileItHasArticlesAndRobotsTxtFollows(@TempDir Path tmp) throws Exception {
        // An empty urlset is invalid (sitemaps.org's XSD wants one url at least): when the last
        // article leaves the two-day window the file goes, and robots.txt stops naming it; a new
        // article brings both back. Every build is compared with a clean one (file lists included).
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path news = p.site().resolve("sitemap-news.xml");
        // The harbour article (2025-11-24T07:12Z) is in the window.
        buildAtAndCompare(p, tmp, "2025-11-25T00:00:00Z");
        assertNewsSitemap(p, "/2025/11/24/harbour/");
        // Only the clock moved, past the window: gone, by the general path.
        buildAtAndCompare(p, tmp, "2025-11-27T00:00:00Z");
        assertNewsSitemap(p);
        // A new article in the window, by the quick path for new articles: back.
        p.add(article("evening", 26)
                .replace("2025/12/evening.md", "2025/11/evening.md")
                .replace("2025-12-26T08:00", "2025-11-26T18:00"));
        TestProject.Run back = buildAtAndCompare(p, tmp, "2025-11-27T00:00:00Z");
        assertTrue(back.err().contains(QUICK_NEW), back.err());
        assertNewsSitemap(p, "/2025/11/26/evening/");
        assertTrue(Files.exists(news));
        // A newer article, with the clock far on: both out of the window, removed by the quick path too.
        p.add(article("dawn", 1));
        TestProject.Run later = buildAtAndCompare(p, tmp, "2025-12-10T00:00:00Z");
        assertTrue(later.err().contains(QUICK_NEW), later.err());
        assertNewsSitemap(p);
        // And a no-op build leaves it so.
        buildAtAndCompare(p, tmp, "2025-12-10T00:00:00Z");
        assertNewsSitemap(p);
    }

    /** The news sitemap lists exactly {@code paths} (valid against the schemas), or is absent when none; robots.txt names it only then. */
    private static void assertNewsSitemap(TestProject p, String... paths) throws Exception {
        Path news = p.site().resolve("sitemap-news.xml");
        String robots = Files.readString(p.site().resolve("robots.txt"));
        assertTrue(robots.contains("Sitemap: https://example.org/sitemap.xml\n"), robots);
        if (paths.length == 0) {
            assertFalse(Files.exists(news), "an empty news sitemap was written");
            assertFalse(robots.contains("sitemap-news"), robots);
            return;
        }
        assertTrue(robots.endsWith("Sitemap: https://example.org/sitemap-news.xml\n"), robots);
        try (var in = Files.newInputStream(news)) {
            FeedsAndSitemapsTest.newsSchema().newValidator().validate(new StreamSource(in, "sitemap-news.xml"));
        }
        List<String> listed = new ArrayList<>();
        Matcher loc = Pattern.compile("<loc>https://example.org(/[^<]*)</loc>").matcher(Files.readString(news));
        while (loc.find()) listed.add(loc.group(1));
        assertEquals(List.of(paths), listed);
    }

    @Test
    void aMissingImageWarningGoesOnceTheImageIsThere(@TempDir Path tmp) throws IOException {
        // The warning is not part of any page's key: the page must be rendered again when media come.
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- content/articles/2025/11/pier.md --
                ---
                title: "The old pier"
                date: 2025-11-10T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                ---
                The pier, before the storm.

                ![The pier at dawn](/media/2025/pier.jpg)
                """);
        TestProject.Run before = buildAndCompare(p, tmp);
        assertTrue(before.err().contains("missing media file /media/2025/pier.jpg"), before.err());
        Files.createDirectories(p.root().resolve("content/media/2025"));
        Files.write(p.root().resolve("content/media/2025/pier.jpg"), new byte[] {1, 2, 3});
        TestProject.Run after = buildAndCompare(p, tmp);
        assertFalse(after.err().contains("pier.jpg"), after.err());
        assertFalse(buildAndCompare(p, tmp).err().contains("pier.jpg")); // nor does the no-op after it bring it back
    }

    @Test
    void anImageDeletedFromUnderABodyIsWarnedOfAsByAClean(@TempDir Path tmp) throws IOException {
        // The page itself does not change (a body image's URL is its path), only its warnings: the
        // record of outputs keeps the media files each page's text leads to, and a page whose
        // image went is made again. Found by IncrementalEqualsCleanTest (seed 600309).
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- content/articles/2025/11/pier.md --
                ---
                title: "The old pier"
                date: 2025-11-10T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                ---
                The pier, before the storm.

                ![The pier at dawn](/media/2025/pier%20east.jpg) and [the plan](/media/2025/plan.pdf#p2).
                """);
        Path image = p.root().resolve("content/media/2025/pier east.jpg");
        Files.createDirectories(image.getParent());
        Files.write(image, new byte[] {1, 2, 3});
        Files.write(image.resolveSibling("plan.pdf"), new byte[] {4});
        assertFalse(buildAndCompare(p, tmp).err().contains("missing media"));
        Files.delete(image);
        TestProject.Run after = buildAndCompare(p, tmp);
        assertTrue(after.err().contains("missing media file /media/2025/pier east.jpg"), after.err());
        assertFalse(after.err().contains("plan.pdf"), after.err());
        assertTrue(buildAndCompare(p, tmp)
                .err()
                .contains("missing media file /media/2025/pier east.jpg")); // and the no-op after it
        Files.delete(image.resolveSibling("plan.pdf"));
        assertTrue(buildAndCompare(p, tmp).err().contains("missing media file /media/2025/plan.pdf"));
    }

    @Test
    void aHeroImageReplacedByOneOfOtherDimensionsIsShownWithItsNewSize(@TempDir Path tmp) throws IOException {
        // The page's width and height come from the image file, which is not part of the article:
        // the output keys hold the file's stamp, and the quick path for new articles is not taken
        // while an image the last build showed was rewritten (it would keep the page).
        assertTrue(Boolean.getBoolean(NewestArticles.VERIFY), "run with -Dgalley.verifyQuickPaths=true");
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- content/articles/2025/11/pier.md --
                ---
                title: "The old pier"
                date: 2025-11-10T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                image:
                  src: /media/2025/pier.png
                  alt: "The pier at dawn"
                ---
                The pier, before the storm.
                """);
        Path image = p.root().resolve("content/media/2025/pier.png");
        Path page = p.site().resolve("2025/11/10/pier/index.html");
        writePng(image, 40, 30);
        buildAndCompare(p, tmp);
        assertTrue(
                Files.readString(page)
                        .contains(
                                "<img src=\"/media/2025/pier.png\" alt=\"The pier at dawn\" width=\"40\" height=\"30\" fetchpriority=\"high\">"),
                Files.readString(page));

        writePng(image, 64, 48);
        Path c1 = tmp.resolve("c1.txt");
        compare(p, tmp, p.build("--changes", c1.toString()).assertOk());
        assertTrue(
                Files.readAllLines(c1).containsAll(List.of("2025/11/10/pier/index.html", "media/2025/pier.png")),
                Files.readAllLines(c1).toString());
        assertTrue(Files.readString(page).contains("width=\"64\" height=\"48\""), Files.readString(page));

        // Rewritten again, with a new article newer than all: the general path.
        writePng(image, 30, 60);
        p.add(article("day-1", 1));
        TestProject.Run both = verboseBuildAndCompare(p, tmp);
        assertFalse(both.err().contains(QUICK_NEW), both.err());
        assertTrue(Files.readString(page).contains("width=\"30\" height=\"60\""), Files.readString(page));

        // A new image only added, with its new article: the quick path, as before.
        writePng(p.root().resolve("content/media/2025/quay.png"), 20, 10);
        p.add(article("day-2", 2)
                .replace("tags: [Port]", "tags: [Port]\nimage:\n  src: /media/2025/quay.png\n  alt: \"The quay\""));
        TestProject.Run added = verboseBuildAndCompare(p, tmp);
        assertTrue(added.err().contains(QUICK_NEW), added.err());
        assertTrue(Files.readString(p.site().resolve("2025/12/02/day-2/index.html"))
                .contains("alt=\"The quay\" width=\"20\" height=\"10\" fetchpriority=\"high\">"));

        // Not an image: no size, and the build goes on.
        Files.write(image, new byte[] {1, 2, 3});
        buildAndCompare(p, tmp);
        assertTrue(
                Files.readString(page).contains("alt=\"The pier at dawn\" fetchpriority=\"high\">"),
                Files.readString(page));
    }

    /** A black PNG of the given size, written with a modification time after any the file had (so the stamp changes). */
    private static void writePng(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        if (before != null) Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
    }

    @Test
    void aSiteFolderMadeAgainIsNotTakenForTheOneTheStandbyRecordNames(@TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(TreeExchange.works(tmp), "this file system cannot exchange trees");
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        buildAndCompare(p, tmp);
        p.add(article("day-1", 1));
        buildAndCompare(p, tmp); // several files change: the standby is made and recorded
        Standby standby =
                new Standby(p.root().resolve(".site.galley-standby"), p.root().resolve(".galley/site/standby"));
        assertTrue(standby.pending(p.site()).isPresent());
        // A folder deleted and made again by hand may get the same inode back, never the same time.
        Files.setLastModifiedTime(
                p.site(),
                FileTime.fromMillis(Files.getLastModifiedTime(p.site()).toMillis() + 1000));
        assertTrue(standby.pending(p.site()).isEmpty(), "a standby record taken for another folder");
        p.add(article("day-2", 2));
        buildAndCompare(p, tmp); // the standby is made again; the site is still right
        assertTrue(standby.pending(p.site()).isPresent());
    }

    @Test
    void aBuildIntoAnEmptyFolderMakesTheStandbyAsItWritesUnlessToldNotTo(@TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(TreeExchange.works(tmp), "this file system cannot exchange trees");
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Standby standby =
                new Standby(p.root().resolve(".site.galley-standby"), p.root().resolve(".galley/site/standby"));
        p.build().assertOk();
        // A whole copy of the site, recorded as differing nowhere: the first build that changes
        // several files commits through it instead of making it first.
        assertEquals(Optional.of(Set.of()), standby.pending(p.site()));
        assertTrees(TestProject.tree(p.site()), TestProject.tree(standby.tree));
        p.add(article("day-1", 1));
        buildAndCompare(p, tmp);
        assertTrue(standby.pending(p.site()).isPresent());

        TestProject q = TestProject.write(tmp.resolve("q"), PROJECT);
        q.build("--no-standby").assertOk(); // the standby is left to the first build that needs it
        assertFalse(Files.exists(q.root().resolve(".site.galley-standby")), "a standby with --no-standby");
        q.add(article("day-1", 1));
        buildAndCompare(q, tmp); // made by the first build that needs it, as before
        assertTrue(
                new Standby(q.root().resolve(".site.galley-standby"), q.root().resolve(".galley/site/standby"))
                        .pending(q.site())
                        .isPresent());

        // An output folder made empty beforehand (by hand, by a CI step) is no site: no standby either.
        TestProject e = TestProject.write(tmp.resolve("e"), PROJECT);
        Files.createDirectories(e.site());
        e.build("--no-standby").assertOk();
        assertFalse(
                Files.exists(e.root().resolve(".site.galley-standby")),
                "a standby of an empty output folder with --no-standby");
        assertTrue(Files.exists(e.site().resolve("index.html")));

        // A build that fails while rendering leaves neither a site nor a half-made standby.
        TestProject r =
                TestProject.write(tmp.resolve("r"), PROJECT + "-- templates/article.ftlh --\n${article.noSuchField}\n");
        TestProject.Run failed = r.build();
        assertEquals(1, failed.exitCode(), failed.toString());
        assertFalse(Files.exists(r.site()), "a site although the build failed");
        assertFalse(Files.exists(r.root().resolve(".site.galley-standby")), "a standby left by a failed build");
    }

    /** A Business article tagged Port by Ann Lee, on {@code day} December 2025. */
    @Test
    void aNewArticleInANewSectionChangesEveryPagesNavigation(@TempDir Path tmp) throws IOException {
        // The section list is in every page's navigation: no page can be kept unexamined.
        TestProject p =
                TestProject.write(tmp.resolve("p"), PROJECT + article("a-harbour", 1) + article("b-harbour", 2));
        buildAndCompare(p, tmp);
        p.add(article("c-weather", 3).replace("section: Business", "section: Weather"));
        TestProject.Run run = verboseBuildAndCompare(p, tmp);
        assertFalse(run.err().contains(QUICK_NEW), run.err());
        String older = Files.readString(p.site().resolve("2025/12/01/a-harbour/index.html"));
        assertTrue(older.contains("/sections/weather/"), "an older page shows the new section in its navigation");
    }

    private static String article(String name, int day) {
        return """
                -- content/articles/2025/12/%s.md --
                ---
                title: "Harbour diary, day %d"
                date: 2025-12-%02dT08:00:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [Port]
                ---
                Day %d at the harbour.
                """.formatted(name, day, day, day);
    }

    @Test
    void aTemplateChangeRerendersExactlyThePagesUsingIt(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- templates/redirect.ftlh --
                <p>moved</p>
                """);
        p.build().assertOk();
        Map<String, String> before = TestProject.tree(p.site());
        p.add("""
                -- templates/index.ftlh --
                <#import "_layout.ftlh" as layout><@layout.frame><h1>${index.title}!</h1></@layout.frame>
                """);
        List<String> changed = changes(p, tmp, "c.txt");
        assertEquals(
                List.of("archive/index.html", "authors/index.html", "sections/index.html", "tags/index.html"), changed);
        Map<String, String> after = TestProject.tree(p.site());
        before.keySet().stream()
                .filter(k -> !changed.contains(k))
                .forEach(k -> assertEquals(before.get(k), after.get(k), k));
    }

    @Test
    void aCorruptOrForeignCacheFallsBackToAFullBuild(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        p.build().assertOk();
        Map<String, String> reference = TestProject.tree(p.site());
        Path cache = p.root().resolve(".galley/site/outputs");
        assertTrue(Files.isRegularFile(cache));
        Files.writeString(cache, "galley-build-cache 1 other-version\nindex.html\tdeadbeef\nend\n");
        Files.writeString(p.site().resolve("index.html"), "tampered");
        p.build().assertOk();
        assertTrees(reference, TestProject.tree(p.site()));
        Files.write(cache, new byte[] {0, 1, 2, (byte) 0xFF});
        p.build().assertOk();
        assertTrees(reference, TestProject.tree(p.site()));
    }

    @Test
    void aCommitInterruptedMidwayIsCompletedByTheNextBuild(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        p.build().assertOk();
        Map<String, String> reference = TestProject.tree(p.site());
        // What a build killed during its in-place commit leaves: a journal, staged files, one move done.
        Path staging = p.root().resolve(".site.galley-staging");
        Files.createDirectories(staging.resolve("tags"));
        Files.writeString(staging.resolve("tags/index.html"), "new tags page");
        Files.writeString(p.site().resolve("index.html"), "new home page");
        Files.write(
                p.root().resolve(".galley/site/commit-journal"),
                OutputWriter.journal(List.of("R index.html", "R tags/index.html", "D 404.html")));
        OutputWriter.recover(
                p.site(),
                staging,
                p.root().resolve(".site.galley-old"),
                p.root().resolve(".galley/site/commit-journal"));
        assertEquals("new tags page", Files.readString(p.site().resolve("tags/index.html")));
        assertFalse(Files.exists(p.site().resolve("404.html")));
        assertFalse(Files.exists(p.root().resolve(".galley/site/commit-journal")));
        p.build().assertOk(); // and the next build repairs the site from its inputs
        assertTrees(reference, TestProject.tree(p.site()));
        // No staging folder or old site is left; the standby tree may stay (the next build uses it).
        TreeSet<String> left = new TreeSet<>(names(p.root()));
        left.remove(".site.galley-standby");
        assertEquals(new TreeSet<>(List.of(".galley", "content", "site")), left);
    }

    private static List<String> names(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(x -> x.getFileName().toString()).toList();
        }
    }

    @Test
    void aBuildWithNothingChangedIsSkippedButItsWarningsAreReportedAgain(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- content/articles/2025/09/quiet.md --
                ---
                title: "A quiet day"
                date: 2025-09-01T09:00:00+02:00
                section: Sport
                authors: [ann-lee]
                ---
                See ![the view](/media/missing.jpg).
                """);
        TestProject.Run first = p.build().assertOk();
        List<String> warning = List.of(
                "content/articles/2025/09/quiet.md:7:5: warning: missing media file /media/missing.jpg; expected content/media/missing.jpg");
        assertEquals(warning, first.diagnostics());
        TestProject.Run second = TestProject.run("build", "--root", p.root().toString(), "--now", TestProject.NOW)
                .assertOk();
        assertTrue(second.err().contains("nothing changed since the last build"), second.toString());
        assertEquals(warning, second.diagnostics());
        Files.writeString(p.site().resolve("tags/index.html"), "tampered");
        TestProject.Run third = TestProject.run("build", "--root", p.root().toString(), "--now", TestProject.NOW)
                .assertOk();
        assertFalse(third.err().contains("nothing changed"), "a changed output must be rebuilt");
        assertTrue(Files.readString(p.site().resolve("tags/index.html")).contains("<h1>Tags</h1>"));
    }

    @Test
    void theClockPublishesScheduledArticlesEvenWhenNoFileChanged(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- content/articles/2026/12/later.md --
                ---
                title: "Scheduled"
                date: 2026-12-01T06:00:00Z
                section: Sport
                authors: [ann-lee]
                ---
                Embargoed until December.
                """);
        Path article = p.site().resolve("2026/12/01/later/index.html");
        TestProject.run("build", "--root", p.root().toString(), "--now", "2026-11-30T00:00:00Z", "--quiet")
                .assertOk();
        assertFalse(Files.exists(article));
        TestProject.run("build", "--root", p.root().toString(), "--now", "2026-11-30T12:00:00Z", "--quiet")
                .assertOk();
        assertFalse(Files.exists(article));
        TestProject.run("build", "--root", p.root().toString(), "--now", "2026-12-01T06:00:00Z", "--quiet")
                .assertOk();
        assertTrue(Files.exists(article), "published at its time without any file changing");
        assertTrue(Files.readString(p.site().resolve("sitemap-news.xml")).contains("/2026/12/01/later/"));
        TestProject.run("build", "--root", p.root().toString(), "--now", "2026-12-03T07:00:00Z", "--quiet")
                .assertOk();
        assertFalse(
                Files.exists(p.site().resolve("sitemap-news.xml")),
                "out of the news sitemap two days later (the only article it had: no news sitemap)");
    }
}
