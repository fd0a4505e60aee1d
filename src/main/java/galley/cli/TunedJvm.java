package galley.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code build} and {@code check} in a JVM set up for them when Galley is started as plain
 * {@code java -jar galley.jar}, which cannot set JVM options itself (Gradle starts a "single-use
 * daemon" for the same reason). A build is a short, allocation-heavy batch job, for which the JVM's
 * defaults are a poor fit; measured on 25,000 articles (2 cores): C2 compilation took a third of
 * all CPU time and G1 grew the heap to 1.7 GB for a live set of 200 MB. The child JVM gets:
 * <ul>
 *   <li>{@code -XX:TieredStopAtLevel=1}: the C1 compiler only (a third less CPU on a cold build);</li>
 *   <li>{@code -XX:+UseParallelGC -Xmn256m}: a throughput collector with a fixed young generation,
 *       so the heap is the live set plus 256 MB (peak RSS 0.5 GB instead of 1.8 GB);</li>
 *   <li>{@code -Xms1g}: an old generation that holds a 25,000-article model from the start (growing
 *       it cost a 0.6 s full collection in every incremental build); reserved, not touched, so it
 *       costs no memory until used;</li>
 *   <li>{@code -XX:MaxRAMPercentage=75}: room for million-article archives (a build is the only
 *       big process on a CI machine);</li>
 *   <li>class-data sharing: an archive of Galley's classes, made by the first run beside the jar
 *       ({@code galley.jar} → {@code galley-SIZE-MTIME-JVM.jsa}, JVM a hash of the Java installation and
 *       version, whose archives no other JVM can map) and used by every later run, which saves a few
 *       hundred milliseconds of start-up on every incremental build.</li>
 * </ul>
 * Nothing is relaunched when the JVM was started with options of its own (they are the user's
 * choice), when {@code GALLEY_JAVA_OPTS=in-process} is set, or when not running from a jar (tests).
 * {@code GALLEY_JAVA_OPTS} set to other options replaces the list above. The parent waits for the
 * child and exits with its exit code; if the parent is killed, the child stops too (it checks its
 * parent every 50 ms), so killing the build stays killing the build.
 */
final class TunedJvm {

    /** Set in the child's environment to the parent's process id: the child runs the build itself. */
    static final String CHILD = "GALLEY_TUNED_JVM";
    static final String OPTIONS = "GALLEY_JAVA_OPTS";

    private static final List<String> DEFAULT_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC", "-Xmn256m",
            "-Xms1g", "-XX:MaxRAMPercentage=75", "-XX:-UsePerfData");

    private TunedJvm() {}

    /** Runs {@code args} in a tuned child JVM and returns its exit code, or empty to run in this one. */
    static Optional<Integer> relaunch(String[] args) {
        String parent = System.getenv(CHILD);
        if (parent != null && parent.equals(ProcessHandle.current().parent().map(p -> String.valueOf(p.pid())).orElse(""))) {
            watchParent();
            return Optional.empty();
        }
        Optional<Path> jar = ownJar();
        ProcessHandle.Info self = ProcessHandle.current().info();
        String custom = System.getenv(OPTIONS);
        if (custom != null && custom.isBlank()) custom = null; // set but empty: the defaults
        Optional<Path> sharedArchive = custom == null ? jar.flatMap(TunedJvm::sharedArchive) : Optional.empty();
        Path dumping = sharedArchive.filter(a -> !Files.isRegularFile(a))
                .map(a -> a.resolveSibling(a.getFileName() + "." + ProcessHandle.current().pid() + ".tmp")).orElse(null);
        Optional<List<String>> planned = childCommand(args, custom, self.command(), self.arguments(), jar,
                sharedArchive.filter(Files::isRegularFile), Optional.ofNullable(dumping));
        if (planned.isEmpty()) return Optional.empty();
        List<String> command = planned.get();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(CHILD, String.valueOf(ProcessHandle.current().pid()));
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            return Optional.empty(); // cannot start a JVM: build in this one
        }
        Thread stop = new Thread(() -> {
            // SIGTERM or SIGINT to this process: pass it on and wait, so the build stops as it would have.
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(stop);
        int code;
        try {
            code = child.waitFor();
        } catch (InterruptedException e) {
            child.destroy();
            Thread.currentThread().interrupt();
            return Optional.of(Main.INTERNAL_ERROR);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException ignored) {
            // shutting down already
        }
        if (dumping != null) keepArchive(dumping, sharedArchive.get());
        return Optional.of(code);
    }

    /**
     * The child's command line, or empty when this JVM should run the command itself.
     *
     * @param custom {@code GALLEY_JAVA_OPTS}: {@code in-process}, other JVM options, or null
     * @param launchedWith this JVM's arguments after the {@code java} command
     * @param useArchive a class-data archive to start with; {@code dumpTo}: where to make one
     */
    static Optional<List<String>> childCommand(String[] args, String custom, Optional<String> java, Optional<String[]> launchedWith,
                                               Optional<Path> jar, Optional<Path> useArchive, Optional<Path> dumpTo) {
        if ("in-process".equals(custom)) return Optional.empty();
        if (args.length == 0 || !(args[0].equals("build") || args[0].equals("check"))) return Optional.empty();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) return Optional.empty();
        // Only "java -jar galley.jar ...": any option before -jar is the user's choice of JVM settings.
        if (jar.isEmpty() || java.isEmpty() || launchedWith.isEmpty() || launchedWith.get().length == 0
                || !launchedWith.get()[0].equals("-jar")) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        // JNA loads its native library with System.load; JDK 24+ warns on every run unless allowed
        // (the jar's manifest says so too, but only for java -jar). JDK 17 accepts the option.
        command.add("--enable-native-access=ALL-UNNAMED");
        if (custom != null && !custom.isBlank()) {
            command.addAll(List.of(custom.trim().split("\\s+")));
        } else {
            command.addAll(DEFAULT_OPTIONS);
            if (useArchive.isPresent() || dumpTo.isPresent()) command.add("-Xlog:cds*=off"); // an unusable archive is simply not used
            useArchive.ifPresent(a -> command.add("-XX:SharedArchiveFile=" + a));
            if (useArchive.isEmpty()) dumpTo.ifPresent(d -> command.add("-XX:ArchiveClassesAtExit=" + d));
        }
        command.add("-cp");
        command.add(jar.get().toString());
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return Optional.of(command);
    }

    /** The jar this class was loaded from, if it was. */
    private static Optional<Path> ownJar() {
        try {
            var source = TunedJvm.class.getProtectionDomain().getCodeSource();
            if (source == null) return Optional.empty();
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where the class-data archive for this exact jar lives, if its folder is writable. */
    private static Optional<Path> sharedArchive(Path jar) {
        try {
            Path dir = jar.toAbsolutePath().getParent();
            if (dir == null || !Files.isWritable(dir)) return Optional.empty();
            String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            String stamp = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
            // Per JVM: another JVM cannot use the archive, and would otherwise never make its own.
            String jvm = Integer.toHexString((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version")).hashCode());
            return Optional.of(dir.resolve(name + "-" + stamp + "-" + jvm + ".jsa"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Moves a freshly dumped archive into place and removes archives of earlier jars. */
    private static void keepArchive(Path dumped, Path target) {
        try {
            if (!Files.isRegularFile(dumped) || Files.size(dumped) == 0) {
                Files.deleteIfExists(dumped);
                return;
            }
            Files.move(dumped, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (var siblings = Files.list(target.getParent())) {
                for (Path p : siblings.toList()) {
                    if (isStaleArchive(p.getFileName().toString(), target.getFileName().toString())) Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // only an optimisation
        }
    }

    private static final java.util.regex.Pattern ARCHIVE = java.util.regex.Pattern.compile("(.+)-(\\d+-\\d+)(-[0-9a-f]+)?\\.jsa");

    /**
     * Whether {@code sibling} is an archive {@code current} replaces: one of an earlier version of
     * the same jar (another size or time), whatever its JVM, or one named before archives were per
     * JVM. Archives of this jar for other JVMs stay: two JVMs taking turns would otherwise delete
     * each other's and make their own again on every run.
     */
    static boolean isStaleArchive(String sibling, String current) {
        var s = ARCHIVE.matcher(sibling);
        var c = ARCHIVE.matcher(current);
        if (sibling.equals(current) || !s.matches() || !c.matches() || !s.group(1).equals(c.group(1))) return false;
        return !s.group(2).equals(c.group(2)) || s.group(3) == null;
    }

    /**
     * In the child: stop at once when the parent is gone, as a killed {@code java -jar} would have
     * (within 50 ms). Polled, not a blocking read of standard input: a thread blocked in a read
     * made every exit of the JVM 0.3 s slower.
     */
    private static void watchParent() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) return;
        long pid = parent.get().pid();
        Thread watcher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (now != pid) Runtime.getRuntime().halt(137); // re-parented: the launcher is gone
            }
        }, "galley-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
