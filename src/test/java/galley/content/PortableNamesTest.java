package galley.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.model.Slug;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every output name exists on Windows and macOS too: tags, sections, authors and slugs (issue #19). */
class PortableNamesTest {

    private static String article(String path, String frontMatter) {
        return "-- content/articles/2025/09/" + path + " --\n---\ntitle: \"A day\"\ndate: 2025-09-01T09:00:00+02:00\n"
                + "authors: [ann-lee]\n" + frontMatter + "---\nText.\n";
    }

    @Test
    void namesThatFoldAlikeAreOneTagAndDeviceNamesGetAnUnderscore(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(
                tmp.resolve("p"),
                TestProject.BASE
                        + article(
                                "a.md",
                                "section: Con\ntags: [ſport, \"µg\", ΟΔΟΣ, \"Pea\u200Dce\", \"sport\u3164\", Nul]\n")
                        + article("b.md", "section: CON\ntags: [sport, μg, οδοσ, Peace, LPT1]\n")
                        + article("con.md", "section: News\n"));
        TestProject.Run run = p.build().assertOk();
        Path site = p.site();
        for (String folder : List.of(
                "tags/sport",
                "tags/μg",
                "tags/οδος",
                "tags/peace",
                "tags/nul_",
                "tags/lpt1_",
                "sections/con_",
                "2025/09/01/con_")) {
            assertTrue(Files.isDirectory(site.resolve(folder)), folder + "\n" + run);
        }
        try (var tags = Files.list(site.resolve("tags"))) {
            List<String> names =
                    tags.map(t -> t.getFileName().toString()).sorted().toList();
            assertEquals(List.of("index.html", "lpt1_", "nul_", "peace", "sport", "μg", "οδος"), names);
        }
        // No two output paths differ only by case or normalisation, and none is a Windows device name.
        Map<String, String> tree = TestProject.tree(site);
        Set<String> folded = new HashSet<>();
        for (String path : tree.keySet()) {
            String key = Normalizer.normalize(path, Normalizer.Form.NFC)
                    .toUpperCase(Locale.ROOT)
                    .toLowerCase(Locale.ROOT);
            assertTrue(folded.add(key), "two outputs are one file on macOS and Windows: " + path);
            for (String part : path.split("/")) assertFalse(Slug.isReservedOnWindows(part), path);
        }
    }

    @Test
    void aSlugLongerThanTheLimitIsAnErrorAtItsField(@TempDir Path tmp) throws IOException {
        String longTag = "Війна ".repeat(30).strip(); // 30 × 10 bytes + hyphens: 329 bytes of slug
        String longFile = "a".repeat(130) + ".md";
        TestProject p = TestProject.write(
                tmp.resolve("p"),
                TestProject.BASE
                        + article("tagged.md", "section: News\ntags: [War, \"" + longTag + "\"]\n")
                        + article("sloped.md", "section: News\nslug: " + "b".repeat(121) + "\n")
                        + article("sectioned.md", "section: " + "Politics ".repeat(14) + "\n")
                        + article(longFile, "section: News\n"));
        TestProject.Run run = p.build();
        assertNotEquals(0, run.exitCode(), run.toString());
        List<String> d = run.diagnostics();
        assertTrue(
                d.contains("content/articles/2025/09/tagged.md:6:13: error: tag \"" + longTag + "\" gives a slug of "
                        + Slug.of(longTag).getBytes(StandardCharsets.UTF_8).length
                        + " bytes; a slug may have at most 120 bytes of UTF-8 (it names a folder): shorten the tag"),
                run.toString());
        assertTrue(
                d.contains("content/articles/2025/09/sloped.md:6:7: error: slug \"" + "b".repeat(121)
                        + "\" gives a slug of 121 bytes;"
                        + " a slug may have at most 120 bytes of UTF-8 (it names a folder): write a shorter slug"),
                run.toString());
        assertTrue(
                d.stream()
                        .anyMatch(
                                l -> l.startsWith(
                                                "content/articles/2025/09/sectioned.md:5:10: error: section \"Politics")
                                        && l.endsWith(
                                                "gives a slug of 125 bytes; a slug may have at most 120 bytes of UTF-8 (it names a folder): shorten the section's name")),
                run.toString());
        assertTrue(
                d.contains(
                        "content/articles/2025/09/" + longFile + ":1: error: the file name gives a slug of 130 bytes;"
                                + " a slug may have at most 120 bytes of UTF-8 (it names a folder): rename the file or add a shorter slug: to the front matter"),
                run.toString());
        assertFalse(run.err().contains("File name too long"), run.toString());
    }

    @Test
    void deviceNamesAsWrittenSlugsAndFileNamesAreErrorsWithTheFix(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(
                tmp.resolve("p"),
                TestProject.BASE
                        + article("a.md", "section: News\nslug: con\n")
                        + article("b.md", "section: News\nslug: ſport\n")
                        + "-- content/authors/aux.md --\n---\nname: Aux\n---\n");
        TestProject.Run run = p.build();
        assertNotEquals(0, run.exitCode(), run.toString());
        List<String> d = run.diagnostics();
        assertTrue(
                d.stream()
                        .anyMatch(l ->
                                l.startsWith("content/articles/2025/09/a.md:6:7: error: slug \"con\" is not a slug")
                                        && l.contains("\"con_\"")),
                run.toString());
        assertTrue(
                d.stream()
                        .anyMatch(l ->
                                l.startsWith("content/articles/2025/09/b.md:6:7: error: slug \"ſport\" is not a slug")
                                        && l.contains("\"sport\"")),
                run.toString());
        assertTrue(
                d.contains(
                        "content/authors/aux.md: error: author file name \"aux.md\" is not a slug; rename it to aux_.md"),
                run.toString());
    }

    @Test
    void aPermalinkWithAFolderWindowsCannotCreateIsAnError(@TempDir Path tmp) throws IOException {
        for (String permalink : List.of("/con/:slug/", "/news./:slug/", "/:year/aux.x/:slug/", "/:slug./")) {
            TestProject p = TestProject.write(
                    tmp.resolve("p" + Math.abs(permalink.hashCode())),
                    TestProject.BASE
                            + "-- content/site.yaml --\ntitle: T\nbase_url: https://example.org/\npermalink: "
                            + permalink + "\n"
                            + article("a.md", "section: News\n"));
            TestProject.Run run = p.build();
            assertNotEquals(0, run.exitCode(), run.toString());
            assertTrue(run.err().contains("which Windows cannot create"), run.toString());
        }
    }
}
