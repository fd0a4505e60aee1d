package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import galley.TestProject;
import galley.output.OutputWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state folder and the standby tree are checked, never trusted: whatever byte of the source
 * cache is changed, and whatever file of the standby tree is deleted, replaced or added, the next
 * build exits 0 and its site is byte for byte a clean build's (with one line saying what was
 * dropped).
 */
class DamagedStateTest {

    private static final String PROJECT = TestProject.BASE + """
            -- content/articles/2025/11/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port, Ships]
            ---
            The harbour reopened.
            -- content/articles/2025/11/ferry.md --
            ---
            title: "Ferry returns"
            date: 2025-11-20T09:00:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port]
            ---
            The ferry is back.
            -- content/articles/2025/10/rowing.md --
            ---
            title: "Rowing season opens"
            date: 2025-10-01T09:00:00+02:00
            section: Sport
            authors: [ann-lee]
            tags: [Rowing]
            ---
            Boats are out.
            """;

    /** The two versions of one article the builds alternate between (a new title: lists change too). */
    private static String ferry(int version) {
        return "---\ntitle: \"Ferry returns, take " + version + "\"\ndate: 2025-11-20T09:00:00+02:00\n"
                + "section: Business\nauthors: [ann-lee]\ntags: [Port]\n---\nThe ferry is back.\n";
    }

    private static Map<String, String> cleanSite(TestProject p, Path tmp, String name) throws IOException {
        Path out = tmp.resolve(name);
        TestProject.run(
                        "build",
                        "--root",
                        p.root().toString(),
                        "--out",
                        out.toString(),
                        "--now",
                        TestProject.NOW,
                        "--quiet",
                        "--clean")
                .assertOk();
        return TestProject.tree(out);
    }

    /**
     * A dozen random positions, each a whole build (every position of the cache is damaged, at the
     * level of the cache alone, by {@code SourceCacheTest}).
     */
    @Test
    void aChangedByteOfTheSourceCacheNeverReachesTheSite(@TempDir Path tmp) throws IOException {
        damageTheSourceCache(tmp, 12, 7);
    }

    /**
     * Every position of the file, each damaged once (a flip of every bit at even positions, a random
     * change at odd ones): twice each took a minute and a half of CI's fifteen; SourceCacheTest
     * damages every position twice without a build.
     */
    @Test
    @Tag("slow")
    void aChangedByteAtEveryPositionOfTheSourceCacheNeverReachesTheSite(@TempDir Path tmp) throws IOException {
        damageTheSourceCache(tmp, -1, 8);
    }

