package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.testing.ArchiveGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check}'s links and images (issue #20): broken internal links, anchors, links to drafts
 * and future articles as errors, images without alt text as warnings; each with its position in
 * the Markdown file, a did-you-mean when one is near, its code; and no finding for what works.
 */
class CheckLinksTest {

    /** Two published articles, a draft and a future one; harbour.md's body starts at line 10. */
    private static final String SITE = TestProject.BASE + """
            -- content/media/q.jpg --
            not really a jpeg
            -- content/articles/2025/11/ferry.md --
            ---
            title: "Ferry timetable"
            date: 2025-11-24T10:00:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port, Київ]
            summary: "New times."
            image: { src: /media/q.jpg, alt: "Quay" }
            ---
            ## Timetable

            Boats leave on the hour.
            -- content/articles/2025/11/draft.md --
            ---
            title: "Not yet"
            date: 2025-11-20T10:00:00+02:00
            section: Business
            authors: [ann-lee]
            summary: "Draft."
            image: { src: /media/q.jpg, alt: "Quay" }
            draft: true
            ---
            Unfinished.
            -- content/articles/2026/12/future.md --
            ---
            title: "Later"
            date: 2026-12-08T06:00:00+02:00
            section: Business
            authors: [ann-lee]
            summary: "Soon."
            image: { src: /media/q.jpg, alt: "Quay" }
            ---
            Embargoed.
            """;

    private static String harbour(String body) {
        return """
                -- content/articles/2025/11/harbour.md --
                ---
                title: "Harbour reopens"
                date: 2025-11-24T09:12:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [Port]
                summary: "The harbour is open again."
                image: { src: /media/q.jpg, alt: "Quay" }
                ---
                """ + body;
    }

    private static final String BROKEN = SITE + harbour("""
            ## Background

            See [the ferry](/2025/11/24/fery/) today.
            [Draft](../../2025/11/draft.md) and [later](../../2026/12/future.md).
            [Times](ferry.md#timetabel) and [bg](#backgroud).
            ![](/media/q.jpg) <img src="/media/q.jpg">
            [gone](ferri.md) or [above](../../../../../x/)
            [abs](https://example.org/2025/11/24/ferry/#nope) [draft url](/2025/11/20/draft/)
            """);

    private static TestProject.Run check(Path root, String... extra) {
        List<String> args = new java.util.ArrayList<>(
                List.of("check", "--root", root.toString(), "--now", TestProject.NOW, "--quiet"));
        args.addAll(List.of(extra));
        return TestProject.run(args.toArray(String[]::new));
    }

