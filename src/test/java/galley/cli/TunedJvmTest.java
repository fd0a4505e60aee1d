package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunedJvmTest {

    private static final Optional<String> JAVA = Optional.of("/usr/bin/java");
    private static final Optional<Path> JAR = Optional.of(Path.of("/opt/galley.jar"));

    private static Optional<List<String>> plan(String custom, String[] launchedWith, String... args) {
        return TunedJvm.childCommand(args, custom, JAVA, Optional.of(launchedWith), JAR, Optional.empty(), Optional.of(Path.of("/opt/g.jsa.tmp")));
    }

    @Test
    void plainJavaJarBuildRunsInATunedChild() {
        List<String> command = plan(null, new String[] {"-jar", "/opt/galley.jar", "build", "--out", "x"}, "build", "--out", "x").orElseThrow();
        assertEquals("/usr/bin/java", command.get(0));
        assertTrue(command.contains("-XX:TieredStopAtLevel=1") && command.contains("-XX:+UseParallelGC"), command::toString);
        assertTrue(command.contains("-XX:ArchiveClassesAtExit=/opt/g.jsa.tmp"), command::toString);
        assertTrue(command.contains("--enable-native-access=ALL-UNNAMED"), command::toString);
        assertEquals(List.of("-cp", "/opt/galley.jar", "galley.cli.Main", "build", "--out", "x"), command.subList(command.size() - 6, command.size()));
    }

    @Test
    void anExistingArchiveIsUsedNotMadeAgain() {
        List<String> command = TunedJvm.childCommand(new String[] {"check"}, null, JAVA, Optional.of(new String[] {"-jar", "g.jar", "check"}), JAR,
                Optional.of(Path.of("/opt/g.jsa")), Optional.empty()).orElseThrow();
        assertTrue(command.contains("-XX:SharedArchiveFile=/opt/g.jsa"), command::toString);
        assertFalse(command.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")), command::toString);
    }

    @Test
    void theUsersOwnJvmOptionsAreRespected() {
        assertTrue(plan(null, new String[] {"-Xmx2g", "-jar", "/opt/galley.jar", "build"}, "build").isEmpty());
        assertTrue(plan("in-process", new String[] {"-jar", "/opt/galley.jar", "build"}, "build").isEmpty());
        List<String> custom = plan("-Xmx3g  -XX:+UseG1GC", new String[] {"-jar", "/opt/galley.jar", "build"}, "build").orElseThrow();
        assertEquals(List.of("/usr/bin/java", "--enable-native-access=ALL-UNNAMED", "-Xmx3g", "-XX:+UseG1GC", "-cp"), custom.subList(0, 5),
                "JNA's native library is allowed whatever the options (JDK 24+ would warn on every build)");
    }

    @Test
    void onlyBuildAndCheckAreRelaunched() {
        String[] jar = {"-jar", "/opt/galley.jar"};
        assertTrue(plan(null, jar, "--version").isEmpty());
        assertTrue(plan(null, jar, "build", "--help").isEmpty());
        assertTrue(plan(null, jar).isEmpty());
        assertTrue(TunedJvm.childCommand(new String[] {"build"}, null, JAVA, Optional.of(jar), Optional.empty(), Optional.empty(), Optional.empty()).isEmpty(),
                "not running from a jar (tests, an IDE): in-process");
    }

    @Test
    void archivesOfEarlierJarsGoThoseOfOtherJvmsForThisJarStay() {
        String current = "galley-5821868-1795744184568-1a2b3c.jsa";
        assertTrue(TunedJvm.isStaleArchive("galley-5800000-1795700000000-1a2b3c.jsa", current), "an earlier jar, same JVM");
        assertTrue(TunedJvm.isStaleArchive("galley-5800000-1795700000000-ffff.jsa", current), "an earlier jar, another JVM");
        assertTrue(TunedJvm.isStaleArchive("galley-5821868-1795744184568.jsa", current), "named before archives were per JVM");
        assertFalse(TunedJvm.isStaleArchive("galley-5821868-1795744184568-ffff.jsa", current), "this jar, another JVM");
        assertFalse(TunedJvm.isStaleArchive(current, current));
        assertFalse(TunedJvm.isStaleArchive("other-5800000-1795700000000-1a2b3c.jsa", current), "another jar's archive");
        assertFalse(TunedJvm.isStaleArchive("galley-5821868-1795744184568-1a2b3c.jsa.4242.tmp", current), "another run's dump in progress");
        assertFalse(TunedJvm.isStaleArchive("notes.txt", current));
    }

    /**
     * End to end, where the jar has been built (CI packages it before the tests): killing the
     * {@code java -jar} process with SIGKILL stops the build in the child too.
     */
    @Test
    void killingTheLauncherStopsTheChildBuild(@TempDir Path tmp) throws Exception {
        Path jar = Path.of("target/galley.jar").toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "needs target/galley.jar (mvn package)");
        Path root = tmp.resolve("project");
        Files.createDirectories(root.resolve("content/articles"));
        Files.writeString(root.resolve("content/site.yaml"), "title: T\nbase_url: https://example.org/\nlanguage: en\ntimezone: UTC\npage_size: 5\n");
        for (int i = 0; i < 400; i++) {
            Files.writeString(root.resolve("content/articles/a" + i + ".md"),
                    "---\ntitle: Article " + i + "\ndate: 2025-01-01T10:00:00Z\nsection: News\n---\n" + "Body text. ".repeat(200) + "\n");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process launcher = new ProcessBuilder(java, "-jar", jar.toString(), "build", "--root", root.toString(), "--now", "2025-06-01T00:00:00Z")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Optional<ProcessHandle> child = Optional.empty();
        for (int i = 0; i < 200 && child.isEmpty() && launcher.isAlive(); i++) {
            child = launcher.descendants().findFirst();
            if (child.isEmpty()) Thread.sleep(10);
        }
        assumeTrue(child.isPresent(), "the build ended before a child was seen");
        launcher.destroyForcibly();
        launcher.waitFor(10, TimeUnit.SECONDS);
        ProcessHandle c = child.get();
        c.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(c.isAlive(), "the child build outlived its killed launcher");
        // Killed while it was starting, the build never finished: no site appeared.
        assertFalse(Files.exists(root.resolve("site")), "the child finished the build its launcher was killed in");
    }
}
