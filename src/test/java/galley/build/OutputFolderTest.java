package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output folder is decided on real paths, and a build never replaces a folder Galley did not
 * make: every refusal exits 1 with an {@code --out: error:} line and changes nothing, least of all
 * content/ and templates/.
 */
class OutputFolderTest {

    private static final String PROJECT = TestProject.BASE + """
            -- content/articles/2025/11/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            ---
            The harbour reopened.
            -- templates/static/robots.txt --
            User-agent: *
            """;

    /** The project's sources, byte for byte. */
    private static String sources(Path root) throws IOException {
        return TestProject.tree(root.resolve("content")) + "\n" + TestProject.tree(root.resolve("templates"));
    }

    /** The sources and what else is at the project root. */
    private static String project(Path root) throws IOException {
        try (var names = Files.list(root)) {
            return sources(root) + "\n"
                    + names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertRefused(TestProject p, String expected, String... extra) throws IOException {
        String before = project(p.root());
        TestProject.Run run = p.build(extra);
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--out: error: " + expected), run.toString());
        assertEquals(before, project(p.root()), "content/, templates/ or the root changed");
    }

    @Test
    void aSymlinkedParentThatReachesContentIsRefused(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Files.createSymbolicLink(tmp.resolve("project-link"), p.root());
        Files.createSymbolicLink(tmp.resolve("content-link"), p.root().resolve("content"));
        assertRefused(
                p,
                "refusing to write the site to " + tmp.resolve("project-link/content") + " (really "
                        + p.root().toRealPath().resolve("content") + ")",
                "--out",
                tmp.resolve("project-link/content").toString());
        assertRefused(
                p,
                "refusing to write the site to ",
                "--out",
                tmp.resolve("content-link/site").toString());
        assertRefused(
                p,
                "refusing to write the site to ",
                "--out",
                tmp.resolve("project-link").toString());
        assertFalse(Files.exists(tmp.resolve(".galley")));
    }

    @Test
    void aSymlinkInsideTheRootThatReachesContentIsRefused(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, PROJECT);
        Files.createSymbolicLink(tmp.resolve("public"), tmp.resolve("content"));
        Files.createSymbolicLink(tmp.resolve("theme"), tmp.resolve("templates/static"));
        assertRefused(
                p,
                "refusing to write the site to ",
                "--out",
                tmp.resolve("public/site").toString());
        assertRefused(
                p,
                "refusing to write the site to ",
                "--out",
                tmp.resolve("theme/site").toString());
    }

    /** content/ itself may be a link to elsewhere: an --out there is still inside the content. */
    @Test
    void anOutputInsideALinkedContentFolderIsRefused(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path articles = tmp.resolve("articles");
        Files.move(p.root().resolve("content"), articles);
        Files.createSymbolicLink(p.root().resolve("content"), articles);
        assertRefused(
                p,
                "refusing to write the site to ",
                "--out",
                articles.resolve("site").toString());
        assertRefused(p, "refusing to write the site to ", "--out", articles.toString());
    }

    @Test
    void anOutputInAStateFolderIsRefused(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, PROJECT);
        p.build().assertOk();
        assertRefused(
                p,
                "refusing to write the site to ",
                "--out",
                tmp.resolve(".galley/site").toString());
        assertRefused(
                p,
                "refusing to write the site to ",
                "--out",
                tmp.resolve(".site.galley-standby/x").toString());
    }

    @Test
    void anOutputThatIsASymlinkIsRefused(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path real = Files.createDirectories(tmp.resolve("www"));
        Files.createSymbolicLink(p.site(), real);
        assertRefused(
                p,
                "--out " + p.site() + " is a symbolic link to " + real.toRealPath()
                        + "; a build replaces its output folder as a whole, which would replace the link by a folder; "
                        + "point --out at the real folder: --out " + real.toRealPath());
        assertTrue(Files.isSymbolicLink(p.site()));
        try (var inside = Files.list(real)) {
            assertEquals(List.of(), inside.toList());
        }
        p.build("--out", real.toString()).assertOk();
    }

    @Test
    void aNonEmptyFolderGalleyDidNotMakeIsRefusedUnlessForced(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, PROJECT);
        Files.createDirectories(p.site());
        Files.writeString(p.site().resolve("notes.txt"), "mine");
        assertRefused(
                p,
                "--out " + p.site()
                        + " is not empty and was not made by Galley; empty it, choose another folder, or pass --force to replace it");
        assertEquals("mine", Files.readString(p.site().resolve("notes.txt")));
        assertFalse(Files.exists(tmp.resolve(".galley")), "a refusal makes no state folder");

        String before = sources(tmp);
        p.build("--force").assertOk();
        assertFalse(Files.exists(p.site().resolve("notes.txt")));
        assertTrue(Files.isRegularFile(tmp.resolve(".galley/site").resolve(OutputFolder.MARKER)));
        assertEquals(before, sources(tmp));
        p.build().assertOk(); // Galley's now
    }

    @Test
    void emptyAndMissingFoldersAreTakenAndMarked(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        p.build("--out", empty.toString()).assertOk();
        p.build("--out", empty.toString()).assertOk();
        p.build("--out", tmp.resolve("fresh/site").toString()).assertOk();
        assertEquals(
                empty.toRealPath() + "\n",
                Files.readString(tmp.resolve(".galley/empty").resolve(OutputFolder.MARKER)));
        assertEquals(
                TestProject.tree(tmp.resolve("fresh/site")), TestProject.tree(empty), "the marker is not in the site");
    }

    /**
     * A site built by a Galley from before the marker (its state folder has the record of outputs)
     * is recognised as Galley's, and gets the marker with the next build that writes.
     */
    @Test
    void aSiteFromBeforeTheMarkerIsRecognised(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, PROJECT);
        p.build().assertOk();
        Path marker = tmp.resolve(".galley/site").resolve(OutputFolder.MARKER);
        Files.delete(marker);
        p.build().assertOk(); // nothing changed: nothing written
        p.add("""
                -- content/articles/2025/11/ferry.md --
                ---
                title: "Ferry returns"
                date: 2025-11-25T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                ---
                The ferry is back.
                """);
        p.build().assertOk();
        assertTrue(Files.isRegularFile(marker));
        TestProject clean = TestProject.write(tmp.resolve("clean"), "");
        p.build("--clean", "--out", clean.site().toString()).assertOk();
        assertEquals(TestProject.tree(clean.site()), TestProject.tree(p.site()));
    }

    /**
     * A site whose state folder was deleted (to start afresh, or a CI job that restores only the
     * site) is still Galley's: its home page names Galley as its generator. Another tool's site,
     * with a home page of its own, is not.
     */
    @Test
    void aSiteWhoseStateFolderWasDeletedIsStillGalleys(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, PROJECT);
        p.build().assertOk();
        try (Stream<Path> walk = Files.walk(tmp.resolve(".galley"))) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
        p.build().assertOk();
        assertTrue(Files.isRegularFile(tmp.resolve(".galley/site").resolve(OutputFolder.MARKER)));

        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(
                other.resolve("index.html"), "<!doctype html><meta name=\"generator\" content=\"Hugo 0.139\">");
        assertRefused(
                p,
                "--out " + other + " is not empty and was not made by Galley; empty it, choose another folder, or pass"
                        + " --force to replace it",
                "--out",
                other.toString());
    }
}