    @Test
    void reportsEveryBrokenLinkAnchorAndUnpublishedTargetAtItsPlace(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, BROKEN);
        TestProject.Run run = check(tmp);
        assertEquals(1, run.exitCode(), run.toString());
        String f = "content/articles/2025/11/harbour.md:";
        assertEquals(
                List.of(
                        f + "12:5: error: link to /2025/11/24/fery/ leads to no page; did you mean /2025/11/24/ferry/?",
                        f + "13:1: error: links to content/articles/2025/11/draft.md, which is a draft (published pages"
                                + " would link to nothing); publish it first or remove the link",
                        f + "13:37: error: links to content/articles/2026/12/future.md, which is dated"
                                + " 2026-12-08T06:00:00+02:00, after the check's time (published pages would link to"
                                + " nothing until then); link to it once it is out",
                        f + "14:1: error: link to ferry.md#timetabel: /2025/11/24/ferry/ has no element with"
                                + " id=\"timetabel\"; did you mean ferry.md#timetable?",
                        f + "14:33: error: link to #backgroud: this page has no element with id=\"backgroud\"; did"
                                + " you mean #background?",
                        f + "16:1: error: link to ferri.md leads to no article file (content/articles/2025/11/ferri.md"
                                + " does not exist); did you mean ferry.md?",
                        f
                                + "16:21: error: link to ../../../../../x/ leads above the site's root, to no page; correct or"
                                + " remove it",
                        f + "17:1: error: link to https://example.org/2025/11/24/ferry/#nope: /2025/11/24/ferry/ has no"
                                + " element with id=\"nope\"; correct the anchor or remove it",
                        f + "17:51: error: links to content/articles/2025/11/draft.md, which is a draft (published"
                                + " pages would link to nothing); publish it first or remove the link",
                        f + "15:1: warning: image has no alt text; describe it for readers who cannot see it: ![what it"
                                + " shows](/media/q.jpg)",
                        f + "15:19: warning: image has no alt text; describe it for readers who cannot see it (or"
                                + " alt=\"\" if decorative)"),
                run.diagnostics(),
                run.toString());
    }

    @Test
    void aLinkToAnArticleFileThatIsNotPublishedIsOneErrorNotAlsoTheBuildsWarning(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, SITE + harbour("See [it](draft.md).\n"));
        TestProject.Run run = check(tmp);
        assertEquals(
                List.of("content/articles/2025/11/harbour.md:10:5: error: links to content/articles/2025/11/draft.md,"
                        + " which is a draft (published pages would link to nothing); publish it first or remove the"
                        + " link"),
                run.diagnostics(),
                run.toString());
        // The build is as it was: a warning, and the site is made.
        TestProject.Run build = p.build();
        assertEquals(0, build.exitCode(), build.toString());
        assertEquals(
                List.of("content/articles/2025/11/harbour.md:10:5: warning: link to \"draft.md\" does not name a"
                        + " published article"),
                build.diagnostics());
        // With --drafts the draft is published, and the link works.
        assertEquals(List.of(), check(tmp, "--drafts").diagnostics());
    }

    @Test
    void aFutureArticleLinkedByUrlIsFineWithFuture(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, SITE + harbour("Soon: [later](/2026/12/08/future/).\n"));
        assertEquals(1, check(tmp).exitCode());
        TestProject.Run run = check(tmp, "--future");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), run.diagnostics());
    }

    @Test
    void everyKindOfWorkingLinkPasses(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, SITE + harbour("""
                        ## Background

                        Lists: [tag](/tags/port/), [page two](/tags/port/page/2/), [section](/sections/business/),
                        [author](/authors/ann-lee/), [day](/2025/11/24/), [month](/2025/11/), [year](/2025/),
                        [archive](/archive/), [tags](/tags/), [search](/search/), [home](/), [Київ](/tags/%D0%BA%D0%B8%D1%97%D0%B2/).
                        Files: [feed](/feed.xml), [rss](/tags/port/rss.xml), [css](/css/galley.css), [sitemap](/sitemap.xml),
                        ![Quay](/media/q.jpg), <img src="/media/q.jpg" alt="">, <a href="/2025/11/24/ferry/">raw</a>.
                        Articles: [url](/2025/11/24/ferry/), [no slash](/2025/11/24/ferry), [index](/2025/11/24/ferry/index.html),
                        [query](/2025/11/24/ferry/?utm_source=x#timetable), [file](ferry.md#timetable), [relative](../ferry/),
                        [absolute](https://example.org/2025/11/24/ferry/), [http](http://EXAMPLE.org/2025/11/24/ferry/#timetable).
                        Anchors: [up](#background), [top](#top), [here](#here) <a id="here"></a>, [theme](#main), note[^1].
                        Elsewhere: [x](https://other.example/a/), [mail](mailto:ann@example.org), [call](tel:+380441234567),
                        [cdn](//cdn.example.org/a.js), [ftp](ftp://example.org/a), [empty]().

                        [^1]: A note, [back](#fnref-1).
                        """) + """
                        -- content/articles/2025/11/ferry2.md --
                        ---
                        title: "Ferry two"
                        date: 2025-11-23T10:00:00+02:00
                        section: Business
                        authors: [ann-lee]
                        tags: [Port]
                        summary: "More."
                        image: { src: /media/q.jpg, alt: "Quay" }
                        ---
                        Text.
                        -- content/authors/ann-lee.md --
                        ---
                        name: Ann Lee
                        role: Reporter
                        ---
                        Ann writes about [the port](/tags/port/) and [ferries](/2025/11/24/ferry/#timetable).
                        -- content/tags/port.md --
                        ---
                        name: Port
                        ---
                        See [the harbour](/2025/11/24/harbour/#background).
                        """);
        TestProject.Run run = check(tmp);
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), run.diagnostics(), run.toString());
        // The pages linked above exist in a build (the check did not just accept everything).
        p.build().assertOk();
        for (String page :
                List.of("tags/port/page/2/index.html", "tags/київ/index.html", "2025/11/index.html", "sitemap.xml")) {
            assertTrue(Files.exists(p.site().resolve(page)), page);
        }
        assertTrue(Files.readString(p.site().resolve("2025/11/24/harbour/index.html"))
                .contains("id=\"main\""));
    }

    @Test
    void rawHtmlLinksAreCheckedAtTheirOwnLineWithTheBasePathTheyCarry(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, SITE + harbour("""
                <figure>
                  <img src="/archive/media/q.jpg">
                  <a href="/archive/2025/11/24/fery/">x</a> <a href="/archive/2025/11/24/ferry/">y</a>
                  <img src="/archive/media/gone.jpg" alt="">
                </figure>

                [md](/2025/11/24/ferry/) [old host path](https://example.org/archive/2025/11/24/ferry/)
                """));
        TestProject.Run run = check(tmp, "--base-url", "https://example.org/archive/");
        String f = "content/articles/2025/11/harbour.md:";
        assertEquals(
                List.of(
                        f
                                + "12:3: error: link to /archive/2025/11/24/fery/ (/2025/11/24/fery/) leads to no page; did you"
                                + " mean /2025/11/24/ferry/?",
                        f
                                + "11:3: warning: image has no alt text; describe it for readers who cannot see it (or alt=\"\""
                                + " if decorative)",
                        f + "13:3: warning: missing media file /media/gone.jpg; expected content/media/gone.jpg"),
                run.diagnostics(),
                run.toString());
    }

    @Test
    void bioAndDescriptionLinksAreCheckedAtTheirLines(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, SITE + harbour("Text.\n") + """
                        -- content/authors/ann-lee.md --
                        ---
                        name: Ann Lee
                        role: Reporter
                        ---
                        Ann writes about
                        [the port](/tags/prot/).
                        -- content/sections/business.md --
                        ---
                        name: Business
                        ---
                        Money, [ships](#shps).
                        """);
        TestProject.Run run = check(tmp);
        assertEquals(
                List.of(
                        "content/authors/ann-lee.md:6:1: error: link to /tags/prot/ leads to no page; did you mean"
                                + " /tags/port/?",
                        "content/sections/business.md:4:8: error: link to #shps: this page has no element with"
                                + " id=\"shps\"; correct the anchor or remove it"),
                run.diagnostics(),
                run.toString());
    }

    @Test
    void findingsHaveCodesInJsonAndGithubAndOnlyErrorsFailUnlessStrict(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, SITE + harbour("[x](/nowhere/) ![](/media/q.jpg)\n"));
        TestProject.Run json = check(tmp, "--format", "json");
        assertEquals(1, json.exitCode());
        assertEquals(
                List.of(
                        "{\"path\":\"content/articles/2025/11/harbour.md\",\"line\":10,\"column\":1,\"severity\":\"error\","
                                + "\"code\":\"broken-link\",\"message\":\"link to /nowhere/ leads to no page; correct or"
                                + " remove it\"}",
                        "{\"path\":\"content/articles/2025/11/harbour.md\",\"line\":10,\"column\":16,\"severity\":"
                                + "\"warning\",\"code\":\"image-no-alt\",\"message\":\"image has no alt text; describe it"
                                + " for readers who cannot see it: ![what it shows](/media/q.jpg)\"}"),
                json.out().strip().lines().toList());
        TestProject.Run github = check(tmp, "--format", "github");
        assertTrue(
                github.out()
                        .startsWith("::error file=content/articles/2025/11/harbour.md,line=10,col=1,title=galley"
                                + " broken-link::link to /nowhere/"),
                github.out());

        // Warnings alone: exit 0, or 1 with --strict.
        TestProject.write(tmp, SITE + harbour("![](/media/q.jpg)\n"));
        TestProject.Run warned = check(tmp);
        assertEquals(0, warned.exitCode(), warned.toString());
        assertEquals(1, warned.diagnostics().size(), warned.toString());
        assertEquals(1, check(tmp, "--strict").exitCode());
    }

    @Test
    void aGeneratedArchiveHasNoLinkFindings(@TempDir Path tmp) {
        ArchiveGenerator.articles(300).writeTo(tmp);
        TestProject.Run run =
                TestProject.run("check", "--root", tmp.toString(), "--now", ArchiveGenerator.NOW, "--quiet");
        assertEquals(0, run.exitCode(), run.toString());
        // The generator's editorial gaps (no summary, no image, 16-pixel placeholder heroes) are
        // warnings of their own; nothing else.
        List<String> others = run.diagnostics().stream()
                .filter(l -> !l.contains(": warning: no summary: ")
                        && !l.contains(": warning: no image: ")
                        && !l.contains(": warning: the hero image "))
                .toList();
        assertEquals(List.of(), others, run.toString());
    }
}
