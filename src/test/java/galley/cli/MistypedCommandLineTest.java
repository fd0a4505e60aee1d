package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import org.junit.jupiter.api.Test;

/** A mistyped command or option is a usage error (exit 2) that names the nearest one. */
class MistypedCommandLineTest {

    @Test
    void mistypedCommandsAndOptionsGetTheNearestName() {
        assertSuggests(TestProject.run("biuld"), "did you mean build?");
        assertSuggests(TestProject.run("build", "--drafs"), "did you mean --drafts?");
        assertSuggests(TestProject.run("check", "--stirct"), "did you mean --strict?");
        assertSuggests(TestProject.run("build", "--now=2026-01-01", "--thraeds=2"), "did you mean --threads?");
        assertSuggests(TestProject.run("new", "--sectoin", "x"), "did you mean --section?");
    }

    @Test
    void nothingNearGetsNoGuess() {
        TestProject.Run run = TestProject.run("build", "--publish-to-s3");
        assertEquals(2, run.exitCode());
        assertFalse(run.err().contains("did you mean"), run.err());
    }

    private static void assertSuggests(TestProject.Run run, String hint) {
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(hint), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line, not the usage text: " + run.err());
    }
}
