package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.output.OutputLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One build (or check) of an output folder at a time: a second one waits for the first, or with
 * {@code --no-wait} exits 4 leaving the site as it was; a lock file whose process is gone never
 * blocks. The site is always exactly one complete build.
 */
class BuildLockTest {

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

    private static final String FERRY = """
            -- content/articles/2025/11/ferry.md --
            ---
            title: "Ferry returns"
            date: 2025-11-25T09:00:00+02:00
            section: Travel
            authors: [ann-lee]
            tags: [Port]
            ---
            The ferry is back.
            """;

    private static Path state(TestProject p) {
        return p.root().resolve(".galley/site");
    }

    /** A build started on another thread, whose stderr can be read while it runs. */
    private record Running(CompletableFuture<Integer> exit, StringWriter err) {
        static Running start(String... args) {
            StringWriter err = new StringWriter();
            StringWriter out = new StringWriter();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                    () -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args),
                    r -> new Thread(r).start());
            return new Running(exit, err);
        }

        void awaitErr(String text) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!err.toString().contains(text)) {
                assertFalse(exit.isDone(), () -> "finished without printing \"" + text + "\": " + err);
                assertTrue(System.nanoTime() < until, () -> "never printed \"" + text + "\": " + err);
                Thread.sleep(10);
            }
        }
    }

    private static String[] build(TestProject p, String... extra) {
        List<String> args = new java.util.ArrayList<>(
                List.of("build", "--root", p.root().toString(), "--now", TestProject.NOW, "--quiet"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void twoBuildsAtOnceBothSucceedAndTheSiteIsACleanBuild(@TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        p.build().assertOk();
        p.add(FERRY); // a new article in a new section: every page changes
        Running first = Running.start(build(p));
        Running second = Running.start(build(p));
        assertEquals(0, first.exit().get(60, TimeUnit.SECONDS), first.err()::toString);
        assertEquals(0, second.exit().get(60, TimeUnit.SECONDS), second.err()::toString);

        TestProject clean = TestProject.write(tmp.resolve("clean"), PROJECT + FERRY);
        clean.build("--clean").assertOk();
        assertEquals(TestProject.tree(clean.site()), TestProject.tree(p.site()));
    }

    @Test
    void aSecondBuildWaitsForTheFirstAndSaysSo(@TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(tmp, PROJECT);
        p.build().assertOk();
        p.add(FERRY);
        Running waiting;
        try (OutputLock held = OutputLock.take(state(p), false, h -> {})) {
            waiting = Running.start(build(p));
            waiting.awaitErr("galley: waiting for another build of " + p.site() + " (pid "
                    + ProcessHandle.current().pid() + ", started at ");
            assertFalse(Files.exists(p.site().resolve("2025/11/25/ferry/index.html")));
        }
        assertEquals(0, waiting.exit().get(60, TimeUnit.SECONDS), waiting.err()::toString);
        assertTrue(Files.exists(p.site().resolve("2025/11/25/ferry/index.html")));
        assertEquals(1, waiting.err().toString().split("waiting for", -1).length - 1, "said once");
    }

    @Test
    void noWaitRefusesWithExitFourAndLeavesTheSite(@TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(tmp, PROJECT);
        p.build().assertOk();
        Map<String, String> before = TestProject.tree(p.site());
        p.add(FERRY);
        try (OutputLock held = OutputLock.take(state(p), false, h -> {})) {
            TestProject.Run build = p.build("--no-wait");
            assertEquals(4, build.exitCode(), build.toString());
            assertTrue(
                    build.err().contains("galley: another build of " + p.site() + " is running (pid "),
                    build.toString());
            assertTrue(build.err().contains("not waiting for it (--no-wait)"), build.toString());
            TestProject.Run check = TestProject.run(
                    "check", "--root", p.root().toString(), "--now", TestProject.NOW, "--quiet", "--no-wait");
            assertEquals(4, check.exitCode(), check.toString());
        }
        assertEquals(before, TestProject.tree(p.site()));
    }

    /** The lock is the OS lock, held by another process: busy while it lives, free the moment it is killed. */
    @Test
    void aLockHeldByAnotherProcessBlocksUntilThatProcessIsKilled(@TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(tmp, PROJECT);
        p.build().assertOk();
        Map<String, String> before = TestProject.tree(p.site());
        p.add(FERRY);
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Holder.class.getName(),
                        state(p).resolve(OutputLock.FILE).toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", lines.readLine());
            TestProject.Run busy = p.build("--no-wait");
            assertEquals(4, busy.exitCode(), busy.toString());
            assertTrue(busy.err().contains("(pid " + holder.pid() + ", started at "), busy.toString());
            assertEquals(before, TestProject.tree(p.site()));

            Running waiting = Running.start(build(p));
            waiting.awaitErr("(pid " + holder.pid() + ", started at ");
            holder.destroyForcibly().waitFor();
            assertEquals(0, waiting.exit().get(60, TimeUnit.SECONDS), waiting.err()::toString);
            assertTrue(Files.exists(p.site().resolve("2025/11/25/ferry/index.html")));
        } finally {
            holder.destroyForcibly();
        }
    }

    /** A lock file whose process is gone (a killed build) is just a file: no OS lock, nothing blocks. */
    @Test
    void aLockFileLeftByAKilledBuildDoesNotBlock(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, PROJECT);
        Files.createDirectories(state(p));
        Files.writeString(state(p).resolve(OutputLock.FILE), "pid 999999, started at 2026-01-01T00:00:00Z\n");
        TestProject.Run run = p.build("--no-wait");
        run.assertOk();
        assertFalse(run.err().contains("waiting"), run.toString());
        assertTrue(Files.readString(state(p).resolve(OutputLock.FILE))
                .startsWith("pid " + ProcessHandle.current().pid() + ", started at "));
    }

    /** Two outputs of one root have their own state folders and locks: they do not wait for each other. */
    @Test
    void buildsIntoDifferentOutputFoldersDoNotWait(@TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(tmp, PROJECT);
        try (OutputLock held = OutputLock.take(state(p), false, h -> {})) {
            p.build("--no-wait", "--out", tmp.resolve("preview").toString()).assertOk();
        }
        assertTrue(Files.isDirectory(tmp.resolve(".galley/preview")));
    }

    @Test
    void checkBeforeAnyBuildMakesNoStateFolder(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, PROJECT);
        TestProject.run("check", "--root", tmp.toString(), "--now", TestProject.NOW, "--quiet")
                .assertOk();
        assertFalse(Files.exists(tmp.resolve(".galley")));
    }

    /** Run in another JVM: takes the OS lock on the file named by its argument, says so, and holds it. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.lock();
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", started at 2026-01-01T00:00:00Z\n")
                            .getBytes(StandardCharsets.UTF_8)),
                    0);
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
