package galley.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input under content/ that no rule reads is a warning naming it, in clean and incremental builds alike (issue #19). */
class UnknownInputTest {

    private static final String ARTICLE = """
            -- content/articles/2025/09/quiet.md --
            ---
            title: "A quiet day"
            date: 2025-09-01T09:00:00+02:00
            section: Sport
            authors: [ann-lee]
            ---
            Nothing happened.
            """;

    private static final List<String> WARNINGS = List.of(
            "content/article: warning: content/article/ is not read by Galley; did you mean content/articles/?",
            "content/articles/2025/09/notes.txt: warning: ignored: only .md files belong in content/articles/",
            "content/autors: warning: content/autors/ is not read by Galley; did you mean content/authors/?",
            "content/pages: warning: content/pages/ is not read by Galley (content/ holds site.yaml, articles/, authors/, sections/, tags/ and media/)",
            "content/site.yml: warning: content/site.yml is not read by Galley; did you mean content/site.yaml?");

    @Test
    void unreadFilesAndFoldersAreNamedWithANearName(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), TestProject.BASE + ARTICLE + """
                -- content/pages/about.md --
                About us.
                -- content/article/2025/09/lost.md --
                lost
                -- content/autors/bob.md --
                bob
                -- content/site.yml --
                title: x
                -- content/articles/2025/09/notes.txt --
                notes
                -- content/.DS_Store --
                x
                -- content/media/.gitkeep --
                -- content/articles/.gitkeep --
                """);
        TestProject.Run clean = p.build().assertOk();
        assertEquals(WARNINGS, clean.diagnostics());
        // Nothing changed: the no-op path reports the same warnings, each once.
        TestProject.Run noop = TestProject.run("build", "--root", p.root().toString(), "--now", TestProject.NOW)
                .assertOk();
        assertTrue(noop.err().contains("nothing changed"), noop.toString());
        assertEquals(WARNINGS, noop.diagnostics());
        // Editing a file inside an unread folder changes nothing Galley reads: still a no-op, same warnings.
        Files.writeString(p.root().resolve("content/pages/about.md"), "About us, edited.\n");
        TestProject.Run edited = TestProject.run("build", "--root", p.root().toString(), "--now", TestProject.NOW)
                .assertOk();
        assertEquals(WARNINGS, edited.diagnostics());
    }

    @Test
    void removingOrAddingUnreadInputIsNoNoOp(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), TestProject.BASE + ARTICLE + """
                -- content/pages/about.md --
                About us.
                """);
        assertEquals(1, p.build().assertOk().diagnostics().size());
        Files.delete(p.root().resolve("content/pages/about.md"));
        Files.delete(p.root().resolve("content/pages"));
        TestProject.Run after = p.build().assertOk();
        assertEquals(List.of(), after.diagnostics(), "a no-op must not replay the warning of a folder that is gone");
        p.add("""
                -- content/Tags/war.md --
                ---
                name: War
                ---
                """);
        TestProject.Run added = p.build().assertOk();
        boolean caseInsensitiveDisk = Files.isDirectory(p.root().resolve("content/tags"));
        if (!caseInsensitiveDisk) {
            assertEquals(
                    List.of("content/Tags: warning: content/Tags/ is not read by Galley; did you mean content/tags/?"),
                    added.diagnostics());
        } else {
            assertFalse(added.err().contains("warning"), added.toString());
        }
    }

    @Test
    void nearNames() {
        assertEquals(Optional.of("articles/"), ContentScanner.suggestion("article", true));
        assertEquals(Optional.of("articles/"), ContentScanner.suggestion("Artciles", true));
        assertEquals(Optional.of("media/"), ContentScanner.suggestion("Media", true));
        assertEquals(Optional.of("sections/"), ContentScanner.suggestion("section", true));
        assertEquals(Optional.of("tags/"), ContentScanner.suggestion("tag", true));
        assertEquals(Optional.of("site.yaml"), ContentScanner.suggestion("site.yml", false));
        assertEquals(Optional.of("site.yaml"), ContentScanner.suggestion("Site.YAML", false));
        assertEquals(Optional.of("authors/"), ContentScanner.suggestion("authors.md", false));
        assertEquals(Optional.empty(), ContentScanner.suggestion("pages", true));
        assertEquals(Optional.empty(), ContentScanner.suggestion("images", true));
        assertEquals(Optional.empty(), ContentScanner.suggestion("README.md", false));
    }
}
