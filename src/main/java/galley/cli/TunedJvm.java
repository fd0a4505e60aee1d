package galley.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs {@code build}, {@code check} and {@code serve} in a JVM set up for them when Galley is started as plain
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
 *   <li>class-data sharing: an archive of Galley's classes beside the jar ({@code galley.jar} →
 *       {@code galley-SIZE-MTIME-JVM.jsa}, JVM a hash of the Java installation and version, whose
 *       archives no other JVM can map), made by {@code mvn package} (one build of the sample site)
 *       or else by the first run, and used by every later run. On the sample site a child without it
 *       takes 1.26 times the CPU, and building in the launching JVM (which cannot be given an
 *       archive) 1.55 times that of launcher and child together: even a small site is relaunched.</li>
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

    private static final List<String> DEFAULT_OPTIONS = List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseParallelGC",
            "-Xmn256m",
            "-Xms1g",
            "-XX:MaxRAMPercentage=75",
            "-XX:-UsePerfData");

    private TunedJvm() {}

    /**
     * Runs {@code args} in a tuned child JVM and returns its exit code, or empty to run in this one.
     * This runs in the launching JVM, which has no class-data archive of Galley's classes: every
     * class, lambda and string concatenation it touches is loaded, verified or spun for this one
     * call, so it uses none of them beyond what starting a process needs.
     */
    static Optional<Integer> relaunch(String[] args) {
        String parent = System.getenv(CHILD);
        if (parent != null) {
            Optional<ProcessHandle> launcher = ProcessHandle.current().parent();
            if (launcher.isPresent()
                    && parent.equals(Long.toString(launcher.get().pid()))) {
                watchParent();
                return Optional.empty();
            }
        }
        if (!relaunched(args)) return Optional.empty(); // --version, --help ...: nothing to tune
        Optional<Path> jar = ownJar();
        ProcessHandle.Info self = ProcessHandle.current().info();
        String custom = System.getenv(OPTIONS);
        if (custom != null && custom.isBlank()) custom = null; // set but empty: the defaults
        Optional<Path> sharedArchive = custom == null && jar.isPresent() ? sharedArchive(jar.get()) : Optional.empty();
        boolean archived = sharedArchive.isPresent() && Files.isRegularFile(sharedArchive.get());
        Path dumping = sharedArchive.isPresent() && !archived
                ? sharedArchive
                        .get()
                        .resolveSibling(sharedArchive.get().getFileName() + "."
                                + ProcessHandle.current().pid() + ".tmp")
                : null;
        Optional<List<String>> planned = childCommand(
                args,
                custom,
                self.command(),
                self.arguments(),
                jar,
                archived ? sharedArchive : Optional.empty(),
                Optional.ofNullable(dumping));
        if (planned.isEmpty()) return Optional.empty();
        ProcessBuilder builder = new ProcessBuilder(planned.get())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(CHILD, Long.toString(ProcessHandle.current().pid()));
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            return Optional.empty(); // cannot start a JVM: build in this one
        }
        Thread stop = new PassOnStop(child, args[0].equals("serve"));
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

    /** Whether {@code args} name a command that is worth a tuned JVM: a build, a check or serve, not its help. */
    private static boolean relaunched(String[] args) {
        if (args.length == 0 || !(args[0].equals("build") || args[0].equals("check") || args[0].equals("serve")))
            return false;
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) return false;
        }
        return true;
    }

    /**
     * SIGTERM or SIGINT to the launcher: pass it on and wait, so the build stops as it would have.
     * A stopped {@code serve} ends as it means to (exit 0, its own): the launcher exits with the
     * child's code rather than the signal's.
     */
    private static final class PassOnStop extends Thread {
        private final Process child;
        private final boolean passOnExitCode;

        PassOnStop(Process child, boolean passOnExitCode) {
            this.child = child;
            this.passOnExitCode = passOnExitCode;
        }

        @Override
        public void run() {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (passOnExitCode && !child.isAlive()) Runtime.getRuntime().halt(child.exitValue());
        }
    }

    /**
     * The child's command line, or empty when this JVM should run the command itself.
     *
     * @param custom {@code GALLEY_JAVA_OPTS}: {@code in-process}, other JVM options, or null
     * @param launchedWith this JVM's arguments after the {@code java} command
     * @param useArchive a class-data archive to start with; {@code dumpTo}: where to make one
     */
    static Optional<List<String>> childCommand(
            String[] args,
            String custom,
            Optional<String> java,
            Optional<String[]> launchedWith,
            Optional<Path> jar,
            Optional<Path> useArchive,
            Optional<Path> dumpTo) {
        if ("in-process".equals(custom)) return Optional.empty();
        if (!relaunched(args)) return Optional.empty();
        // Only "java -jar galley.jar ...": any option before -jar is the user's choice of JVM settings.
        if (jar.isEmpty()
                || java.isEmpty()
                || launchedWith.isEmpty()
                || launchedWith.get().length == 0
                || !launchedWith.get()[0].equals("-jar")) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        // JNA loads its native library with System.load; JDK 24+ warns on every run unless allowed
        // (the jar's manifest says so too, but only for java -jar). JDK 17 accepts the option.
        command.add("--enable-native-access=ALL-UNNAMED");
        if (custom != null && !custom.isBlank()) {
            for (String option : custom.trim().split("\\s+")) command.add(option);
        } else {
            boolean serve = args[0].equals("serve");
            // serve too: its first build is a cold build (C2's compiling made it half as slow again),
            // but without -Xms1g: an old generation held at 1 GB from the start fills with each
            // rebuild's garbage before it is collected, so a preview grew to 1.4 GB.
            for (String option : DEFAULT_OPTIONS) {
                if (!(serve && option.startsWith("-Xms"))) command.add(option);
            }
            if (useArchive.isPresent() || dumpTo.isPresent())
                command.add("-Xlog:cds*=off"); // an unusable archive is simply not used
            if (useArchive.isPresent()) {
                command.add("-XX:SharedArchiveFile=" + useArchive.get());
            } else if (dumpTo.isPresent() && !serve) { // made by a build's classes, which the next build loads
                command.add("-XX:ArchiveClassesAtExit=" + dumpTo.get());
            }
        }
        command.add("-cp");
        command.add(jar.get().toString());
        command.add(Main.class.getName());
        for (String a : args) command.add(a);
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
            String name = jar.getFileName().toString();
            if (name.endsWith(".jar"))
                name = name.substring(0, name.length() - ".jar".length()); // no regex: see relaunch
            String stamp =
                    Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
            // Per JVM: another JVM cannot use the archive, and would otherwise never make its own.
            String jvm = Integer.toHexString(
                    (System.getProperty("java.home") + "|" + System.getProperty("java.vm.version")).hashCode());
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
                    if (isStaleArchive(
                            p.getFileName().toString(), target.getFileName().toString())) Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // only an optimisation
        }
    }

    /** In a holder: compiling a pattern spins lambdas, which the launching JVM needs only after a dump. */
    private static final class Names {
        static final Pattern ARCHIVE = Pattern.compile("(.+)-(\\d+-\\d+)(-[0-9a-f]+)?\\.jsa");
    }

    /**
     * Whether {@code sibling} is an archive {@code current} replaces: one of an earlier version of
     * the same jar (another size or time), whatever its JVM, or one named before archives were per
     * JVM. Archives of this jar for other JVMs stay: two JVMs taking turns would otherwise delete
     * each other's and make their own again on every run.
     */
    static boolean isStaleArchive(String sibling, String current) {
        var s = Names.ARCHIVE.matcher(sibling);
        var c = Names.ARCHIVE.matcher(current);
        if (sibling.equals(current)
                || !s.matches()
                || !c.matches()
                || !s.group(1).equals(c.group(1))) return false;
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
        Thread watcher = new ParentWatch(parent.get().pid());
        watcher.setDaemon(true);
        watcher.start();
    }

    private static final class ParentWatch extends Thread {
        private final long pid;

        ParentWatch(long pid) {
            super("galley-parent-watch");
            this.pid = pid;
        }

        @Override
        public void run() {
            while (true) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                Optional<ProcessHandle> now = ProcessHandle.current().parent();
                if (now.isEmpty() || now.get().pid() != pid)
                    Runtime.getRuntime().halt(137); // re-parented: the launcher is gone
            }
        }
    }
}
