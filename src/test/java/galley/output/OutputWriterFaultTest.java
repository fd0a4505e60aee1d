package galley.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomic output, call by call: every change the writer makes to the file system goes through
 * {@link OutputWriter.FileOps}, so a build can be made to fail at its n-th change (the writer then
 * cleans up as it does after an I/O error) or to stop there as a kill would (no further change at
 * all, no clean-up). For every n of a cold build, of incremental builds that edit, add and remove
 * pages, of a clean build over a site and of a build into a deleted output folder, the output
 * folder must then be exactly the old site or exactly the new one, and the next build must give
 * what a clean build gives. The site is a few pages driven through the writer as
 * {@link SiteBuild} drives it (the build cache is the stamps of the last committed build), so a
 * case takes milliseconds; the real kill -9 tests of whole builds are in {@code HostileInputTest}.
 */
class OutputWriterFaultTest {

    /** A site of a few pages: output path to bytes. */
    private static final Map<String, String> A = Map.of(
            "index.html", "<h1>Home</h1> harbour rowing",
            "2025/11/harbour/index.html", "<p>The harbour reopened.</p>",
            "2025/10/rowing/index.html", "<p>Boats are out.</p>",
            "tags/port/index.html", "harbour",
            "feed.xml", "<feed>harbour rowing</feed>",
            "style.css", "body{}");
    /** A with one article's text edited: its page and the feed change. */
    private static final Map<String, String> B = with(
            A,
            Map.of(
                    "2025/11/harbour/index.html", "<p>The harbour reopened. It is busy again.</p>",
                    "feed.xml", "<feed>harbour (busy) rowing</feed>"));
    /** A with an article added and one removed (its folder goes), lists changed. */
    private static final Map<String, String> C = without(
            with(
                    A,
                    Map.of(
                            "2025/11/ferry/index.html", "<p>The ferry is back.</p>",
                            "tags/ships/index.html", "ferry",
                            "index.html", "<h1>Home</h1> ferry harbour",
                            "tags/port/index.html", "ferry harbour",
                            "feed.xml", "<feed>ferry harbour</feed>")),
            "2025/10/rowing/index.html");
    /** C with B's edit. */
    private static final Map<String, String> D =
            with(C, Map.of("2025/11/harbour/index.html", B.get("2025/11/harbour/index.html")));
    /** A with one file changed: committed by one rename, no standby needed. */
    private static final Map<String, String> E = with(A, Map.of("style.css", "body{margin:0}"));

    @Test
    void aColdBuildLeavesNoSiteOrTheNewOne(@TempDir Path tmp) throws IOException {
        everyCall(tmp, "cold", List.of(), build(A));
        everyCall(tmp, "cold --standby", List.of(), build(A).makingTheStandby());
    }

    @Test
    void anIncrementalEditLeavesTheOldSiteOrTheNewOne(@TempDir Path tmp) throws IOException {
        everyCall(tmp, "one file", List.of(build(A)), build(E));
        everyCall(tmp, "edit, making the standby", List.of(build(A)), build(B));
        everyCall(tmp, "edit through the standby", List.of(build(A), build(C)), build(D));
    }

    @Test
    void aBuildThatAddsAndRemovesFilesLeavesTheOldSiteOrTheNewOne(@TempDir Path tmp) throws IOException {
        everyCall(tmp, "add and remove, making the standby", List.of(build(A)), build(C));
        everyCall(tmp, "add and remove through the standby", List.of(build(A), build(B)), build(C));
        everyCall(tmp, "remove what was added", List.of(build(A), build(C), build(D)), build(B));
    }

    @Test
    void aCleanBuildOverASiteLeavesTheOldSiteOrTheNewOne(@TempDir Path tmp) throws IOException {
        everyCall(tmp, "--clean over a site", List.of(build(A), build(B)), build(C).cleanly());
    }

    @Test
    void aBuildIntoADeletedOutputFolderLeavesNoSiteOrTheNewOne(@TempDir Path tmp) throws IOException {
        // The deleted site's standby and build cache are left: the standby is recycled.
        everyCall(tmp, "site deleted", List.of(build(A), build(B), DELETE_SITE), build(C));
        everyCall(
                tmp, "site deleted, --standby", List.of(build(A), build(B), DELETE_SITE), build(C).makingTheStandby());
    }

