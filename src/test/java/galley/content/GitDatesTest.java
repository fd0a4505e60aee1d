package galley.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code git_dates: true}: dates from the history, read once and cached, and never a wrong one. */
class GitDatesTest {

    private static final SourcePosition AT = new SourcePosition(Path.of("content", "site.yaml"), 6, 1);
    private static final Instant T1 = Instant.parse("2025-11-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2025-11-10T12:30:00Z");
    private static final Instant T3 = Instant.parse("2025-11-20T08:15:00Z");

    private static final String PROJECT =
            TestProject.BASE.replace("page_size: 2\n", "page_size: 2\ngit_dates: true\n") + """
            -- content/articles/2025/10/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-10-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port]
            ---
            The harbour reopened.
            -- content/articles/2025/10/ferry.md --
            ---
            title: "Ferry returns"
            date: 2025-10-20T09:00:00+02:00
            updated: 2025-10-21T09:00:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port]
            ---
            The ferry is back.
            """;

    @BeforeAll
    static void needsGit() {
        // CI has git: a missing one there must fail the suite, not skip these tests.
        boolean present;
        try {
            present = new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (System.getenv("CI") == null) Assumptions.assumeTrue(present, "git is not installed");
    }

    /** Runs git in {@code dir} with a fixed author and committer date, and no user or system config. */
    private static String git(Path dir, Instant when, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.org",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
                "-c",
                "protocol.file.allow=always"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        String date = when.getEpochSecond() + " +0000";
        env.put("GIT_AUTHOR_DATE", date);
        env.put("GIT_COMMITTER_DATE", date);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> String.join(" ", args) + ":\n" + out);
        return out;
    }

    private static void commit(Path dir, Instant when, String message) throws IOException, InterruptedException {
        git(dir, when, "add", "--all", "content");
        git(dir, when, "commit", "-q", "--allow-empty", "-m", message);
    }

    private static GitDates read(Path root, Path cache, Diagnostics diagnostics, List<String> notes) {
        return GitDates.read(root, cache, AT, true, true, diagnostics, notes::add);
    }

    private static Path file(String name) {
        return Path.of("content", "articles", name);
    }

    @Test
    void theLastAndFirstCommitOfEachFile(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("r");
        Files.createDirectories(root.resolve("content/articles"));
        git(root, T1, "init", "-q");
        Files.writeString(root.resolve("content/articles/a.md"), "one\n");
        Files.writeString(root.resolve("content/articles/b.md"), "one\n");
        commit(root, T1, "first");
        Files.writeString(root.resolve("content/articles/a.md"), "two\n");
        commit(root, T2, "second");
        Files.writeString(root.resolve("content/articles/c.md"), "not committed\n");
        Diagnostics d = new Diagnostics();
        GitDates dates = read(root, tmp.resolve("cache"), d, new ArrayList<>());
        assertEquals(List.of(), d.sorted());
        assertEquals(Optional.of(new GitDates.Dates(T1, T2)), dates.of(file("a.md")));
        assertEquals(Optional.of(new GitDates.Dates(T1, T1)), dates.of(file("b.md")));
        assertEquals(Optional.empty(), dates.of(file("c.md")), "a file not in git has no date");
    }

    @Test
    void aProjectInAFolderOfTheRepositoryAndNonAsciiNames(@TempDir Path tmp) throws Exception {
        Path repo = tmp.resolve("repo");
        Path root = repo.resolve("sites/київ");
        Files.createDirectories(root.resolve("content/articles"));
        Files.createDirectories(repo.resolve("content/articles"));
        git(repo, T1, "init", "-q");
        Files.writeString(root.resolve("content/articles/Économie ü \"q\".md"), "one\n");
        Files.writeString(repo.resolve("content/articles/elsewhere.md"), "not this project's\n");
        git(repo, T1, "add", "--all");
        git(repo, T1, "commit", "-q", "-m", "first");
        Files.writeString(root.resolve("content/articles/Économie ü \"q\".md"), "two\n");
        git(repo, T3, "commit", "-q", "-a", "-m", "second");
        GitDates dates = read(root, tmp.resolve("cache"), new Diagnostics(), new ArrayList<>());
        assertEquals(Optional.of(new GitDates.Dates(T1, T3)), dates.of(file("Économie ü \"q\".md")));
        assertEquals(1, dates.size(), "only the project's own folder");
    }

