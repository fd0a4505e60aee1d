package galley.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import galley.TestProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One save, one rebuild, whatever events the editor's way of saving makes; editors' temporary
 * files alone rebuild nothing; and the site after all of it is what a clean {@code galley build} of
 * the same sources for the same address writes, byte for byte.
 */
class SavePatternsTest {

    /** Longer than a batch can last ({@link Preview#MAX_BATCH_MILLIS}) and than a rebuild here takes. */
    private static final long SETTLE = 2500;

    @TempDir
    Path dir;

    @Test
    void eachSavePatternGivesOneRebuildAndTheSiteEqualsACleanBuild() throws Exception {
        try (ServedProject served = ServedProject.start(dir.resolve("project"))) {
            Path articles = served.root().resolve("content/articles/2025/11");
            Path harbour = articles.resolve("harbour.md");
            int builds = served.preview.builds();
            assertEquals(1, builds);

            // Atomic save (VS Code, IntelliJ, most tools): a temporary file renamed over the original.
            Path temp = articles.resolve(".harbour.md.tmp-4711");
            Files.writeString(temp, Files.readString(harbour) + "\nAtomic save.\n");
            Files.move(temp, harbour, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            served.awaitBuildsSettled(++builds, SETTLE);
            assertEquals(builds, served.preview.builds(), "temp-then-rename: " + served);

            // Vim: the 4913 probe, a backup, the file written in place, the backup removed.
            Path probe = articles.resolve("4913");
            Files.writeString(probe, "");
            Files.delete(probe);
            Path backup = articles.resolve("harbour.md~");
            Files.copy(harbour, backup);
            Files.writeString(harbour, Files.readString(harbour) + "\nVim save.\n");
            Files.delete(backup);
            served.awaitBuildsSettled(++builds, SETTLE);
            assertEquals(builds, served.preview.builds(), "vim: " + served);

            // Delete and create again (some editors, git stash pop).
            String text = Files.readString(harbour);
            Files.delete(harbour);
            Thread.sleep(5);
            Files.writeString(harbour, text + "\nRecreated.\n");
            served.awaitBuildsSettled(++builds, SETTLE);
            assertEquals(builds, served.preview.builds(), "delete and re-create: " + served);

            // Editors' files alone: a swap file, an Emacs lock, a backup. Nothing to build.
            Files.writeString(articles.resolve(".harbour.md.swp"), "swap");
            Files.writeString(articles.resolve(".#harbour.md"), "lock");
            Files.writeString(articles.resolve("rowing.md~"), "backup");
            Thread.sleep(SETTLE);
            assertEquals(builds, served.preview.builds(), "editor files alone: " + served);

            // A burst (git checkout of a branch with 200 new articles), in a new folder.
            Path burst = served.root().resolve("content/articles/2024/03");
            Files.createDirectories(burst);
            for (int i = 0; i < 200; i++) {
                Files.writeString(
                        burst.resolve(String.format(Locale.ROOT, "burst-%03d.md", i)),
                        String.format(
                                Locale.ROOT,
                                "---%ntitle: \"Burst article %d\"%ndate: 2024-03-%02dT%02d:%02d:00+02:00%n"
                                        + "section: Sport%nauthors: [ann-lee]%ntags: [Rowing]%n---%nBody %d.%n",
                                i,
                                1 + i % 28,
                                i % 24,
                                i % 60,
                                i),
                        StandardCharsets.UTF_8);
            }
            served.awaitBuildsSettled(++builds, SETTLE);
            assertEquals(builds, served.preview.builds(), "a burst of 200 files: " + served);
            assertEquals(200, countContaining(served, "Burst article"));

            // The editors' files are still there: the clean build reads the same sources.
            Path clean = dir.resolve("clean");
            TestProject.run(
                            "build",
                            "--root",
                            served.root().toString(),
                            "--out",
                            clean.toString(),
                            "--base-url",
                            served.preview.url().toString(),
                            "--now",
                            TestProject.NOW,
                            "--threads",
                            "2",
                            "--clean",
                            "--quiet")
                    .assertOk();
            assertEquals(TestProject.tree(clean), TestProject.tree(served.site()));
        }
    }

    private static long countContaining(ServedProject served, String text) throws Exception {
        try (var walk = Files.walk(served.site())) {
            return walk.filter(p -> p.getFileName().toString().equals("index.html"))
                    .filter(p -> {
                        try {
                            String html = Files.readString(p);
                            return html.contains("<h1") && html.contains("<title>" + text);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .count();
        }
    }
}
