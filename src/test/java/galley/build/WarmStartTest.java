package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.diag.BuildFailedException;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.Progress;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds that start from what the last build in the process kept ({@link WarmStart}), told which
 * files changed as a file watcher tells {@code galley serve}: after every kind of change the site
 * and the problems are those of a clean build of the same sources, and only body edits skip the
 * scan and the load.
 */
class WarmStartTest {

    private static final String FILES = TestProject.BASE + """
            -- content/authors/bo-ek.md --
            ---
            name: Bo Ek
            role: Editor
            ---
            Bo edits.
            -- content/articles/2025/11/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port, Ships]
            summary: "The port is open again."
            ---
            The harbour reopened on Monday.

            Ships queued at the breakwater.
            -- content/articles/2025/10/rowing.md --
            ---
            title: "Rowing season opens"
            date: 2025-10-01T09:00:00+02:00
            section: Sport
            authors: [ann-lee, bo-ek]
            tags: [Rowing, Ships]
            ---
            Boats are out.
            -- content/articles/2025/09/budget.md --
            ---
            title: "Council budget"
            date: 2025-09-12T10:00:00+02:00
            section: Politics
            authors: [bo-ek]
            tags: [Council]
            ---
            The council met.
            -- content/articles/2025/08/draft.md --
            ---
            title: "Not yet"
            date: 2025-08-01T10:00:00+02:00
            section: Politics
            authors: [bo-ek]
            draft: true
            ---
            A draft.
            -- content/articles/2026/12/due.md --
            ---
            title: "Due in December"
            date: 2026-12-01T06:00:00+02:00
            section: Politics
            authors: [bo-ek]
            ---
            Scheduled.
            """;

    private static final URI BASE_URL = URI.create("http://127.0.0.1:8080/");

    @TempDir
    Path dir;

