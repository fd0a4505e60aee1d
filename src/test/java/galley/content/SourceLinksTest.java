package galley.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources stay inside the project (issue #19): a symbolic link in content/ or templates/ (a static
 * file, a template, an included partial) that leads outside the project root is an error naming
 * the link, in a clean build, an incremental one and {@code check} alike, and what it leads to is
 * never published; links inside the project keep working.
 */
class SourceLinksTest {

    private static final String SECRET = "TOP-SECRET-7f3a9c";

    private static final String ARTICLE = """
            -- content/articles/2025/11/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            ---
            The harbour reopened on Monday.
            """;

    private static final String FIX = "replace the link with a copy of the file, or point it inside the project";

    /** A project at tmp/p, and beside it (outside the project) a secret file, template and folder. */
    private static TestProject project(Path tmp, String extra) throws IOException {
        Files.writeString(tmp.resolve("secret.txt"), SECRET + "\n");
        Files.writeString(tmp.resolve("outside.ftlh"), "<p>" + SECRET + "</p>\n");
        Files.createDirectories(tmp.resolve("outside-dir"));
        Files.writeString(tmp.resolve("outside-dir/leak.txt"), SECRET + "\n");
        return TestProject.write(tmp.resolve("p"), TestProject.BASE + ARTICLE + extra);
    }

    private static void link(TestProject p, String link, Path target) throws IOException {
        Path at = p.root().resolve(link);
        Files.createDirectories(at.getParent());
        Files.createSymbolicLink(at, target);
    }