    @Test
    void aShallowCloneIsOneWarningAndNoDates(@TempDir Path tmp) throws Exception {
        Path origin = tmp.resolve("origin");
        Files.createDirectories(origin.resolve("content/articles"));
        git(origin, T1, "init", "-q");
        Files.writeString(origin.resolve("content/articles/a.md"), "one\n");
        commit(origin, T1, "first");
        Files.writeString(origin.resolve("content/articles/b.md"), "one\n");
        commit(origin, T2, "second");
        git(tmp, T3, "clone", "-q", "--depth", "1", origin.toUri().toString(), "shallow");
        Diagnostics d = new Diagnostics();
        GitDates dates = read(tmp.resolve("shallow"), tmp.resolve("cache"), d, new ArrayList<>());
        assertEquals(0, dates.size(), "a shallow clone would date a.md at the clone's one commit");
        assertEquals(
                List.of("content/site.yaml:6:1: warning: git_dates: the repository is a shallow clone (CI checkouts"
                        + " are, by default); dates of files last changed before its oldest commit would be wrong,"
                        + " so git dates are not used. Fetch the full history (actions/checkout: fetch-depth: 0)"),
                d.sorted().stream().map(Object::toString).toList());
    }

    @Test
    void aRootOutsideAnyRepositoryIsOneWarning(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("plain");
        Files.createDirectories(root.resolve("content"));
        // A repository above the temporary folder would make this test meaningless.
        Assumptions.assumeFalse(
                new ProcessBuilder("git", "rev-parse", "--git-dir")
                                .directory(root.toFile())
                                .start()
                                .waitFor()
                        == 0,
                "the temporary folder is inside a git repository");
        Diagnostics d = new Diagnostics();
        GitDates dates = read(root, tmp.resolve("cache"), d, new ArrayList<>());
        assertEquals(0, dates.size());
        List<String> shown = d.sorted().stream().map(Object::toString).toList();
        assertEquals(1, shown.size(), shown::toString);
        assertTrue(
                shown.get(0)
                        .startsWith("content/site.yaml:6:1: warning: git_dates: true but " + root
                                + " is not in a git repository"),
                shown::toString);
    }

    @Test
    void anUnchangedHeadRunsNoLogAndANewCommitReadsOnlyTheNewOnes(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("r");
        Path cache = tmp.resolve("cache");
        Files.createDirectories(root.resolve("content/articles"));
        git(root, T1, "init", "-q");
        Files.writeString(root.resolve("content/articles/a.md"), "one\n");
        Files.writeString(root.resolve("content/articles/b.md"), "one\n");
        commit(root, T1, "first");
        List<String> notes = new ArrayList<>();
        GitDates first = read(root, cache, new Diagnostics(), notes);
        int runs = GitDates.LOG_RUNS.get();
        GitDates again = read(root, cache, new Diagnostics(), notes);
        assertEquals(runs, GitDates.LOG_RUNS.get(), "HEAD did not move: the cache answers");
        assertEquals(first.of(file("a.md")), again.of(file("a.md")));

        Files.writeString(root.resolve("content/articles/a.md"), "two\n");
        Files.writeString(root.resolve("content/articles/new.md"), "one\n");
        commit(root, T2, "second");
        GitDates moved = read(root, cache, new Diagnostics(), notes);
        assertEquals(Optional.of(new GitDates.Dates(T1, T2)), moved.of(file("a.md")));
        assertEquals(Optional.of(new GitDates.Dates(T1, T1)), moved.of(file("b.md")));
        assertEquals(Optional.of(new GitDates.Dates(T2, T2)), moved.of(file("new.md")));
        // What reading only the new commits gave is what reading the whole history gives.
        Files.delete(cache.resolve("git-dates"));
        GitDates whole = read(root, cache, new Diagnostics(), notes);
        for (String name : List.of("a.md", "b.md", "new.md"))
            assertEquals(whole.of(file(name)), moved.of(file(name)), name);
        assertEquals(List.of(), notes);

        // A history rewritten under the cache (HEAD no longer descends from it): read whole again.
        git(root, T3, "reset", "-q", "--hard", "HEAD~1");
        Files.writeString(root.resolve("content/articles/b.md"), "three\n");
        commit(root, T3, "rewritten");
        GitDates rewritten = read(root, cache, new Diagnostics(), notes);
        assertEquals(Optional.of(new GitDates.Dates(T1, T1)), rewritten.of(file("a.md")));
        assertEquals(Optional.of(new GitDates.Dates(T1, T3)), rewritten.of(file("b.md")));
        assertEquals(Optional.empty(), rewritten.of(file("new.md")));
    }