    @Test
    void withoutTreeExchangeTheNextBuildRepairsTheSite(@TempDir Path tmp) throws IOException {
        // The fallback (renames and a journal) has windows where a kill leaves a mix or no site;
        // the next build must still give the new site.
        System.setProperty("galley.exchange", "off");
        try {
            everyCall(tmp, "cold, no exchange", List.of(), build(A).checkingRepairOnly());
            everyCall(tmp, "edit, no exchange", List.of(build(A)), build(B).checkingRepairOnly());
            everyCall(tmp, "add and remove, no exchange", List.of(build(A), build(B)), build(C).checkingRepairOnly());
            everyCall(
                    tmp,
                    "--clean, no exchange",
                    List.of(build(A), build(B)),
                    build(C).cleanly().checkingRepairOnly());
        } finally {
            System.clearProperty("galley.exchange");
        }
    }

    /** A step of a scenario, run with the real file system. */
    private interface Step {
        void apply(Project p) throws IOException;
    }

    private static final Step DELETE_SITE = p -> OutputWriter.deleteTree(p.out);

    /** A build of {@code pages}: incremental unless {@code clean}; making the standby if told. */
    private record Build(Map<String, String> pages, boolean clean, boolean standby, boolean repairOnly)
            implements Step {
        Build cleanly() {
            return new Build(pages, true, standby, repairOnly);
        }

        Build makingTheStandby() {
            return new Build(pages, clean, true, repairOnly);
        }

        Build checkingRepairOnly() {
            return new Build(pages, clean, standby, true);
        }

        @Override
        public void apply(Project p) throws IOException {
            p.build(this);
        }
    }

    private static Build build(Map<String, String> pages) {
        return new Build(pages, false, false, false);
    }

    /**
     * An output folder and its build cache, built the way {@link SiteBuild} builds: a first build
     * (no cache, no output folder, or clean) writes every page; an incremental one keeps the
     * pages whose bytes and file are as the last committed build left them and writes the others.
     * The cache is updated only once the commit has returned, as the real one is saved after it.
     */
    private static final class Project {
        final Path out;
        final Path cache;
        Map<String, String> lastPages = Map.of();
        Map<String, String> stamps = Map.of();

        Project(Path root) {
            out = root.resolve("site");
            cache = root.resolve(".galley/site");
        }

        void build(Build b) throws IOException {
            boolean first = b.clean() || stamps.isEmpty() || !Files.exists(out, LinkOption.NOFOLLOW_LINKS);
            Map<String, String> made = new TreeMap<>();
            try (OutputWriter w =
                    first ? OutputWriter.full(out, cache, b.standby()) : OutputWriter.inPlace(out, cache)) {
                for (Map.Entry<String, String> page : new TreeMap<>(b.pages()).entrySet()) {
                    String path = page.getKey();
                    String stamp = first ? null : stamps.get(path);
                    if (stamp != null && page.getValue().equals(lastPages.get(path)) && w.canKeep(path, stamp)) {
                        w.keep(path);
                        made.put(path, stamp);
                    } else {
                        made.put(path, w.write(path, page.getValue().getBytes(StandardCharsets.UTF_8)));
                    }
                }
                w.commit(first ? List.of() : stamps.keySet());
            }
            lastPages = b.pages();
            stamps = made;
        }
    }

    /**
     * Runs the scenario's {@code steps} in a fresh folder, then its last build once counting the
     * writer's calls, then once for every n and both ways of stopping at call n.
     */
    private static void everyCall(Path tmp, String name, List<Step> steps, Build last) throws IOException {
        Path memory = Path.of("/dev/shm");
        if (Files.isDirectory(memory)
                && Files.isWritable(memory)
                && TreeExchange.works(memory) == TreeExchange.works(tmp)) {
            // Hundreds of small trees made and deleted: in memory where there is one (deleting a
            // folder on a disk mounted with discard waits for the disk).
            Path dir = Files.createTempDirectory(memory, "galley-fault-");
            try {
                everyCallIn(dir, name, steps, last);
            } finally {
                deleteQuietly(dir);
            }
        } else {
            everyCallIn(tmp, name, steps, last);
        }
    }

