package galley;

import static org.junit.jupiter.api.Assertions.assertEquals;

import galley.testing.ArchiveGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a generated archive of 1,000 articles ({@link ArchiveGenerator}) and checks the
 * whole output: no diagnostics, every internal link resolves, and 1 and 4 threads give
 * byte-identical trees. The 4-thread build is made once and shared by both tests.
 */
class GeneratedArchiveTest {

    static final String NOW = ArchiveGenerator.NOW;

    @TempDir
    static Path corpus;

    static Path fourThreads;
    static TestProject.Run fourThreadsRun;

    @BeforeAll
    static void generateAndBuild() {
        ArchiveGenerator.articles(1000).writeTo(corpus);
        fourThreads = corpus.resolve("four/site");
        fourThreadsRun = build(fourThreads, "4");
    }

    private static TestProject.Run build(Path out, String threads) {
        return TestProject.run(
                "build",
                "--root",
                corpus.toString(),
                "--out",
                out.toString(),
                "--now",
                NOW,
                "--threads",
                threads,
                "--quiet");
    }

    @Test
    void buildsWithoutProblemsAndEveryInternalLinkResolves() throws IOException {
        assertEquals(0, fourThreadsRun.exitCode(), fourThreadsRun.toString());
        assertEquals(List.of(), fourThreadsRun.diagnostics());
        assertEquals(List.of(), LinkChecker.brokenLinks(fourThreads, "https://archive.example.org", "/"));
    }

    @Test
    void oneThreadAndFourThreadsGiveIdenticalOutput() throws IOException {
        Path one = corpus.resolve("one/site");
        assertEquals(0, build(one, "1").exitCode());
        assertEquals(0, fourThreadsRun.exitCode(), fourThreadsRun.toString());
        Map<String, String> a = TestProject.tree(one);
        Map<String, String> b = TestProject.tree(fourThreads);
        assertEquals(a.keySet(), b.keySet());
        for (String path : a.keySet()) assertEquals(a.get(path), b.get(path), path);
    }
}
