package galley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole-site golden tests: each folder under {@code src/test/resources/sites/} holds an input
 * project and {@code expected/}, the complete output tree. Missing, extra and differing files are
 * all reported. {@code mvn test -Dtest=GoldenSiteTest -Dgolden.update=true} rewrites
 * {@code expected/}; review the diff before committing it.
 */
class GoldenSiteTest {

    static final Path SITES = Path.of("src/test/resources/sites");

    static Stream<String> sites() throws IOException {
        try (Stream<Path> dirs = Files.list(SITES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sites")
    void buildsExactlyTheExpectedTree(String name, @TempDir Path tmp) throws IOException {
        Path project = SITES.resolve(name);
        Path out = tmp.resolve("site");
        TestProject.Run run = TestProject.run(
                "build", "--root", project.toString(), "--out", out.toString(), "--now", TestProject.NOW, "--quiet");
        assertEquals(0, run.exitCode(), run.toString());
        Path expectedDir = project.resolve("expected");
        if (Boolean.getBoolean("golden.update")) {
            InvalidSitesTest.deleteTree(expectedDir);
            InvalidSitesTest.copyTree(out, expectedDir);
            InvalidSitesTest.deleteTree(expectedDir.resolve("css"));
            Files.write(project.resolve("expected-warnings.txt"), run.diagnostics(), StandardCharsets.UTF_8);
        }
        Map<String, String> expected = TestProject.tree(expectedDir);
        Map<String, String> actual = TestProject.tree(out);
        // The theme's stylesheet is copied as it is; pinning it here would only repeat templates/static.
        actual.keySet().removeIf(path -> path.startsWith("css/"));
        List<String> problems = new ArrayList<>();
        for (String path : new TreeSet<>(union(expected, actual))) {
            if (!actual.containsKey(path)) problems.add("missing: " + path);
            else if (!expected.containsKey(path)) problems.add("extra: " + path);
            else if (!expected.get(path).equals(actual.get(path)))
                problems.add("differs: " + path + "\n" + firstDifference(expected.get(path), actual.get(path)));
        }
        if (!problems.isEmpty())
            fail(problems.size() + " file(s) differ from " + expectedDir + ":\n" + String.join("\n", problems));
        assertEquals(Files.readAllLines(project.resolve("expected-warnings.txt")), run.diagnostics());
        Matcher base = Pattern.compile("(?m)^base_url:\\s*(https?://[^/\\s]+)(/\\S*)$")
                .matcher(Files.readString(project.resolve("content/site.yaml")));
        assertEquals(true, base.find(), "base_url in site.yaml");
        assertEquals(List.of(), LinkChecker.brokenLinks(out, base.group(1), base.group(2)), "broken internal links");
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end>";
            String al = i < a.length ? a[i] : "<end>";
            if (!el.equals(al)) return "  line " + (i + 1) + "\n  expected: " + el + "\n  actual:   " + al;
        }
        return "  (same lines, different line ends)";
    }
}
