package galley.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits reach the browser: a saved article is served rebuilt within a second and pages are told
 * to reload; a broken article keeps the last good site served and shows its problems on every
 * page, also one opened while they exist; the fix reloads the pages with the new content.
 */
class LiveReloadTest {

    @TempDir
    Path dir;

    private static String errorAt(String article) {
        return Pattern.quote("content/articles/" + article) + ":\\d+:\\d+: error: ";
    }

    @Test
    void aBodyEditIsServedWithinASecondAndPagesAreToldToReload() throws Exception {
        try (ServedProject served = ServedProject.start(dir);
                ServedProject.Events events = served.events("")) {
            String page = served.pagePath("harbour");
            Path article = served.root().resolve("content/articles/2025/11/harbour.md");
            // The first rebuild of a JVM loads and compiles what the quick path for body edits
            // runs; what the preview promises is for the edits after it, in the warm JVM.
            Files.writeString(
                    article,
                    "\nThe first cargo ship docked.\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            events.next("reload", 10_000);
            served.awaitBuildsSettled(2, 0);

            long saved = System.nanoTime();
            Files.writeString(
                    article,
                    "\nThe ferry timetable is back.\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            ServedProject.await("the edit served", 1000, () -> {
                try {
                    return served.get(page).body().contains("The ferry timetable is back.");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            long servedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - saved);
            ServedProject.Event reload = events.next("reload", 1000);
            assertTrue(servedAfter < 1000, servedAfter + " ms");
            assertTrue(served.get(page).body().contains("?since=" + reload.data() + "'"), reload.data());
            assertTrue(
                    served.out.toString().matches("(?s).*rebuilt in \\d+ ms: \\d+ files? changed.*"),
                    served.toString());
        }
    }

    @Test
    void aPageServedBeforeARebuildIsToldToReloadWhenItConnectsAfterIt() throws Exception {
        try (ServedProject served = ServedProject.start(dir)) {
            HttpResponse<String> before = served.get("/");
            String since = before.body().replaceAll("(?s).*\\?since=([0-9a-z-]+)'.*", "$1");
            try (ServedProject.Events current = served.events("since=" + since)) {
                assertNull(current.next(300), "a current page is not reloaded");
            }
            Files.writeString(
                    served.root().resolve("content/articles/2025/10/rowing.md"),
                    "\nEight crews entered.\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            served.awaitBuildsSettled(2, 0);
            ServedProject.await(
                    "the rebuild committed",
                    10_000,
                    () -> !served.out
                            .toString()
                            .lines()
                            .filter(l -> l.startsWith("rebuilt"))
                            .toList()
                            .isEmpty());
            try (ServedProject.Events stale = served.events("since=" + since)) {
                assertEquals("reload", stale.next(2000).name());
            }
        }
    }

    @Test
    void aBrokenArticleShowsItsProblemOnEveryPageAndTheLastGoodSiteStaysServedUntilItIsFixed() throws Exception {
        try (ServedProject served = ServedProject.start(dir);
                ServedProject.Events events = served.events("")) {
            String page = served.pagePath("harbour");
            Path article = served.root().resolve("content/articles/2025/11/harbour.md");
            String good = Files.readString(article);
            Files.writeString(article, good.replace("title: \"Harbour reopens\"", "title: \"Harbour reopens"));

            ServedProject.Event error = events.next("error", 10_000);
            assertTrue(
                    Pattern.compile(errorAt("2025/11/harbour.md"))
                            .matcher(error.data())
                            .find(),
                    error.data());
            assertTrue(served.err.toString().contains("rebuild failed with"), served.toString());
            assertTrue(served.err.toString().contains("content/articles/2025/11/harbour.md:"), served.toString());
            HttpResponse<String> lastGood = served.get(page);
            assertEquals(200, lastGood.statusCode());
            assertTrue(lastGood.body().contains("Harbour reopens"), lastGood.body());

            // A page opened now shows the problems at once.
            try (ServedProject.Events late = served.events("")) {
                ServedProject.Event first = late.next(2000);
                assertEquals("error", first.name());
                assertEquals(error.data(), first.data());
            }

            Files.writeString(
                    article,
                    good.replace("Harbour reopens", "Harbour reopens to ferries")
                            .replace("Ships queued", "Ferries queued"));
            ServedProject.Event ok = events.next(10_000);
            assertEquals("ok", ok.name(), ok.toString());
            HttpResponse<String> fixed = served.get(page);
            assertTrue(fixed.body().contains("Harbour reopens to ferries"), fixed.body());
            assertTrue(fixed.body().contains("Ferries queued"), fixed.body());
            try (ServedProject.Events after = served.events("")) {
                assertNull(after.next(300), "no problems to show any more");
            }
        }
    }
}