    private static void everyCallIn(Path tmp, String name, List<Step> steps, Build last) throws IOException {
        long started = System.nanoTime();
        String slug = name.replaceAll("\\W+", "-");
        Map<String, String> expected = expected(last.pages());
        Project reference = prepare(tmp.resolve(slug + "-reference"), steps);
        Map<String, String> before = snapshot(reference.out);
        Counting counting = new Counting();
        withOps(counting, () -> reference.build(last));
        assertEquals(expected, snapshot(reference.out), name + ": the build does not give the site");
        assertTrue(counting.calls > 0, name + ": no call counted");

        int cases = 0;
        for (int n = 1; n <= counting.calls; n++) {
            for (boolean kill : new boolean[] {false, true}) {
                Path dir = tmp.resolve(slug + "-" + n + (kill ? "-kill" : "-fail"));
                Project p = prepare(dir, steps);
                assertEquals(before, snapshot(p.out), name + ": the scenario is not repeatable");
                Faults faults = new Faults(n, kill);
                Throwable thrown = null;
                try {
                    withOps(faults, () -> p.build(last));
                } catch (Throwable t) {
                    thrown = t;
                }
                String at = name + ", " + (kill ? "killed at" : "failing") + " call " + n + " of " + counting.calls
                        + " (" + faults.hit + ")";
                if (kill && !(thrown instanceof Killed))
                    throw new AssertionError(at + ": the kill did not stop the build", thrown);
                Map<String, String> left = snapshot(p.out);
                if (!last.repairOnly() && !(equal(before, left) || equal(expected, left))) {
                    fail(at + ": the output folder is neither the old site nor the new one: "
                            + describe(before, expected, left));
                }
                p.build(build(last.pages()));
                assertEquals(expected, snapshot(p.out), at + ": the next build is not a clean build");
                assertStandbyHolds(dir, p.out, at);
                deleteQuietly(dir);
                cases++;
            }
        }
        assertEquals(2 * counting.calls, cases);
        System.out.printf(
                "%s: %d calls, %d cases, %.1f ms a case%n",
                name, counting.calls, cases, (System.nanoTime() - started) / 1e6 / cases);
    }

