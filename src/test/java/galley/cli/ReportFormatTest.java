package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.diag.Diagnostic;
import galley.diag.SourcePosition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check/build --format json and github: every problem, in the report order, on standard output for tools. */
class ReportFormatTest {

    private static final String BROKEN = TestProject.BASE + """
            -- content/articles/2025/11/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-le]
            tags: [Port]
            summary: "The harbour is open again."
            image: { src: /media/missing.jpg, alt: "Quay" }
            ---
            The harbour reopened on Monday, 100% "open", a, b: c.
            """;

    @Test
    void jsonGivesOneObjectPerProblemOnStandardOutput(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, BROKEN);
        TestProject.Run run =
                TestProject.run("check", "--root", tmp.toString(), "--format", "json", "--now", TestProject.NOW);
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.out().strip().lines().toList();
        assertEquals(
                List.of(
                        "{\"path\":\"content/articles/2025/11/harbour.md\",\"line\":5,\"column\":11,\"severity\":\"error\","
                                + "\"code\":\"general\",\"message\":\"unknown author \\\"ann-le\\\"; expected content/authors/ann-le.md"
                                + " (did you mean \\\"ann-lee\\\"?)\"}",
                        "{\"path\":\"content/articles/2025/11/harbour.md\",\"line\":8,\"column\":15,\"severity\":\"warning\","
                                + "\"code\":\"missing-media\",\"message\":\"missing media file /media/missing.jpg; expected"
                                + " content/media/missing.jpg\"}"),
                lines);
        assertTrue(run.err().contains("check failed with 1 error(s)"), run.err());
    }

    @Test
    void githubGivesWorkflowCommandsWithEscapedValues(@TempDir Path tmp) throws IOException {
        TestProject.write(tmp, BROKEN);
        TestProject.Run run =
                TestProject.run("check", "--root", tmp.toString(), "--format", "github", "--now", TestProject.NOW);
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(
                run.out()
                        .startsWith(
                                "::error file=content/articles/2025/11/harbour.md,line=5,col=11,title=galley general::"
                                        + "unknown author"),
                run.out());
        assertEquals(
                "::warning file=a%2Cb%3A c.md,line=2,title=galley general::50%25 done%0Anext line",
                ReportFormat.github(
                        Diagnostic.warning(new SourcePosition(Path.of("a,b: c.md"), 2, 0), "50% done\nnext line")));
    }

    @Test
    void aCleanBuildInJsonPrintsNothingOnStandardOutput(@TempDir Path tmp) throws IOException {
        TestProject.write(
                tmp,
                BROKEN.replace("ann-le]", "ann-lee]").replace("/media/missing.jpg", "/media/q.jpg")
                        + "-- content/media/q.jpg --\nnot really a jpeg\n");
        TestProject.Run run =
                TestProject.run("build", "--root", tmp.toString(), "--format", "json", "--now", TestProject.NOW);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().contains("Built 1 articles"), run.err());
    }

    @Test
    void anUnknownFormatIsAUsageError(@TempDir Path tmp) {
        TestProject.Run run = TestProject.run("check", "--root", tmp.toString(), "--format", "xml");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--format xml is not one of text, json, github"), run.err());
    }

    @Test
    void checkAlsoGivesEditorialWarningsThatABuildDoesNot(@TempDir Path tmp) throws IOException {
        TestProject.write(
                tmp,
                BROKEN.replace("ann-le]", "ann-lee]")
                                .replace("summary: \"The harbour is open again.\"\n", "")
                                .replace("alt: \"Quay\"", "alt: \"\"")
                        + "-- content/authors/bo-ng.md --\n---\nname: Bo Ng\nrole: Editor\n---\n");
        TestProject.Run check = TestProject.run("check", "--root", tmp.toString(), "--now", TestProject.NOW, "--quiet");
        assertEquals(0, check.exitCode(), check.err());
        List<String> problems = check.diagnostics();
        assertTrue(
                problems.stream().anyMatch(l -> l.startsWith("content/authors/bo-ng.md:") && l.contains("has no bio")),
                problems.toString());
        assertTrue(
                problems.contains("content/articles/2025/11/harbour.md:1: warning: no summary: lists and feeds show the"
                        + " body's first words; add a line such as summary: \"One sentence that says what happened.\""),
                problems.toString());
        assertTrue(
                problems.stream().anyMatch(l -> l.contains("the image /media/missing.jpg has no alt text")),
                problems.toString());
        TestProject.Run strict =
                TestProject.run("check", "--root", tmp.toString(), "--now", TestProject.NOW, "--strict", "--quiet");
        assertEquals(1, strict.exitCode(), "--strict fails on them");
        TestProject.Run build = TestProject.run("build", "--root", tmp.toString(), "--now", TestProject.NOW, "--quiet");
        assertTrue(
                build.diagnostics().stream().noneMatch(l -> l.contains("no summary") || l.contains("no bio")),
                build.err());
    }
}