    @Test
    void aDamagedCacheIsOneNoteAndReadAgain(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("r");
        Path cache = tmp.resolve("cache");
        Files.createDirectories(root.resolve("content/articles"));
        git(root, T1, "init", "-q");
        Files.writeString(root.resolve("content/articles/a.md"), "one\n");
        commit(root, T1, "first");
        read(root, cache, new Diagnostics(), new ArrayList<>());
        Path file = cache.resolve("git-dates");
        String text = Files.readString(file);
        // A changed date, not a changed length: only the checksum can tell.
        String epoch = Long.toString(T1.getEpochSecond());
        Files.writeString(file, text.replace(epoch + "\t", Long.toString(T1.getEpochSecond() - 1) + "\t"));
        List<String> notes = new ArrayList<>();
        int runs = GitDates.LOG_RUNS.get();
        GitDates dates = read(root, cache, new Diagnostics(), notes);
        assertEquals(List.of(file + ": damaged; the dates are read from git again"), notes);
        assertEquals(runs + 1, GitDates.LOG_RUNS.get());
        assertEquals(Optional.of(new GitDates.Dates(T1, T1)), dates.of(file("a.md")));
        assertEquals(text, Files.readString(file), "written again whole");
    }

    /**
     * Every changed byte of the cache, its first line's included, is one note, and the dates are
     * read again from git; one of another format (its checksum holds) is read again silently.
     */
    @Test
    void everyChangedByteOfTheCacheIsOneNote(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("r");
        Path cache = tmp.resolve("cache");
        Files.createDirectories(root.resolve("content/articles"));
        git(root, T1, "init", "-q");
        Files.writeString(root.resolve("content/articles/a.md"), "one\n");
        commit(root, T1, "first");
        read(root, cache, new Diagnostics(), new ArrayList<>());
        Path file = cache.resolve("git-dates");
        byte[] bytes = Files.readAllBytes(file);
        for (int at = 0; at < bytes.length; at++) {
            byte[] damaged = bytes.clone();
            damaged[at] ^= (byte) (at % 2 == 0 ? 0x01 : 0x21);
            Files.write(file, damaged);
            List<String> notes = new ArrayList<>();
            GitDates dates = read(root, cache, new Diagnostics(), notes);
            assertEquals(List.of(file + ": damaged; the dates are read from git again"), notes, "byte " + at);
            assertEquals(Optional.of(new GitDates.Dates(T1, T1)), dates.of(file("a.md")), "byte " + at);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String other = text.replace("galley-git-dates 1\n", "galley-git-dates 2\n");
        String checked = other.substring(0, other.lastIndexOf("crc "));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(checked.getBytes(StandardCharsets.UTF_8));
        Files.writeString(file, checked + String.format("crc %08x", (int) crc.getValue()) + "\nend\n");
        List<String> notes = new ArrayList<>();
        read(root, cache, new Diagnostics(), notes);
        assertEquals(List.of(), notes, "another format: read again without a line");
    }

    // ---- through the build

    private static String page(TestProject p, String path) throws IOException {
        return Files.readString(p.site().resolve(path));
    }

    private static TestProject repo(Path dir) throws Exception {
        TestProject p = TestProject.write(dir, PROJECT);
        git(dir, T1, "init", "-q");
        commit(dir, T1, "first");
        return p;
    }

    @Test
    void anArticleWithoutUpdatedGetsItsLastCommitAndWrittenUpdatedWins(@TempDir Path tmp) throws Exception {
        TestProject p = repo(tmp.resolve("p"));
        p.add("""
                -- content/articles/2025/10/harbour.md --
                ---
                title: "Harbour reopens"
                date: 2025-10-24T09:12:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [Port]
                ---
                The harbour reopened, a correction.
                -- content/articles/2025/10/ferry.md --
                ---
                title: "Ferry returns"
                date: 2025-10-20T09:00:00+02:00
                updated: 2025-10-21T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [Port]
                ---
                The ferry is back, a correction.
                """);
        commit(p.root(), T3, "corrections");
        TestProject.Run run = p.build().assertOk();
        assertEquals(List.of(), run.diagnostics());
        String harbour = page(p, "2025/10/24/harbour/index.html");
        assertTrue(harbour.contains("Updated <time datetime=\"2025-11-20T10:15:00+02:00\""), harbour);
        String ferry = page(p, "2025/10/20/ferry/index.html");
        assertTrue(ferry.contains("Updated <time datetime=\"2025-10-21T10:00:00+03:00\""), ferry);
        String sitemaps = TestProject.tree(p.site()).entrySet().stream()
                .filter(e -> e.getKey().startsWith("sitemap"))
                .map(Map.Entry::getValue)
                .reduce("", String::concat);
        assertTrue(sitemaps.contains("<lastmod>2025-11-20T08:15:00Z</lastmod>"), sitemaps);
    }

    @Test
    void gitDatesOffReadsNothing(@TempDir Path tmp) throws Exception {
        TestProject p = repo(tmp.resolve("p"));
        Files.writeString(
                p.root().resolve("content/site.yaml"),
                Files.readString(p.root().resolve("content/site.yaml")).replace("git_dates: true", "git_dates: false"));
        commit(p.root(), T3, "off");
        int runs = GitDates.LOG_RUNS.get();
        p.build().assertOk();
        assertEquals(runs, GitDates.LOG_RUNS.get());
        assertFalse(page(p, "2025/10/24/harbour/index.html").contains("Updated"));
        assertFalse(Files.exists(p.root().resolve(".galley/site/git-dates")));
    }

    @Test
    void aMistypedSettingIsCaught(@TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT.replace("git_dates: true", "git_date: true"));
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(
                run.err().contains("unknown setting \"git_date\" in site.yaml (did you mean \"git_dates\"?)"),
                run::toString);
        p.add("-- content/site.yaml --\n"
                + Files.readString(p.root().resolve("content/site.yaml")).replace("git_date: true", "git_dates: yes"));
        run = p.build();
        assertTrue(
                run.err().contains("content/site.yaml:6:12: error: git_dates \"yes\" must be true or false"),
                run::toString);
    }

