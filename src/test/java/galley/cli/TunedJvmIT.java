package galley.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar end to end: {@code mvn verify} runs this after the package phase (failsafe runs
 * *IT classes), so target/galley.jar is there; a missing jar is a failure, not a skip.
 */
class TunedJvmIT {

    /** Killing the {@code java -jar} process with SIGKILL stops the build in the child too. */
    @Test
    void killingTheLauncherStopsTheChildBuild(@TempDir Path tmp) throws Exception {
        Path jar = Path.of("target/galley.jar").toAbsolutePath();
        assertTrue(
                Files.isRegularFile(jar),
                "needs " + jar + ": run mvn verify (the jar is packaged before the integration tests)");
        Path root = tmp.resolve("project");
        Files.createDirectories(root.resolve("content/articles"));
        Files.writeString(
                root.resolve("content/site.yaml"),
                "title: T\nbase_url: https://example.org/\nlanguage: en\ntimezone: UTC\npage_size: 5\n");
        for (int i = 0; i < 400; i++) {
            Files.writeString(
                    root.resolve("content/articles/a" + i + ".md"),
                    "---\ntitle: Article " + i + "\ndate: 2025-01-01T10:00:00Z\nsection: News\n---\n"
                            + "Body text. ".repeat(200) + "\n");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process launcher = new ProcessBuilder(
                        java,
                        "-jar",
                        jar.toString(),
                        "build",
                        "--root",
                        root.toString(),
                        "--now",
                        "2025-06-01T00:00:00Z")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        // The launcher starts the child at once; on a loaded machine that can take seconds.
        Optional<ProcessHandle> child = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isEmpty() && launcher.isAlive() && System.nanoTime() < deadline) {
            child = launcher.descendants().findFirst();
            if (child.isEmpty()) Thread.sleep(10);
        }
        assertTrue(
                child.isPresent(),
                "no child JVM seen while the launcher ran (alive: " + launcher.isAlive()
                        + "); java -jar must relaunch a build");
        launcher.destroyForcibly();
        launcher.waitFor(10, TimeUnit.SECONDS);
        ProcessHandle c = child.get();
        c.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(c.isAlive(), "the child build outlived its killed launcher");
        // Killed while it was starting, the build never finished: no site appeared.
        assertFalse(Files.exists(root.resolve("site")), "the child finished the build its launcher was killed in");
    }
}
