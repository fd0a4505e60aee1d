package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the launcher plans its tuned child JVM; {@link TunedJvmIT} runs the packaged jar. */
class TunedJvmTest {

    private static final Optional<String> JAVA = Optional.of("/usr/bin/java");
    private static final Optional<Path> JAR = Optional.of(Path.of("/opt/galley.jar"));

    private static Optional<List<String>> plan(String custom, String[] launchedWith, String... args) {
        return TunedJvm.childCommand(
                args,
                custom,
                JAVA,
                Optional.of(launchedWith),
                JAR,
                Optional.empty(),
                Optional.of(Path.of("/opt/g.jsa.tmp")));
    }

    @Test
    void plainJavaJarBuildRunsInATunedChild() {
        List<String> command = plan(
                        null, new String[] {"-jar", "/opt/galley.jar", "build", "--out", "x"}, "build", "--out", "x")
                .orElseThrow();
        assertEquals("/usr/bin/java", command.get(0));
        assertTrue(
                command.contains("-XX:TieredStopAtLevel=1") && command.contains("-XX:+UseParallelGC"),
                command::toString);
        assertTrue(command.contains("-XX:ArchiveClassesAtExit=/opt/g.jsa.tmp"), command::toString);
        assertTrue(command.contains("--enable-native-access=ALL-UNNAMED"), command::toString);
        assertEquals(
                List.of("-cp", "/opt/galley.jar", "galley.cli.Main", "build", "--out", "x"),
                command.subList(command.size() - 6, command.size()));
    }

    @Test
    void anExistingArchiveIsUsedNotMadeAgain() {
        List<String> command = TunedJvm.childCommand(
                        new String[] {"check"},
                        null,
                        JAVA,
                        Optional.of(new String[] {"-jar", "g.jar", "check"}),
                        JAR,
                        Optional.of(Path.of("/opt/g.jsa")),
                        Optional.empty())
                .orElseThrow();
        assertTrue(command.contains("-XX:SharedArchiveFile=/opt/g.jsa"), command::toString);
        assertFalse(command.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")), command::toString);
    }

    @Test
    void theUsersOwnJvmOptionsAreRespected() {
        assertTrue(plan(null, new String[] {"-Xmx2g", "-jar", "/opt/galley.jar", "build"}, "build")
                .isEmpty());
        assertTrue(plan("in-process", new String[] {"-jar", "/opt/galley.jar", "build"}, "build")
                .isEmpty());
        List<String> custom = plan("-Xmx3g  -XX:+UseG1GC", new String[] {"-jar", "/opt/galley.jar", "build"}, "build")
                .orElseThrow();
        assertEquals(
                List.of("/usr/bin/java", "--enable-native-access=ALL-UNNAMED", "-Xmx3g", "-XX:+UseG1GC", "-cp"),
                custom.subList(0, 5),
                "JNA's native library is allowed whatever the options (JDK 24+ would warn on every build)");
    }

    @Test
    void serveRunsInAChildTunedAsABuildsThatMakesNoArchive() {
        List<String> command = plan(null, new String[] {"-jar", "/opt/galley.jar", "serve"}, "serve")
                .orElseThrow();
        assertTrue(command.contains("-XX:+UseParallelGC") && command.contains("-Xmn256m"), command::toString);
        assertTrue(command.contains("-XX:TieredStopAtLevel=1"), command::toString);
        assertFalse(command.stream().anyMatch(a -> a.startsWith("-Xms")), command::toString);
        assertFalse(command.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")), command::toString);
    }

    @Test
    void onlyBuildCheckAndServeAreRelaunched() {
        String[] jar = {"-jar", "/opt/galley.jar"};
        assertTrue(plan(null, jar, "--version").isEmpty());
        assertTrue(plan(null, jar, "build", "--help").isEmpty());
        assertTrue(plan(null, jar).isEmpty());
        assertTrue(
                TunedJvm.childCommand(
                                new String[] {"build"},
                                null,
                                JAVA,
                                Optional.of(jar),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty())
                        .isEmpty(),
                "not running from a jar (tests, an IDE): in-process");
    }

    @Test
    void archivesOfEarlierJarsGoThoseOfOtherJvmsForThisJarStay() {
        String current = "galley-5821868-1795744184568-1a2b3c.jsa";
        assertTrue(
                TunedJvm.isStaleArchive("galley-5800000-1795700000000-1a2b3c.jsa", current),
                "an earlier jar, same JVM");
        assertTrue(
                TunedJvm.isStaleArchive("galley-5800000-1795700000000-ffff.jsa", current),
                "an earlier jar, another JVM");
        assertTrue(
                TunedJvm.isStaleArchive("galley-5821868-1795744184568.jsa", current),
                "named before archives were per JVM");
        assertFalse(TunedJvm.isStaleArchive("galley-5821868-1795744184568-ffff.jsa", current), "this jar, another JVM");
        assertFalse(TunedJvm.isStaleArchive(current, current));
        assertFalse(
                TunedJvm.isStaleArchive("other-5800000-1795700000000-1a2b3c.jsa", current), "another jar's archive");
        assertFalse(
                TunedJvm.isStaleArchive("galley-5821868-1795744184568-1a2b3c.jsa.4242.tmp", current),
                "another run's dump in progress");
        assertFalse(TunedJvm.isStaleArchive("notes.txt", current));
    }
}