    /** One error at {@code link}, exit 1, no stack trace, the secret nowhere, the last site as it was. */
    private static void assertRefused(
            TestProject p, TestProject.Run run, String link, String problem, Map<String, String> before)
            throws IOException {
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.diagnostics().size(), run.toString());
        String d = run.diagnostics().get(0);
        assertTrue(d.startsWith(link + ": error: symbolic link to "), run.toString());
        assertTrue(d.contains(problem), run.toString());
        assertFalse(run.err().contains("Exception") || run.err().contains("internal error"), run.toString());
        assertFalse(run.err().contains(SECRET), run.toString());
        assertEquals(before, TestProject.tree(p.site()));
        assertSecretNowhere(p);
    }

    /** No file of the project (not followed through links; .git aside) holds the secret: not the site, not the state. */
    private static void assertSecretNowhere(TestProject p) throws IOException {
        try (Stream<Path> files =
                Files.walk(p.root()).filter(f -> !f.startsWith(p.root().resolve(".git")))) {
            for (Path f :
                    (Iterable<Path>) files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))::iterator) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(SECRET), f + " holds the secret");
            }
        }
    }

    @Test
    void staticFileLinkedOutsideIsRefusedInCleanIncrementalBuildsAndCheck(@TempDir Path tmp) throws IOException {
        TestProject p = project(tmp, "");
        link(p, "templates/static/secret.txt", tmp.resolve("secret.txt"));
        String outside = "leads outside the project; " + FIX;
        assertRefused(p, p.build(), "templates/static/secret.txt", outside, Map.of());
        assertRefused(
                p,
                TestProject.run("check", "--root", p.root().toString(), "--now", TestProject.NOW),
                "templates/static/secret.txt",
                outside,
                Map.of());

        // Added to a project already built: not "nothing changed", and the site stays as it was.
        Files.delete(p.root().resolve("templates/static/secret.txt"));
        p.build().assertOk();
        Map<String, String> built = TestProject.tree(p.site());
        link(p, "templates/static/secret.txt", tmp.resolve("secret.txt"));
        assertRefused(p, p.build(), "templates/static/secret.txt", outside, built);
        // A folder of static files linked outside, too.
        Files.delete(p.root().resolve("templates/static/secret.txt"));
        link(p, "templates/static/fonts", tmp.resolve("outside-dir"));
        assertRefused(p, p.build(), "templates/static/fonts", outside, built);
    }

    @Test
    void templateAndIncludeLinkedOutsideArePositionedErrorsNotStackTraces(@TempDir Path tmp) throws IOException {
        TestProject p = project(tmp, """
                -- templates/article.ftlh --
                <#include "partials/byline.ftl"><h1>${article.title}</h1>
                -- templates/partials/byline.ftl --
                <p>by the desk</p>
                """);
        p.build().assertOk();
        Map<String, String> built = TestProject.tree(p.site());
        String outside = "leads outside the project; " + FIX;

        Files.delete(p.root().resolve("templates/partials/byline.ftl"));
        link(p, "templates/partials/byline.ftl", tmp.resolve("outside.ftlh"));
        assertRefused(p, p.build(), "templates/partials/byline.ftl", outside, built);
        assertRefused(p, p.build("--clean"), "templates/partials/byline.ftl", outside, built);
        assertRefused(
                p,
                TestProject.run("check", "--root", p.root().toString(), "--now", TestProject.NOW),
                "templates/partials/byline.ftl",
                outside,
                built);

        Files.delete(p.root().resolve("templates/partials/byline.ftl"));
        Files.writeString(p.root().resolve("templates/partials/byline.ftl"), "<p>by the desk</p>\n");
        Files.delete(p.root().resolve("templates/article.ftlh"));
        link(p, "templates/article.ftlh", tmp.resolve("outside.ftlh"));
        assertRefused(p, p.build(), "templates/article.ftlh", outside, built);
    }

    @Test
    void linksInsideTheProjectKeepWorkingAndARetargetedLinkIsAChange(@TempDir Path tmp) throws IOException {
        TestProject p = project(tmp, """
                -- templates/article.ftlh --
                <#include "partials/byline.ftl"><h1>${article.title}</h1>
                -- shared/partials/byline.ftl --
                <p>by the desk</p>
                -- shared/partials/other.ftl --
                <p>by the desc</p>
                -- shared/logo.svg --
                <svg/>
                -- content/media/2025/photo.jpg --
                not really a jpeg
                """);
        // A folder of partials shared with another folder of the project, a media file linked within
        // content/, a static file linked from elsewhere in the project.
        link(p, "templates/partials", Path.of("../shared/partials"));
        link(p, "content/media/same-photo.jpg", Path.of("2025/photo.jpg"));
        link(p, "templates/static/logo.svg", Path.of("../../shared/logo.svg"));
        TestProject.Run run = p.build().assertOk();
        assertEquals(List.of(), run.diagnostics(), run.toString());
        Path page = p.site().resolve("2025/11/24/harbour/index.html");
        assertEquals("<p>by the desk</p>\n<h1>Harbour reopens</h1>\n", Files.readString(page));
        assertEquals(
                Files.readString(p.root().resolve("content/media/2025/photo.jpg")),
                Files.readString(p.site().resolve("media/same-photo.jpg")));
        assertEquals("<svg/>\n", Files.readString(p.site().resolve("logo.svg")));

        // A link to a file that is then pointed at another file of the same size and time: the
        // build must see the change (the theme's stamp holds each link's target).
        FileTime time = FileTime.fromMillis(1_700_000_000_000L);
        Files.setLastModifiedTime(p.root().resolve("shared/partials/byline.ftl"), time);
        Files.setLastModifiedTime(p.root().resolve("shared/partials/other.ftl"), time);
        Files.delete(p.root().resolve("templates/partials"));
        link(p, "templates/partials/byline.ftl", Path.of("../../shared/partials/byline.ftl"));
        p.build().assertOk();
        assertEquals("<p>by the desk</p>\n<h1>Harbour reopens</h1>\n", Files.readString(page));
        Files.delete(p.root().resolve("templates/partials/byline.ftl"));
        link(p, "templates/partials/byline.ftl", Path.of("../../shared/partials/other.ftl"));
        p.build().assertOk();
        assertEquals("<p>by the desc</p>\n<h1>Harbour reopens</h1>\n", Files.readString(page));
    }

    @Test
    void danglingLoopingHiddenAndDeviceLinksAreRefused(@TempDir Path tmp) throws IOException {
        TestProject p = project(tmp, "-- .git/config --\n[http] extraheader = " + SECRET + "\n");
        link(p, "templates/static/gone.css", Path.of("missing.css"));
        link(p, "templates/static/loop", Path.of("."));
        link(p, "content/media/config.txt", Path.of("../../.git/config"));
        link(p, "content/media/zero.jpg", Path.of("/dev/zero"));
        link(p, "templates/static/zero.bin", Path.of("/dev/zero"));
        link(p, "content/media/self.jpg", Path.of("self.jpg"));
        // /dev/zero read as a file would never end: the refusal must come at once.
        TestProject.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> p.build());
        assertEquals(1, run.exitCode(), run.toString());
        List<String> d = run.diagnostics();
        assertEquals(6, d.size(), run.toString());
        assertTrue(
                d.get(0).startsWith("content/media/config.txt: error: symbolic link to ../../.git/config ("),
                run.toString());
        assertTrue(d.get(0).contains("leads into a hidden file or folder of the project"), run.toString());
        assertTrue(
                d.get(1).startsWith("content/media/self.jpg: error: symbolic link to self.jpg cannot be followed"),
                run.toString());
        assertEquals(
                "content/media/zero.jpg: error: symbolic link to /dev/zero leads outside the project; " + FIX,
                d.get(2));
        assertEquals(
                "templates/static/gone.css: error: symbolic link to missing.css leads to nothing (a dangling link); remove it, or point it at a file inside the project",
                d.get(3));
        assertTrue(d.get(4).startsWith("templates/static/loop: error: symbolic link to . ("), run.toString());
        assertTrue(d.get(4).contains("leads back to a folder that contains it (a loop)"), run.toString());
        assertEquals(
                "templates/static/zero.bin: error: symbolic link to /dev/zero leads outside the project; " + FIX,
                d.get(5));
        assertFalse(Files.exists(p.site()));
        assertSecretNowhere(p);
    }

    @Test
    void settingsLinkedOutsideAreNotRead(@TempDir Path tmp) throws IOException {
        TestProject p = project(tmp, "");
        Files.delete(p.root().resolve("content/site.yaml"));
        link(p, "content/site.yaml", tmp.resolve("secret.txt"));
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.diagnostics().size(), run.toString());
        assertTrue(run.diagnostics().get(0).startsWith("content/site.yaml: error: symbolic link to "), run.toString());
        assertFalse(run.err().contains(SECRET), "a YAML error must not quote the file: " + run);
    }

    @Test
    void contentLinkedOutsideIsNotRead(@TempDir Path tmp) throws IOException {
        TestProject p = project(tmp, "");
        Files.move(p.root().resolve("content"), tmp.resolve("elsewhere"));
        link(p, "content", tmp.resolve("elsewhere"));
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.diagnostics().size(), run.toString());
        assertTrue(run.diagnostics().get(0).startsWith("content: error: symbolic link to "), run.toString());
        assertTrue(run.diagnostics().get(0).contains("leads outside the project; " + FIX), run.toString());
    }

    @Test
    void aFolderLinkLoopThroughTwoFoldersEnds(@TempDir Path tmp) throws IOException {
        TestProject p = project(tmp, "-- content/media/a/x.txt --\nx\n-- content/media/b/y.txt --\ny\n");
        link(p, "content/media/a/to-b", Path.of("../b"));
        link(p, "content/media/b/to-a", Path.of("../a"));
        link(p, "content/media/b/up", Path.of("../.."));
        TestProject.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> p.build());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(
                !run.diagnostics().isEmpty() && run.diagnostics().stream().allMatch(d -> d.contains("(a loop)")),
                run.toString());
    }
}