    /** What a clean build of {@code pages} holds: the files and the folders above them. */
    private static Map<String, String> expected(Map<String, String> pages) {
        Map<String, String> entries = new TreeMap<>();
        entries.put("/", "folder");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            String path = page.getKey();
            entries.put(path, page.getValue());
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                entries.put(path.substring(0, slash) + "/", "folder");
            }
        }
        return entries;
    }

    private static Project prepare(Path dir, List<Step> steps) throws IOException {
        Files.createDirectories(dir);
        Project p = new Project(dir);
        for (Step s : steps) s.apply(p);
        return p;
    }

    private static Map<String, String> with(Map<String, String> pages, Map<String, String> changes) {
        Map<String, String> all = new TreeMap<>(pages);
        all.putAll(changes);
        return all;
    }

    private static Map<String, String> without(Map<String, String> pages, String path) {
        Map<String, String> all = new TreeMap<>(pages);
        all.remove(path);
        return all;
    }

    private static boolean equal(Map<String, String> a, Map<String, String> b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String describe(Map<String, String> before, Map<String, String> after, Map<String, String> left) {
        if (left == null) return "no site";
        Set<String> paths = new TreeSet<>(left.keySet());
        if (before != null) paths.addAll(before.keySet());
        paths.addAll(after.keySet());
        List<String> diff = new ArrayList<>();
        for (String path : paths) {
            String l = left.get(path);
            boolean old = before != null && Objects.equals(before.get(path), l);
            boolean nu = Objects.equals(after.get(path), l);
            if (!old || !nu) diff.add(path + (old ? " as old" : nu ? " as new" : l == null ? " missing" : " neither"));
        }
        return diff.toString();
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void withOps(OutputWriter.FileOps ops, Action build) throws IOException {
        OutputWriter.fileOps = ops;
        try {
            build.run();
        } finally {
            OutputWriter.fileOps = OutputWriter.FileOps.NIO;
        }
    }

    /**
     * Every folder, file (its bytes) and symbolic link under {@code dir}; null when there is no
     * {@code dir}.
     */
    static Map<String, String> snapshot(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return null;
        Map<String, String> entries = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) entries.put(rel, "link " + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) entries.put(rel + "/", "folder");
                else entries.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return entries;
    }

    /** Where a standby is recorded, it differs from the site only at the paths its record lists. */
    private static void assertStandbyHolds(Path root, Path site, String at) throws IOException {
        Standby standby = new Standby(root.resolve(".site.galley-standby"), root.resolve(".galley/site/standby"));
        Optional<Set<String>> pending = standby.pending(site);
        if (pending.isEmpty()) return;
        Map<String, String> live = snapshot(site);
        Map<String, String> tree = snapshot(standby.tree);
        Set<String> paths = new TreeSet<>(live.keySet());
        paths.addAll(tree.keySet());
        for (String path : paths) {
            if (path.endsWith("/") || pending.get().contains(path)) continue;
            assertEquals(live.get(path), tree.get(path), at + ": the standby differs from the site at " + path);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            OutputWriter.deleteTree(dir);
        } catch (IOException ignored) {
            // a leftover in the test's temporary folder
        }
    }

    /** A kill: thrown at the chosen call and at every call after it, so nothing is cleaned up. */
    static final class Killed extends Error {
        Killed(String what) {
            super("killed at " + what, null, false, false);
        }
    }

    /** The real file system, counting calls. */
    private static class Counting implements OutputWriter.FileOps {
        int calls;
        String what = "";

        /** Called before every change; throws to stop it. */
        synchronized void before(String op, Path path) throws IOException {
            calls++;
            what = op + " " + path.getFileName();
        }

        @Override
        public void createDirectories(Path dir) throws IOException {
            before("createDirectories", dir);
            OutputWriter.FileOps.NIO.createDirectories(dir);
        }

        @Override
        public void createDirectory(Path dir) throws IOException {
            before("createDirectory", dir);
            OutputWriter.FileOps.NIO.createDirectory(dir);
        }

        @Override
        public void write(Path file, byte[] bytes, int length, boolean sync) throws IOException {
            before("write", file);
            OutputWriter.FileOps.NIO.write(file, bytes, length, sync);
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            before("copy", target);
            OutputWriter.FileOps.NIO.copy(source, target, options);
        }

        @Override
        public void createLink(Path link, Path existing) throws IOException {
            before("createLink", link);
            OutputWriter.FileOps.NIO.createLink(link, existing);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            before("move", source);
            OutputWriter.FileOps.NIO.move(source, target, options);
        }

        @Override
        public boolean exchange(Path a, Path b) throws IOException {
            before("exchange", a);
            return OutputWriter.FileOps.NIO.exchange(a, b);
        }

        @Override
        public void delete(Path path) throws IOException {
            before("delete", path);
            OutputWriter.FileOps.NIO.delete(path);
        }

        @Override
        public boolean deleteIfExists(Path path) throws IOException {
            before("deleteIfExists", path);
            return OutputWriter.FileOps.NIO.deleteIfExists(path);
        }
    }

    /**
     * Fails the {@code at}-th call: with an I/O error (the writer then cleans up as it can), or as
     * a kill, which also stops every later call.
     */
    private static final class Faults extends Counting {
        private final int at;
        private final boolean kill;
        private boolean killed;
        /** The call that failed. */
        String hit = "";

        Faults(int at, boolean kill) {
            this.at = at;
            this.kill = kill;
        }

        @Override
        synchronized void before(String op, Path path) throws IOException {
            if (killed) throw new Killed("a call after the kill: " + op + " " + path);
            super.before(op, path);
            if (calls != at) return;
            hit = what;
            if (kill) {
                killed = true;
                throw new Killed(what);
            }
            throw new IOException("injected failure at call " + at + ": " + what);
        }
    }
}