    /**
     * Builds, then {@code positions} times (every position once if negative): changes one byte of
     * the source cache, switches the ferry article to its other version (so that the build is not
     * skipped as "nothing changed": it reads the cache), builds, and compares with a clean build.
     */
    private static void damageTheSourceCache(Path tmp, int positions, long seed) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("project"), PROJECT);
        Path ferryFile = p.root().resolve("content/articles/2025/11/ferry.md");
        Map<String, String>[] clean = cleanSites(p, tmp, ferryFile);
        Files.writeString(ferryFile, ferry(0));
        p.build().assertOk();
        Path cache = p.root().resolve(".galley/site/sources");
        Random random = new Random(seed);
        int length = (int) Files.size(cache);
        int rounds = positions < 0 ? length : positions;
        for (int round = 0; round < rounds; round++) {
            byte[] bytes = Files.readAllBytes(cache);
            int at = positions < 0 ? round % bytes.length : random.nextInt(bytes.length);
            bytes[at] ^= (byte) (positions < 0 && round % 2 == 0 ? 0xFF : 1 + random.nextInt(255));
            Files.write(cache, bytes);
            int version = (round + 1) % 2;
            Files.writeString(ferryFile, ferry(version));
            TestProject.Run run = loud(p);
            assertEquals(clean[version], TestProject.tree(p.site()), "byte " + at + " of the source cache changed");
            assertEquals(
                    1,
                    run.err().lines().filter(l -> l.contains("source")).count(),
                    "one line about the damage: " + run.err());
        }
    }

    /**
     * The standby tree (the previous site, exchanged with the live one by the next build that
     * changes several files) damaged by hand: a stylesheet deleted, a page's file replaced, a
     * stray file added. The next build finds it, makes the standby again from the live site with
     * one line, and its site is a clean build's.
     */
    @Test
    void aDamagedStandbyTreeNeverGoesLive(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("project"), PROJECT);
        Path ferryFile = p.root().resolve("content/articles/2025/11/ferry.md");
        Map<String, String>[] clean = cleanSites(p, tmp, ferryFile);
        Files.writeString(ferryFile, ferry(0));
        p.build().assertOk();
        Path standby = p.root().resolve(".site.galley-standby");
        if (!Files.isDirectory(standby)) return; // no tree exchange on this file system: no standby
        String css = TestProject.tree(standby).keySet().stream()
                .filter(f -> f.endsWith(".css"))
                .findFirst()
                .orElseThrow();
        String page = "2025/10/rowing-season-opens/index.html";
        java.util.List<java.util.function.Consumer<Path>> damages = java.util.List.of(
                tree -> uncheck(() -> Files.delete(tree.resolve(css))),
                tree -> uncheck(() -> {
                    Path file = tree.resolve(findPage(tree, page));
                    Files.delete(file); // a new file in its place: the live site's is not touched
                    Files.writeString(file, "<p>not Galley's</p>");
                }),
                tree -> uncheck(() ->
                        Files.writeString(tree.resolve(findPage(tree, page)).resolveSibling("stray.html"), "stray")));
        int version = 0;
        for (java.util.function.Consumer<Path> damage : damages) {
            for (int twice = 0; twice < 2; twice++) { // the standby is the other tree each time
                damage.accept(standby);
                version = 1 - version;
                Files.writeString(ferryFile, ferry(version));
                TestProject.Run run = loud(p);
                assertEquals(clean[version], TestProject.tree(p.site()), run.err());
                assertEquals(
                        1,
                        run.err()
                                .lines()
                                .filter(l -> l.contains("galley-standby"))
                                .count(),
                        "one line about the standby: " + run.err());
            }
        }
    }

    /**
     * The first line of {@code state} and of {@code outputs} (their format and, for the record of
     * outputs, Galley's version) changed at each of a few bytes: dropped with one line, as damage
     * anywhere else is, and the next build's site is a clean build's.
     */
    @Test
    void aDamagedFirstLineOfTheStateOrTheRecordOfOutputsIsOneLine(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("project"), PROJECT);
        Path ferryFile = p.root().resolve("content/articles/2025/11/ferry.md");
        Map<String, String>[] clean = cleanSites(p, tmp, ferryFile);
        Files.writeString(ferryFile, ferry(0));
        p.build().assertOk();
        int version = 0;
        for (String name : java.util.List.of("state", "outputs")) {
            Path file = p.root().resolve(".galley/site").resolve(name);
            int firstLine = Files.readString(file).indexOf('\n');
            for (int at : new int[] {0, 7, firstLine - 12, firstLine - 1, firstLine}) {
                byte[] bytes = Files.readAllBytes(file);
                bytes[at] ^= 0x01;
                Files.write(file, bytes);
                version = 1 - version;
                Files.writeString(ferryFile, ferry(version));
                TestProject.Run run = loud(p);
                assertEquals(clean[version], TestProject.tree(p.site()), name + ", byte " + at + ": " + run.err());
                assertEquals(
                        1,
                        run.err()
                                .lines()
                                .filter(l -> l.contains("/" + name + ":"))
                                .count(),
                        name + ", byte " + at + ": one line about the damage: " + run.err());
            }
        }
    }

    /**
     * The journal of an in-place commit killed midway (written where trees cannot be exchanged)
     * damaged: not followed, with one line, and the next build's site is a clean build's. Without
     * its checksum, a journal whose line {@code D tags/port/index.html} had its slash changed into
     * a line end would delete {@code tags} (not empty: the build failed, every time) and then
     * {@code port/index.html}.
     */
    @Test
    void aDamagedCommitJournalIsNotFollowed(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("project"), PROJECT);
        Path ferryFile = p.root().resolve("content/articles/2025/11/ferry.md");
        Map<String, String>[] clean = cleanSites(p, tmp, ferryFile);
        Files.writeString(ferryFile, ferry(0));
        p.build().assertOk();
        Path journal = p.root().resolve(".galley/site/commit-journal");
        byte[] whole = OutputWriter.journal(
                java.util.List.of("R index.html", "R tags/index.html", "D 404.html", "D tags/port/index.html"));
        String text = new String(whole, java.nio.charset.StandardCharsets.UTF_8);
        Random random = new Random(9);
        java.util.List<byte[]> damaged = new java.util.ArrayList<>();
        byte[] slash = whole.clone();
        slash[text.indexOf("tags/port") + 4] = '\n';
        damaged.add(slash);
        for (int cut : new int[] {0, 10, text.indexOf("D 404"), whole.length - 5, whole.length - 1})
            damaged.add(java.util.Arrays.copyOf(whole, cut));
        for (int i = 0; i < 8; i++) {
            byte[] b = whole.clone();
            b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
            damaged.add(b);
        }
        int version = 0;
        for (byte[] bytes : damaged) {
            // What the killed build left: its new version of the sources, no state (a build drops it
            // first), staged files, the journal, and one of its moves done.
            version = 1 - version;
            Files.writeString(ferryFile, ferry(version));
            Files.delete(p.root().resolve(".galley/site/state"));
            Path staging = p.root().resolve(".site.galley-staging");
            Files.createDirectories(staging.resolve("tags"));
            Files.writeString(staging.resolve("tags/index.html"), "staged by a killed build");
            Files.writeString(p.site().resolve("index.html"), "moved in by a killed build");
            Files.write(journal, bytes);
            TestProject.Run run = loud(p);
            String what = "journal " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(clean[version], TestProject.tree(p.site()), what + "\n" + run.err());
            assertEquals(
                    1,
                    run.err().lines().filter(l -> l.contains("commit-journal")).count(),
                    what + ": one line about the damage: " + run.err());
            assertFalse(Files.exists(journal));
            assertFalse(Files.exists(staging));
        }
    }

    /**
     * The standby record (where the standby tree differs from the site, and the times of their
     * folders) with a byte changed: not trusted, with one line, and the standby is made again.
     */
    @Test
    void aDamagedStandbyRecordIsOneLine(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("project"), PROJECT);
        Path ferryFile = p.root().resolve("content/articles/2025/11/ferry.md");
        Map<String, String>[] clean = cleanSites(p, tmp, ferryFile);
        Files.writeString(ferryFile, ferry(0));
        p.build().assertOk();
        Files.writeString(ferryFile, ferry(1));
        p.build().assertOk(); // an in-place build that changed several files: the record has the manifests
        Path record = p.root().resolve(".galley/site/standby");
        if (!Files.isRegularFile(record)) return; // no tree exchange on this file system: no standby
        Random random = new Random(10);
        int version = 1;
        for (int i = 0; i < 8; i++) {
            byte[] bytes = Files.readAllBytes(record);
            int at = i == 0 ? 0 : i == 1 ? bytes.length - 1 : random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 + random.nextInt(255));
            Files.write(record, bytes);
            version = 1 - version;
            Files.writeString(ferryFile, ferry(version));
            TestProject.Run run = loud(p);
            assertEquals(clean[version], TestProject.tree(p.site()), "byte " + at + ": " + run.err());
            assertEquals(
                    1,
                    run.err().lines().filter(l -> l.contains("/standby:")).count(),
                    "byte " + at + ": one line about the damage: " + run.err());
        }
    }

    /** The path of the page {@code wanted}, or of some page in a folder of its own if that one is not there. */
    private static String findPage(Path tree, String wanted) throws IOException {
        if (Files.isRegularFile(tree.resolve(wanted))) return wanted;
        return TestProject.tree(tree).keySet().stream()
                .filter(f -> f.endsWith("/index.html")
                        && f.chars().filter(c -> c == '/').count() >= 2)
                .findFirst()
                .orElseThrow();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void uncheck(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A build that tells what it does (not {@code --quiet}): the line about damage is among it. */
    private static TestProject.Run loud(TestProject p) {
        return TestProject.run("build", "--root", p.root().toString(), "--now", TestProject.NOW)
                .assertOk();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String>[] cleanSites(TestProject p, Path tmp, Path ferryFile) throws IOException {
        Map<String, String>[] clean = new Map[2];
        for (int v = 0; v < 2; v++) {
            Files.writeString(ferryFile, ferry(v));
            clean[v] = cleanSite(p, tmp, "clean" + v);
        }
        return clean;
    }
}
