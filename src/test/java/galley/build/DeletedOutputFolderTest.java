package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.output.OutputWriter;
import galley.output.TreeExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build after the output folder was deleted while the build's state was kept ({@code rm -rf
 * site}, or a CI job that restores {@code .galley/} and not {@code site/}) is a first build: it
 * renders and writes every output, as a build with no state does, and gives what a clean build
 * gives. It used to take the incremental path against a site that was not there and then delete
 * the deleted site's standby tree, which at 25,000 articles made its write step 16.9 s instead of
 * 0.34 s. Where that standby is left, its folders and unchanged files are reused instead.
 */
class DeletedOutputFolderTest {

    private static final String PROJECT = TestProject.BASE + """
            -- content/articles/2025/11/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port, Ships]
            ---
            The harbour reopened.
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

    private static final String FERRY = """
            -- content/articles/2025/11/ferry.md --
            ---
            title: "Ferry returns"
            date: 2025-11-25T09:00:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port]
            ---
            The ferry is back.
            """;

    @Test
    void aBuildAfterTheSiteWasDeletedIsAFirstBuild(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path standby = p.root().resolve(".site.galley-standby");
        p.build().assertOk();
        p.add(FERRY);
        p.build().assertOk(); // several files change: the standby is made
        if (TreeExchange.works(tmp)) assertTrue(Files.isDirectory(standby), "no standby to recycle");

        // rm -rf site, the state and the standby left; then a body edit, which with a site would
        // take the quick path that renders the article's page and feeds alone.
        OutputWriter.deleteTree(p.site());
        p.add(FERRY.replace("The ferry is back.", "The ferry is back, twice a day."));
        TestProject.Run run = TestProject.run(
                        "build",
                        "--root",
                        p.root().toString(),
                        "--now",
                        TestProject.NOW,
                        "--changes",
                        tmp.resolve("after-rm").toString())
                .assertOk();
        Map<String, String> clean = cleanBuild(p, tmp.resolve("clean"));
        assertTrue(run.err().contains("outputs rendered (full)"), run.err());
        assertEquals(
                clean.keySet(),
                Set.copyOf(Files.readAllLines(tmp.resolve("after-rm"))),
                "every output written, as in a first build");
        assertEquals(clean, TestProject.tree(p.site()));
        // The deleted site's standby became the new site's folders (not deleted first), and the
        // build, a first build, made a new standby as it wrote the site: a copy of it.
        if (TreeExchange.works(tmp)) assertEquals(TestProject.tree(p.site()), TestProject.tree(standby));
        assertFalse(Files.exists(p.root().resolve(".site.galley-staging")), "a staging folder is left");

        // A CI job that restores .galley/ alone (no site, no standby), after an article was added,
        // which with a site would take the quick path that keeps every other output.
        OutputWriter.deleteTree(p.site());
        p.add(FERRY.replace("ferry.md", "pier.md").replace("Ferry returns", "Pier opens"));
        assertEquals(cleanBuild(p, tmp.resolve("clean2")).keySet(), Set.copyOf(changes(p, tmp, "ci")));
        assertEquals(cleanBuild(p, tmp.resolve("clean3")), TestProject.tree(p.site()));

        // And the build after it is incremental again, and right.
        p.add(FERRY.replace("The ferry is back.", "The ferry is back, every hour."));
        List<String> edit = changes(p, tmp, "edit");
        assertTrue(edit.contains("2025/11/25/ferry/index.html") && edit.size() < clean.size() / 2, edit.toString());
        assertEquals(cleanBuild(p, tmp.resolve("clean4")), TestProject.tree(p.site()));
    }

    private static List<String> changes(TestProject p, Path tmp, String name) throws IOException {
        Path file = tmp.resolve(name);
        p.build("--changes", file.toString()).assertOk();
        return Files.readAllLines(file);
    }

    private static Map<String, String> cleanBuild(TestProject p, Path out) throws IOException {
        TestProject.run(
                        "build",
                        "--root",
                        p.root().toString(),
                        "--out",
                        out.toString(),
                        "--now",
                        TestProject.NOW,
                        "--quiet",
                        "--clean")
                .assertOk();
        return TestProject.tree(out);
    }
}
