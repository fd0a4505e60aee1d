package galley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the shared synthetic archive ({@code ../shared/bench/gen_corpus.py}) and checks the
 * whole output: no diagnostics, every internal link resolves, and 1 and 4 threads give
 * byte-identical trees.
 */
class GeneratedArchiveTest {

    static final Path GENERATOR = Path.of("../shared/bench/gen_corpus.py");
    static final String NOW = "2025-11-26T00:00:00+02:00";

    @TempDir
    static Path corpus;

    @BeforeAll
    static void generate() throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(GENERATOR), "needs ../shared/bench/gen_corpus.py beside the repository");
        Process p = new ProcessBuilder("python3", GENERATOR.toString(), "--articles", "1000", "--out", corpus.toString(), "--force")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "generator timed out");
        assertEquals(0, p.exitValue(), "generator failed");
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
