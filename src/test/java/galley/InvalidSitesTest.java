package galley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One folder per broken input under {@code src/test/resources/invalid/}: the build must fail with
 * exit 1, print exactly the lines of {@code expected-errors.txt}, and leave the previous site
 * byte-for-byte (and mtime) as it was. {@code -Dgolden.update=true} rewrites the expected files.
 */
class InvalidSitesTest {

    static final Path CASES = Path.of("src/test/resources/invalid");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithExactDiagnosticsAndKeepsThePreviousSite(String name, @TempDir Path tmp) throws IOException {
        Path caseDir = CASES.resolve(name);
        copyTree(caseDir.resolve("content"), tmp.resolve("content"));
        Path site = tmp.resolve("site");
        Files.createDirectories(site.resolve("old"));
        Files.writeString(site.resolve("index.html"), "previous build");
        Files.writeString(site.resolve("old/page.html"), "still here");
        TestProject.markAsGalleys(site);
        FileTime stamp = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(site.resolve("index.html"), stamp);
        Map<String, String> before = TestProject.tree(site);

        TestProject.Run run = TestProject.run("build", "--root", tmp.toString(), "--now", TestProject.NOW, "--quiet");

        Path expectedFile = caseDir.resolve("expected-errors.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.write(expectedFile, run.diagnostics(), StandardCharsets.UTF_8);
        }
        List<String> expected = Files.readAllLines(expectedFile, StandardCharsets.UTF_8);
        assertEquals(expected, run.diagnostics(), "case " + name + "\n" + run);
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(before, TestProject.tree(site), "the previous site changed");
        assertEquals(stamp, Files.getLastModifiedTime(site.resolve("index.html")));
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertFalse(siblings.anyMatch(p -> p.getFileName().toString().contains("galley-")), "staging left behind");
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
