package galley;

import galley.cli.Main;
import galley.content.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assertions;

/**
 * A project written into a temporary folder from a text block of {@code -- path --} sections
 * (Hugo's hugolib.Test), and built through the real command line.
 */
public final class TestProject {

    public static final String NOW = "2026-11-26T12:00:00Z";

    /** A minimal valid site.yaml and one author, for cases that need a working base. */
    public static final String BASE = """
            -- content/site.yaml --
            title: "Test Ledger"
            base_url: https://example.org/
            language: en
            timezone: Europe/Kyiv
            page_size: 2
            -- content/authors/ann-lee.md --
            ---
            name: Ann Lee
            role: Reporter
            ---
            Ann writes about the port.
            """;

    private final Path root;

    private TestProject(Path root) {
        this.root = root;
    }

    public static TestProject write(Path dir, String files) throws IOException {
        TestProject p = new TestProject(dir);
        p.add(files);
        return p;
    }

    public TestProject add(String files) throws IOException {
        String path = null;
        StringBuilder text = new StringBuilder();
        for (String line : files.split("\n", -1)) {
            if (line.startsWith("-- ") && line.endsWith(" --")) {
                flush(path, text);
                path = line.substring(3, line.length() - 3).strip();
                text.setLength(0);
            } else if (path != null) {
                text.append(line).append('\n');
            }
        }
        flush(path, text);
        return this;
    }

    private void flush(String path, StringBuilder text) throws IOException {
        if (path == null) return;
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    public Path root() {
        return root;
    }

    public Path site() {
        return root.resolve("site");
    }

    /**
     * Records in its state folder that Galley made {@code site}, as a build does: a test that puts
     * a "previous site" there by hand stands for one a build made.
     */
    public static void markAsGalleys(Path site) throws IOException {
        Path marker = site.getParent()
                .resolve(".galley")
                .resolve(site.getFileName().toString())
                .resolve("output");
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, site.toAbsolutePath() + "\n");
    }

    public Run build(String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "--root", root.toString(), "--now", NOW, "--quiet"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A finished command: exit code and what it printed. */
    public record Run(int exitCode, String out, String err) {
        /** The diagnostic lines ({@code path:line: severity: message}) of stderr. */
        public List<String> diagnostics() {
            return err.lines().filter(l -> !l.startsWith("galley: ")).toList();
        }

        /** Fails the test, showing everything printed, unless the command exited 0. */
        public Run assertOk() {
            Assertions.assertEquals(0, exitCode, this::toString);
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Fails unless the site equals a clean build of the same sources (made into a new folder under
     * {@code scratch}, with {@code --clean}): what every incremental build must give.
     */
    public void assertSiteEqualsCleanBuild(Path scratch) throws IOException {
        Path clean = scratch.resolve("clean-" + System.nanoTime());
        run("build", "--root", root.toString(), "--out", clean.toString(), "--now", NOW, "--quiet", "--clean")
                .assertOk();
        Assertions.assertEquals(tree(clean), tree(site()), "the site differs from a clean build's");
    }

    /** Every file under {@code dir} with its bytes as text (for whole-tree comparisons). */
    public static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) return files;
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                byte[] bytes = Files.readAllBytes(p);
                files.put(
                        dir.relativize(p).toString().replace('\\', '/'),
                        p.toString().matches(".*\\.(jpg|png|gif|webp|ico)")
                                ? "sha:" + SourceFile.hash(bytes)
                                : new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
