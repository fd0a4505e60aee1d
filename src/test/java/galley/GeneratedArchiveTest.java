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
 * byte-identical trees.
 */
class GeneratedArchiveTest {

    static final String NOW = ArchiveGenerator.NOW;

    @TempDir
    static Path corpus;

    @BeforeAll
    static void generate() {
        ArchiveGenerator.articles(1000).writeTo(corpus);
    }

    private static TestProject.Run build(Path out, String threads) {
        return TestProject.run("build", "--root", corpus.toString(), "--out", out.toString(), "--now", NOW,
                "--threads", threads, "--quiet");
    }

    @Test
    void buildsWithoutProblemsAndEveryInternalLinkResolves(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("site");
        TestProject.Run run = build(out, "4");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), run.diagnostics());
        assertEquals(List.of(), LinkChecker.brokenLinks(out, "https://archive.example.org", "/"));
    }

    @Test
    void oneThreadAndFourThreadsGiveIdenticalOutput(@TempDir Path tmp) throws IOException {
        Path one = tmp.resolve("one");
        Path four = tmp.resolve("four");
        assertEquals(0, build(one, "1").exitCode());
        assertEquals(0, build(four, "4").exitCode());
        Map<String, String> a = TestProject.tree(one);
        Map<String, String> b = TestProject.tree(four);
        assertEquals(a.keySet(), b.keySet());
        for (String path : a.keySet()) assertEquals(a.get(path), b.get(path), path);
    }
}
