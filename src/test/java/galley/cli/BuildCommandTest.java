package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract other tools rely on: options, exit codes, messages. */
class BuildCommandTest {

    private static final String ARTICLE = """
            -- content/articles/2025/11/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port]
            ---
            The harbour reopened on Monday.
            """;

    @Test
    void helpAndVersionExitZero() {
        TestProject.Run help = TestProject.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("build"), help.out());
        TestProject.Run buildHelp = TestProject.run("build", "--help");
        assertEquals(0, buildHelp.exitCode());
        assertTrue(buildHelp.out().contains("--now"), buildHelp.out());
        assertTrue(buildHelp.out().contains("Exit codes:"), buildHelp.out());
        assertTrue(buildHelp.out().contains("4   the output folder is busy"), buildHelp.out());
        assertTrue(TestProject.run("check", "--help").out().contains("--no-wait"));
        TestProject.Run version = TestProject.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("galley "), version.out());
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path tmp) {
        assertEquals(2, TestProject.run("build", "--no-such-option").exitCode());
        assertEquals(2, TestProject.run("publish").exitCode());
        assertEquals(2, TestProject.run().exitCode());
        TestProject.Run badNow = TestProject.run("build", "--root", tmp.toString(), "--now", "yesterday");
        assertEquals(2, badNow.exitCode());
        assertTrue(badNow.err().contains("--now \"yesterday\" is not an ISO-8601 time"), badNow.err());
        assertEquals(
                2,
                TestProject.run("build", "--root", tmp.toString(), "--base-url", "not a url")
                        .exitCode());
        assertEquals(
                2,
                TestProject.run("build", "--root", tmp.resolve("missing").toString())
                        .exitCode());
    }

    @Test
    void contentOnlyProjectUsesTheBundledTheme(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE);
        TestProject.Run run = p.build();
        assertEquals(0, run.exitCode(), run.toString());
        String page = Files.readString(p.site().resolve("2025/11/24/harbour/index.html"));
        assertTrue(page.contains("<h1>Harbour reopens</h1>"), page);
        assertTrue(Files.isRegularFile(p.site().resolve("css/galley.css")));
    }

    @Test
    void projectTemplatesOverrideTheBundledOnes(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE + """
                -- templates/article.ftlh --
                <p>${article.title} & ${site.title}</p>
                -- templates/static/robots.txt --
                User-agent: *
                """);
        p.build().assertOk();
        assertEquals(
                "<p>Harbour reopens & Test Ledger</p>\n",
                Files.readString(p.site().resolve("2025/11/24/harbour/index.html")));
        assertTrue(Files.readString(p.site().resolve("robots.txt")).startsWith("User-agent: *\n"));
        assertFalse(
                Files.readString(p.site().resolve("robots.txt")).contains("Sitemap:"),
                "the theme's robots.txt replaces the generated one");
    }

    @Test
    void templateErrorsNameTheTemplateLine(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE + """
                -- templates/article.ftlh --
                <h1>${article.title}</h1>
                <p>${article.nonsense}</p>
                """);
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.diagnostics().size(), run.toString());
        assertTrue(
                run.diagnostics()
                        .get(0)
                        .startsWith(
                                "templates/article.ftlh:2:6: error: template error: article.nonsense is missing or null; "),
                run.toString());
        assertFalse(Files.exists(p.site()));
    }

    @Test
    void templatesCannotInstantiateJavaClasses(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE + """
                -- templates/article.ftlh --
                <#assign ex = "freemarker.template.utility.Execute"?new()>${ex("id")}
                """);
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.diagnostics().get(0).startsWith("templates/article.ftlh:1:"), run.toString());
    }

    @Test
    void warningsPassUnlessStrict(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE + """
                -- content/articles/2025/11/ferry.md --
                ---
                title: "Ferry returns"
                date: 2025-11-25T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [port]
                image:
                  src: /media/2025/11/ferry.jpg
                  alt: "The ferry"
                ---
                The ferry is back.
                """);
        List<String> expected = List.of(
                "content/articles/2025/11/ferry.md:6:8: warning: tag \"port\" is spelled \"Port\" elsewhere; merged under \"Port\"",
                "content/articles/2025/11/ferry.md:8:8: warning: missing media file /media/2025/11/ferry.jpg; expected content/media/2025/11/ferry.jpg");
        TestProject.Run lenient = p.build();
        assertEquals(0, lenient.exitCode(), lenient.toString());
        assertEquals(expected, lenient.diagnostics());
        Files.writeString(p.site().resolve("index.html"), "previous");
        TestProject.Run strict = p.build("--strict");
        assertEquals(1, strict.exitCode(), strict.toString());
        assertEquals(expected, strict.diagnostics());
        assertEquals("previous", Files.readString(p.site().resolve("index.html")));
    }

    @Test
    void draftsAndFutureArticlesAreLeftOutUnlessAsked(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE + """
                -- content/articles/2026/12/later.md --
                ---
                title: "Later"
                date: 2026-12-01
                section: Business
                authors: [ann-lee]
                ---
                Soon.
                -- content/articles/2025/11/draft.md --
                ---
                title: "Draft"
                date: 2025-11-01
                section: Business
                authors: [ann-lee]
                draft: true
                ---
                Not yet.
                """);
        p.build().assertOk();
        assertFalse(Files.exists(p.site().resolve("2026/12/01/later/index.html")));
        assertFalse(Files.exists(p.site().resolve("2025/11/01/draft/index.html")));
        p.build("--future", "--drafts").assertOk();
        assertTrue(Files.exists(p.site().resolve("2026/12/01/later/index.html")));
        assertTrue(Files.exists(p.site().resolve("2025/11/01/draft/index.html")));
        p.build("--now", "2026-12-02T00:00:00Z").assertOk();
        assertTrue(Files.exists(p.site().resolve("2026/12/01/later/index.html")));
    }

    @Test
    void refusesToReplaceTheProject(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE);
        for (Path out : List.of(tmp, tmp.resolve("content"), tmp.resolve("content/media"), tmp.getParent())) {
            TestProject.Run run = p.build("--out", out.toString());
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.err().contains("refusing to write the site to"), run.toString());
        }
        assertTrue(Files.isRegularFile(tmp.resolve("content/site.yaml")));
    }

    @Test
    void unchangedFilesAreNotRewrittenAndChangesAreListed(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE + """
                -- content/articles/2025/10/rowing.md --
                ---
                title: "Rowing season opens"
                date: 2025-10-01T09:00:00+02:00
                section: Sport
                authors: [ann-lee]
                ---
                Boats are out.
                """);
        p.build().assertOk();
        Path article = p.site().resolve("2025/11/24/harbour/index.html");
        Path home = p.site().resolve("index.html");
        FileTime old = FileTime.fromMillis(1_500_000_000_000L);
        Files.setLastModifiedTime(article, old);
        Files.setLastModifiedTime(home, old);
        p.add("""
                -- content/articles/2025/11/ferry.md --
                ---
                title: "Ferry returns"
                date: 2025-11-25T09:00:00+02:00
                section: Sport
                authors: [ann-lee]
                ---
                The ferry is back.
                """);
        Path changes = tmp.resolve("changes.txt");
        p.build("--changes", changes.toString()).assertOk();
        assertEquals(old, Files.getLastModifiedTime(article), "an unchanged page was rewritten");
        assertTrue(Files.getLastModifiedTime(home).compareTo(old) > 0, "the home page should have changed");
        List<String> listed = Files.readAllLines(changes);
        assertTrue(listed.contains("2025/11/25/ferry/index.html"), listed.toString());
        assertTrue(listed.contains("index.html"), listed.toString());
        assertFalse(listed.contains("2025/11/24/harbour/index.html"), listed.toString());
    }

    @Test
    void checkReportsProblemsAndWritesNothing(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE.replace("[ann-lee]", "[nobody]"));
        TestProject.Run run = TestProject.run("check", "--root", tmp.toString(), "--now", TestProject.NOW, "--quiet");
        assertEquals(1, run.exitCode());
        assertEquals(
                List.of(
                        "content/articles/2025/11/harbour.md:5:11: error: unknown author \"nobody\"; expected content/authors/nobody.md"),
                run.diagnostics().stream().filter(l -> l.contains(": error: ")).toList());
        assertFalse(Files.exists(p.site()));
    }

    @Test
    void checkFindsWhatRenderingFindsWithoutWritingAnything(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(
                tmp,
                TestProject.BASE
                        + ARTICLE.replace(
                                "The harbour reopened",
                                "See [the storm](storm.md) and ![pier](/media/pier.jpg). The harbour reopened")
                        + """
                -- templates/list.ftlh --
                <#import "_layout.ftlh" as layout>
                <@layout.page>${list.noSuchField}</@layout.page>
                """);
        TestProject.Run run = TestProject.run("check", "--root", tmp.toString(), "--now", TestProject.NOW, "--quiet");
        assertEquals(1, run.exitCode(), run.toString());
        List<String> problems = run.diagnostics();
        assertTrue(
                problems.stream()
                        .anyMatch(l -> l.startsWith("templates/list.ftlh:2:") && l.contains("error: template error")),
                run.toString());
        // The build's warning for a link to an article file that is not published is, in check, the
        // one error that says what the file is (CheckLinksTest has the other link findings).
        String storm = "content/articles/2025/11/harbour.md:8:5: error: link to storm.md leads to no article file"
                + " (content/articles/2025/11/storm.md does not exist); correct or remove it";
        assertTrue(problems.contains(storm), run.toString());
        assertTrue(problems.stream().noneMatch(l -> l.contains("does not name a published article")), run.toString());
        assertTrue(
                problems.stream().anyMatch(l -> l.contains("warning: missing media file /media/pier.jpg")),
                run.toString());
        try (var files = Files.list(tmp)) { // nothing written: no site, no cache, no staging folder
            assertEquals(
                    List.of("content", "templates"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        // The same problems as a build reports, and the editorial warnings only check gives.
        TestProject.Run build = p.build();
        assertEquals(1, build.exitCode(), build.toString());
        assertEquals(
                problems.stream()
                        .filter(l -> !l.contains(": warning: no summary:") && !l.contains(": warning: no image:"))
                        .map(l -> l.equals(storm)
                                ? "content/articles/2025/11/harbour.md:8:5: warning: link to \"storm.md\" does not name"
                                        + " a published article"
                                : l)
                        .sorted()
                        .toList(),
                build.diagnostics().stream().sorted().toList());
        assertTrue(
                problems.contains("content/articles/2025/11/harbour.md:1: warning: no image: lists and link previews"
                        + " show none; add image: with src and alt"),
                problems.toString());
    }

    @Test
    void checkOfAValidProjectLeavesTheFolderAsItWas(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE + ARTICLE);
        var before = TestProject.tree(tmp);
        TestProject.Run run = TestProject.run("check", "--root", tmp.toString(), "--now", TestProject.NOW);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("Checked 1 articles"), run.out());
        assertFalse(run.out().contains("Built"), run.out());
        assertEquals(before, TestProject.tree(tmp));
        try (var files = Files.list(tmp)) {
            assertEquals(
                    List.of("content"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(p.site()));
    }
}