    private Path root;
    private Path out;
    private final WarmStart warm = new WarmStart();
    private Map<Path, String> seen = Map.of();
    private Instant now = Instant.parse(TestProject.NOW);
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        root = TestProject.write(dir.resolve("project"), FILES).root().toAbsolutePath();
        out = root.resolve("preview");
        seen = stamps();
    }

    @Test
    void everyKindOfChangeGivesTheCleanSiteAndOnlyBodyEditsSkipTheLoad() throws IOException {
        assertFalse(buildAndCompare("first build"));

        append("content/articles/2025/11/harbour.md", "\nA late paragraph.\n");
        assertTrue(buildAndCompare("an appended paragraph"), String.join("\n", log));

        append("content/articles/2025/10/rowing.md", "\nA paragraph for rowing.\n");
        append("content/articles/2025/11/harbour.md", "\nAnother one.\n");
        assertTrue(buildAndCompare("two bodies edited"), String.join("\n", log));

        prepend("content/articles/2025/10/rowing.md", "Edited at the top. ");
        assertFalse(buildAndCompare("a first paragraph, which is the excerpt that lists show"));

        append("content/articles/2025/11/harbour.md", "\n![Map](/media/none.jpg)\n");
        assertTrue(buildAndCompare("a body that now names a missing image (a warning when rendered)"));

        replace("content/articles/2025/11/harbour.md", "summary: \"The port is open again.\"", "summary: \"Open.\"");
        assertFalse(buildAndCompare("a summary, which lists show"));

        replace("content/articles/2025/10/rowing.md", "tags: [Rowing, Ships]", "tags: [Rowing, Ships]\ntitel: x");
        assertFalse(buildAndCompare("a key that reads with a warning"));

        append("content/articles/2025/08/draft.md", "\nMore of the draft.\n");
        assertFalse(buildAndCompare("the body of a draft, which is not in the archive"));

        write("content/articles/2025/07/new.md", """
                ---
                title: "A new story"
                date: 2025-07-01T10:00:00+02:00
                section: Sport
                authors: [ann-lee]
                ---
                New.
                """);
        assertFalse(buildAndCompare("a new article"));

        append("content/articles/2025/07/new.md", "\nA second paragraph.\n");
        assertTrue(buildAndCompare("the new article's body, after the build that scanned it"));

        Files.delete(root.resolve("content/articles/2025/07/new.md"));
        assertFalse(buildAndCompare("an article deleted"));

        String bundled;
        try (var in = WarmStartTest.class.getResourceAsStream("/galley/theme/templates/article.ftlh")) {
            bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        write("templates/article.ftlh", bundled.replaceFirst("\n", "\n<!-- overridden -->\n"));
        append("content/articles/2025/11/harbour.md", "\nWith a template edit.\n");
        assertFalse(buildAndCompare("a template and a body"));

        append("content/authors/bo-ek.md", "\nBo also writes.\n");
        assertFalse(buildAndCompare("an author's bio"));

        append("content/articles/2025/11/harbour.md", "\nOnce more.\n");
        assertTrue(buildAndCompare("a body edit after all that"), String.join("\n", log));
    }

    @Test
    void anotherBuildOfTheSameFolderOrADamagedCacheMakesTheNextBuildReadItsFiles() throws IOException {
        buildAndCompare("first build");

        append("content/articles/2025/11/harbour.md", "\nEdited, then built by another process.\n");
        TestProject.run(
                        "build",
                        "--root",
                        root.toString(),
                        "--out",
                        out.toString(),
                        "--base-url",
                        BASE_URL.toString(),
                        "--now",
                        TestProject.NOW,
                        "--quiet")
                .assertOk();
        append("content/articles/2025/10/rowing.md", "\nEdited after it.\n");
        assertFalse(buildAndCompare("a body edit after another build of the same folder"));

        append("content/articles/2025/10/rowing.md", "\nAnd again.\n");
        assertTrue(buildAndCompare("the next body edit"));

        Path sources = OutputFolder.stateFolder(out).resolve("sources");
        byte[] bytes = Files.readAllBytes(sources);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(sources, bytes);
        append("content/articles/2025/10/rowing.md", "\nAfter the damage.\n");
        assertFalse(buildAndCompare("a body edit after the source cache was damaged"));
    }

    @Test
    void theClockPastTheLastBuildsSpanMakesTheBuildLoad() throws IOException {
        buildAndCompare("first build");
        now = Instant.parse("2026-12-02T00:00:00Z"); // "due.md" is due
        append("content/articles/2025/11/harbour.md", "\nA later edit.\n");
        assertFalse(buildAndCompare("a body edit once a scheduled article is due"));
        assertTrue(Files.readString(out.resolve("index.html")).contains("Due in December"));
    }

    @Test
    void aSymbolicLinkInTheSourcesMakesEveryBuildScan() throws IOException {
        Path target = root.resolve("content/articles/2025/09/budget.md");
        Path link = root.resolve("content/articles/2025/09/budget-link.md");
        Files.move(target, root.resolve("content/articles/budget.txt"));
        Files.createSymbolicLink(link, Path.of("../../budget.txt"));
        seen = stamps();
        buildAndCompare("first build");
        append("content/articles/2025/11/harbour.md", "\nWith a link beside it.\n");
        assertFalse(buildAndCompare("a body edit in a project with a link"));
    }

    /**
     * Tells the warm build which files changed since the last (as a watcher would), builds, builds
     * the same sources clean elsewhere, and compares sites and problems; returns whether the warm
     * build skipped the scan and the load.
     */
    private boolean buildAndCompare(String what) throws IOException {
        Map<Path, String> now = stamps();
        Set<Path> changed = new HashSet<>();
        for (Map.Entry<Path, String> e : now.entrySet())
            if (!e.getValue().equals(seen.get(e.getKey()))) changed.add(e.getKey());
        for (Path p : seen.keySet()) if (!now.containsKey(p)) changed.add(p);
        seen = now;
        warm.changed(changed);

        log.clear();
        Diagnostics warmProblems = new Diagnostics();
        String warmOutcome = "ok";
        try {
            SiteBuild.run(options(out, false), warmProblems, log::add, Progress.NONE, warm);
        } catch (BuildFailedException e) {
            warmOutcome = "failed";
        }
        Path clean = dir.resolve("clean");
        Diagnostics cleanProblems = new Diagnostics();
        String cleanOutcome = "ok";
        try {
            SiteBuild.run(options(clean, true), cleanProblems, line -> {}, Progress.NONE);
        } catch (BuildFailedException e) {
            cleanOutcome = "failed";
        }
        assertEquals("ok", cleanOutcome, what + ": " + lines(cleanProblems));
        assertEquals(cleanOutcome, warmOutcome, what);
        assertEquals(lines(cleanProblems), lines(warmProblems), what);
        assertEquals(TestProject.tree(clean), TestProject.tree(out), what);
        return log.stream().anyMatch(l -> l.contains("told by the watcher"));
    }

    private SiteBuild.Options options(Path output, boolean clean) {
        return new SiteBuild.Options(
                root, output, Optional.of(BASE_URL), now, false, false, false, 2, clean, !clean, false);
    }

    private static List<String> lines(Diagnostics d) {
        return d.sorted().stream().map(Diagnostic::toString).toList();
    }

    /** Size and modification time of every file under content/ and templates/, by absolute path. */
    private Map<Path, String> stamps() throws IOException {
        Map<Path, String> stamps = new HashMap<>();
        for (String folder : List.of("content", "templates")) {
            Path top = root.resolve(folder);
            if (!Files.isDirectory(top)) continue;
            try (Stream<Path> walk = Files.walk(top)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    BasicFileAttributes a =
                            Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (!a.isDirectory()) stamps.put(p, a.size() + ":" + a.lastModifiedTime());
                }
            }
        }
        return stamps;
    }

    private long clock = System.currentTimeMillis() - 3_600_000;

    /** Writes a file with a modification time later than any before: edits never share a clock tick. */
    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        clock += 2000;
        Files.setLastModifiedTime(file, FileTime.fromMillis(clock));
    }

    private void append(String path, String text) throws IOException {
        write(path, Files.readString(root.resolve(path)) + text);
    }

    private void prepend(String path, String text) throws IOException {
        String[] parts = Files.readString(root.resolve(path)).split("\n---\n", 2);
        write(path, parts[0] + "\n---\n" + text + parts[1]);
    }

    private void replace(String path, String from, String to) throws IOException {
        String text = Files.readString(root.resolve(path));
        assertTrue(text.contains(from), path + " holds " + from);
        write(path, text.replace(from, to));
    }
}
