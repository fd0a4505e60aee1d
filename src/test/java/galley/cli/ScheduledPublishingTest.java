package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build names the next future-dated article and, with --schedule-file, writes when it is due (issue #20). */
class ScheduledPublishingTest {

    private static String article(String name, String date) {
        return "-- content/articles/2026/12/" + name + ".md --\n---\ntitle: \"" + name + "\"\ndate: " + date
                + "\nsection: News\nauthors: [ann-lee]\n---\nText.\n";
    }

    @Test
    void theNextScheduledArticleIsNamedInTheSiteTimezoneAndWritten(@TempDir Path tmp) throws IOException {
        TestProject.write(
                tmp,
                TestProject.BASE // Europe/Kyiv
                        + article("published", "2026-12-01T09:00:00+02:00")
                        + article("later", "2026-12-09T09:00:00Z")
                        + article("sooner", "2026-12-08T04:00:00Z"));
        Path schedule = tmp.resolve("next.txt");
        String[] build = {
            "build", "--root", tmp.toString(), "--now", "2026-12-07T12:00:00Z", "--schedule-file", schedule.toString()
        };
        TestProject.Run first = TestProject.run(build);
        assertEquals(0, first.exitCode(), first.err());
        String expected = "2026-12-08T06:00:00+02:00 content/articles/2026/12/sooner.md";
        assertTrue(first.err().contains("galley: next scheduled article: " + expected), first.err());
        assertEquals(expected + "\n", Files.readString(schedule));

        // A build that changes nothing says the same, from the state the last one left.
        Files.delete(schedule);
        TestProject.Run again = TestProject.run(build);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("nothing changed"), again.err());
        assertEquals(expected + "\n", Files.readString(schedule));

        // Once it is due, the next one is named; when none waits, the file is empty.
        TestProject.Run due = TestProject.run(
                "build",
                "--root",
                tmp.toString(),
                "--now",
                "2026-12-08T05:00:00Z",
                "--schedule-file",
                schedule.toString());
        assertEquals(0, due.exitCode(), due.err());
        assertTrue(Files.exists(tmp.resolve("site/2026/12/08/sooner/index.html")));
        assertEquals("2026-12-09T11:00:00+02:00 content/articles/2026/12/later.md\n", Files.readString(schedule));
        TestProject.Run all = TestProject.run(
                "build",
                "--root",
                tmp.toString(),
                "--now",
                "2026-12-10T00:00:00Z",
                "--schedule-file",
                schedule.toString());
        assertEquals(0, all.exitCode(), all.err());
        assertEquals("", Files.readString(schedule));
        assertTrue(!all.err().contains("next scheduled"), all.err());
    }
}