    /** Builds incrementally into {@code site/} and cleanly elsewhere; the trees must be the same. */
    private static void buildAndCompare(TestProject p, Path tmp) throws IOException {
        p.build().assertOk();
        Path clean = tmp.resolve("clean-" + System.nanoTime());
        TestProject.run(
                        "build",
                        "--root",
                        p.root().toString(),
                        "--out",
                        clean.toString(),
                        "--now",
                        TestProject.NOW,
                        "--quiet",
                        "--clean")
                .assertOk();
        Map<String, String> expected = TestProject.tree(clean);
        Map<String, String> actual = TestProject.tree(p.site());
        assertEquals(expected.keySet(), actual.keySet());
        for (String path : expected.keySet()) assertEquals(expected.get(path), actual.get(path), path);
    }

    @Test
    void aCommitAloneChangesWhatTheIncrementalBuildMakes(@TempDir Path tmp) throws Exception {
        TestProject p = repo(tmp.resolve("p"));
        buildAndCompare(p, tmp);
        String edited = """
                -- content/articles/2025/10/harbour.md --
                ---
                title: "Harbour reopens"
                date: 2025-10-24T09:12:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [Port]
                ---
                The harbour reopened. It is busy again.
                """;
        // Edited and built before it is committed: the last commit's date still holds.
        p.add(edited);
        buildAndCompare(p, tmp);
        String before = page(p, "2025/10/24/harbour/index.html");
        // Committed with no change to the file: only the date changed, and every page showing it.
        commit(p.root(), T2, "edit");
        buildAndCompare(p, tmp);
        String after = page(p, "2025/10/24/harbour/index.html");
        assertFalse(before.contains("2025-11-10T14:30:00+02:00"), before);
        assertTrue(after.contains("Updated <time datetime=\"2025-11-10T14:30:00+02:00\""), after);
        // Edited and committed at once, later.
        p.add(edited.replace("busy again", "busier than ever"));
        commit(p.root(), T3, "edit again");
        buildAndCompare(p, tmp);
        assertTrue(page(p, "2025/10/24/harbour/index.html").contains("2025-11-20T10:15:00+02:00"));
        // A new article, committed: the quick path for new articles must give the same site.
        p.add("""
                -- content/articles/2025/11/pier.md --
                ---
                title: "Pier opens"
                date: 2025-11-25T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                tags: [Port]
                ---
                The pier opened.
                """);
        commit(p.root(), T3.plusSeconds(3600), "new");
        buildAndCompare(p, tmp);
        // Nothing changed: the build is skipped, and the cached dates are the same.
        int runs = GitDates.LOG_RUNS.get();
        p.build().assertOk();
        assertEquals(runs, GitDates.LOG_RUNS.get(), "HEAD did not move: git log does not run");
        buildAndCompare(p, tmp);
    }
}
