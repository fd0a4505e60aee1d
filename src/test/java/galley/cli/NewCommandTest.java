package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code galley init}, {@code galley new} and {@code galley new author}: what they write, and what they refuse. */
class NewCommandTest {

    @Test
    void initMakesAnArchiveThatBuilds(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("paper");
        TestProject.Run init =
                TestProject.run("init", root.toString(), "--title", "The Quay Post", "--timezone", "Europe/Lisbon");
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(Files.isRegularFile(root.resolve("content/site.yaml")));
        assertTrue(Files.readString(root.resolve(".gitignore")).contains("/site/"));
        String siteYaml = Files.readString(root.resolve("content/site.yaml"));
        assertTrue(siteYaml.contains("# feed_full_content: site"), "every key is there, the optional ones commented");
        assertTrue(siteYaml.contains("# git_dates: false"), siteYaml);

        TestProject.Run build = TestProject.run("build", "--root", root.toString(), "--quiet");
        assertEquals(0, build.exitCode(), build.err());
        assertEquals("", build.err(), "the new archive builds without a warning");
        assertTrue(Files.readString(root.resolve("site/index.html")).contains("Welcome to The Quay Post"));
    }

    @Test
    void initRefusesAFolderThatHoldsAnArchive(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, TestProject.BASE);
        Map<String, String> before = TestProject.tree(tmp);
        TestProject.Run init = TestProject.run("init", tmp.toString());
        assertEquals(2, init.exitCode());
        assertTrue(init.err().contains("already holds content/"), init.err());
        assertEquals(before, TestProject.tree(tmp));
    }

    @Test
    void newArticleIsFiledByItsDateInTheSiteTimezoneAndBuilds(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, TestProject.BASE); // timezone: Europe/Kyiv, two hours ahead in winter
        String headline = "\"Not yet\": council's #1 vote \\ a - b: delayed";
        TestProject.Run created = TestProject.run(
                "new",
                headline,
                "--root",
                tmp.toString(),
                "--section",
                "City Hall",
                "--author",
                "ann-lee",
                "--tags",
                "Council, Budget",
                "--date",
                "2026-11-30T23:30:00Z");
        assertEquals(0, created.exitCode(), created.err());
        Path file = Path.of("content/articles/2026/12/not-yet-councils-1-vote-a-b-delayed.md");
        assertEquals(file.toString(), created.out().strip());
        String text = Files.readString(tmp.resolve(file));
        assertTrue(text.contains("date: 2026-12-01T01:30:00+02:00\n"), text);
        assertTrue(text.contains("tags: [\"Council\", \"Budget\"]\n"), text);

        Files.writeString(tmp.resolve(file), text + "The vote was delayed.\n", StandardCharsets.UTF_8);
        TestProject.Run build =
                TestProject.run("build", "--root", tmp.toString(), "--now", "2026-12-02T00:00:00Z", "--quiet");
        assertEquals(0, build.exitCode(), build.err());
        String page = Files.readString(tmp.resolve("site/2026/12/01/not-yet-councils-1-vote-a-b-delayed/index.html"));
        assertTrue(
                page.contains("&quot;Not yet&quot;: council&#39;s #1 vote \\ a - b: delayed")
                        || page.contains("\"Not yet\": council's #1 vote \\ a - b: delayed"),
                "the headline reads back exactly");
    }

    @Test
    void unknownAuthorIsRefusedWithTheNearestName(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, TestProject.BASE);
        Map<String, String> before = TestProject.tree(tmp);
        TestProject.Run run = TestProject.run(
                "new", "Harbour reopens", "--root", tmp.toString(), "--section", "Business", "--author", "ann-le");
        assertEquals(2, run.exitCode());
        assertTrue(
                run.err().contains("--author ann-le: there is no content/authors/ann-le.md; did you mean ann-lee?"),
                run.err());
        assertTrue(run.err().contains("nothing was written"), run.err());
        assertEquals(before, TestProject.tree(tmp));
    }

    @Test
    void anExistingFileIsNeverReplaced(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, TestProject.BASE);
        String[] args = {
            "new",
            "Harbour reopens",
            "--root",
            tmp.toString(),
            "--section",
            "Business",
            "--author",
            "ann-lee",
            "--date",
            "2026-12-01T10:00:00+02:00"
        };
        assertEquals(0, TestProject.run(args).exitCode());
        Path file = tmp.resolve("content/articles/2026/12/harbour-reopens.md");
        Files.writeString(file, "edited by hand\n");
        TestProject.Run again = TestProject.run(args);
        assertEquals(1, again.exitCode());
        assertTrue(
                again.err().contains("content/articles/2026/12/harbour-reopens.md: error: exists already"),
                again.err());
        assertEquals("edited by hand\n", Files.readString(file));
    }

    @Test
    void newAuthorWritesAProfileOnce(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, TestProject.BASE);
        TestProject.Run run =
                TestProject.run("new", "author", "Zoë O'Brien", "--root", tmp.toString(), "--role", "Reporter");
        assertEquals(0, run.exitCode(), run.err());
        Path file = tmp.resolve("content/authors/zoe-obrien.md");
        assertEquals("content/authors/zoe-obrien.md", run.out().strip());
        assertTrue(Files.readString(file).contains("name: \"Zoë O'Brien\"\nrole: \"Reporter\"\n"));
        TestProject.Run again = TestProject.run("new", "author", "Zoë O'Brien", "--root", tmp.toString());
        assertEquals(1, again.exitCode());
        assertFalse(Files.readString(file).isEmpty());
    }

    @Test
    void aSectionSpeltNearlyLikeADescribedOneGetsAHint(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, TestProject.BASE + """
                -- content/sections/politics.md --
                ---
                name: Politics
                ---
                """);
        TestProject.Run run =
                TestProject.run("new", "Vote", "--root", tmp.toString(), "--section", "Politcs", "--author", "ann-lee");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("did you mean the section of content/sections/politics.md?"), run.err());
    }
}
