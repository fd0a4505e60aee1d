package galley.cli;

import galley.build.OutputFolder;
import galley.build.SiteBuild;
import galley.config.SiteConfigLoader;
import galley.diag.BuildFailedException;
import galley.diag.Diagnostics;
import galley.diag.Progress;
import galley.output.OutputLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code galley build}: reads ROOT/content and ROOT/templates, writes the site. */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Build the site from ROOT/content and ROOT/templates into ROOT/site (or --out).",
        exitCodeListHeading = Main.EXIT_CODE_HEADING,
        exitCodeList = {Main.EXIT_0, Main.EXIT_1, Main.EXIT_2, Main.EXIT_3, Main.EXIT_4})
public class BuildCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description = "Project folder holding content/ and templates/ (default: the working directory).")
    Path root = Path.of("");

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output folder (default: ROOT/site). Replaced as a whole when the build succeeds.")
    Path out;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "Use this base URL instead of site.yaml's base_url (e.g. for a preview host).")
    String baseUrl;

    @Option(names = "--drafts", description = "Include articles marked draft: true.")
    boolean drafts;

    @Option(names = "--future", description = "Include articles dated after the build time.")
    boolean future;

    @Option(
            names = "--now",
            paramLabel = "ISO-TIME",
            description =
                    "The build clock, e.g. 2025-11-26T00:00:00+02:00 (default: the current time). Decides which future-dated articles are left out, so a build can be reproduced exactly.")
    String now;

    @Option(names = "--strict", description = "Treat warnings as errors.")
    boolean strict;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Worker threads (default: the number of cores). Output is identical for any N.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--clean",
            description =
                    "Ignore the build cache (.galley/ beside the output) and render every page. The output is the same either way.")
    boolean clean;

    @Option(
            names = "--no-standby",
            description =
                    "In a build into an empty output folder, do not also make the standby tree (hard links beside the "
                            + "site through which later builds that change several files commit atomically). For workspaces thrown "
                            + "away after one build, such as CI: a cold build does less; a later build that changes several files "
                            + "makes the standby instead.")
    boolean noStandby;

    @Option(
            names = "--no-images",
            description = "Publish images as they are, without resized copies (a quick preview; pages name the"
                    + " originals). The images settings of site.yaml otherwise.")
    boolean noImages;

    /** The default; accepted so that a command line can say so. */
    @Option(names = "--standby", hidden = true)
    boolean standby;

    @Option(
            names = "--no-wait",
            description =
                    "If another build or check of the same output folder is running, exit at once with code 4 instead of waiting for it.")
    boolean noWait;

    @Option(
            names = "--force",
            description =
                    "Replace an output folder that is not empty and was not made by Galley (its files are deleted).")
    boolean force;

    @Option(
            names = "--changes",
            paramLabel = "FILE",
            description = "Write the output paths this build added, changed or removed to FILE, one per line.")
    Path changes;

    @Option(
            names = "--schedule-file",
            paramLabel = "FILE",
            description =
                    "Write when the next future-dated article becomes due, and its file (\"2026-12-08T06:00:00+02:00"
                            + " content/articles/...\"), to FILE, or an empty FILE when none is: a CI cron can rebuild then.")
    Path scheduleFile;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "How problems are printed: text (default; to standard error), json (one object per line:"
                    + " path, line, column, severity, code, message) or github (workflow-command annotations); the"
                    + " last two on standard output, for CI.")
    String format = "text";

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only problems.")
    boolean quiet;

    @Option(
            names = {"-v", "--verbose"},
            description = "Print stack traces of internal errors.")
    boolean verbose;

    /** --format as a value; an unknown one is a usage error (exit 2). */
    ReportFormat reportFormat() {
        for (ReportFormat f : ReportFormat.values()) {
            if (f.name().equalsIgnoreCase(format)) return f;
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(), "--format " + format + " is not one of text, json, github");
    }

    /** Where the one-line summary goes: standard output, unless that carries the problems for a tool. */
    PrintWriter summary(PrintWriter out, PrintWriter err) {
        return reportFormat() == ReportFormat.TEXT ? out : err;
    }

    /** The options as the build takes them; a wrong option throws picocli's ParameterException (exit 2). */
    SiteBuild.Options options() {
        Instant clock = parseNow();
        Optional<URI> base = Optional.ofNullable(baseUrl)
                .map(raw -> SiteConfigLoader.parseBaseUrl(raw)
                        .orElseThrow(() -> new CommandLine.ParameterException(
                                spec.commandLine(), "--base-url \"" + raw + "\" is not an absolute http(s) URL")));
        if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        Path rootDir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(rootDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--root " + root + " is not a folder");
        }
        Path outDir = out != null ? out.toAbsolutePath().normalize() : rootDir.resolve("site");
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--out " + outDir + " exists and is not a folder; refusing to replace it");
        }
        return new SiteBuild.Options(
                rootDir, outDir, base, clock, drafts, future, strict, threads, clean, !noStandby, force, !noImages);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        SiteBuild.Options options = options();
        reportFormat();
        Path outDir = options.out();
        Diagnostics diagnostics = new Diagnostics();
        long started = System.nanoTime();
        try {
            SiteBuild.Result result;
            // Refused before the lock, which makes the state folder: a refusal changes nothing.
            Path real = OutputFolder.check(options.root(), outDir, true, force, diagnostics);
            Progress progress = new Progress();
            try (OutputLock lock = OutputLock.take(
                            OutputFolder.stateFolder(real), !noWait, holder -> waiting(holder, outDir, err));
                    ProgressLine shown = ProgressLine.start(
                            err, quiet ? Progress.NONE : progress, ProgressLine.stderrIsTerminal())) {
                result = SiteBuild.run(
                        options,
                        diagnostics,
                        line -> {
                            if (!quiet) shown.println("galley: " + line);
                        },
                        progress);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + OutputFolder.stateFolder(real), e);
            }
            reportFormat().print(diagnostics, outWriter, err);
            if (changes != null && !writeChanges(result, err)) return Main.CONTENT_ERRORS;
            if (scheduleFile != null && !writeSchedule(result, err)) return Main.CONTENT_ERRORS;
            if (!quiet && !result.nextScheduled().isEmpty()) {
                err.println("galley: next scheduled article: " + result.nextScheduled());
            }
            if (!quiet) {
                summary(outWriter, err)
                        .printf(
                                "Built %d articles into %s: %d pages, %d files changed, %d removed, in %d ms (%d files unchanged, %s)%n",
                                result.articles(),
                                outDir,
                                result.pages(),
                                result.changed().size(),
                                result.removed().size(),
                                (System.nanoTime() - started) / 1_000_000,
                                Math.max(0, result.files() - result.changed().size()),
                                diagnostics.warningCount() == 1
                                        ? "1 warning"
                                        : diagnostics.warningCount() + " warnings");
            }
            return Main.OK;
        } catch (OutputLock.Busy e) {
            busy(e, outDir, err);
            err.println("galley: " + outDir + " was left as it was");
            return Main.OUTPUT_BUSY;
        } catch (BuildFailedException e) {
            reportFormat().print(diagnostics, outWriter, err);
            err.printf(
                    "galley: build failed with %d error(s)%s; %s was left as it was%n",
                    diagnostics.errorCount(),
                    strict && diagnostics.warningCount() > 0
                            ? " and " + diagnostics.warningCount() + " warning(s) (--strict)"
                            : "",
                    outDir);
            return Main.CONTENT_ERRORS;
        } catch (UncheckedIOException e) {
            reportFormat().print(diagnostics, outWriter, err);
            String what = e.getMessage() != null && e.getMessage().startsWith("cannot ")
                    ? e.getMessage().replaceFirst("^cannot [a-z]+ ", "") + " (" + describe(e.getCause()) + ")"
                    : describe(e.getCause());
            err.println("galley: cannot write the site: " + what + "; " + outDir + " was left as it was");
            if (verbose) e.printStackTrace(err);
            return Main.CONTENT_ERRORS;
        } catch (OutOfMemoryError e) {
            // Like a full disk: the machine, not the content. The staging folder was dropped on the way out.
            long maxMb = Runtime.getRuntime().maxMemory() >> 20;
            err.println("galley: out of memory: a Java heap of " + maxMb + " MB is too small for this archive; "
                    + outDir
                    + " was left as it was. On a machine with more memory, give the build more, e.g. GALLEY_JAVA_OPTS=\"-Xmx"
                    + Math.max(2, 2 * maxMb / 1024) + "g -XX:+UseParallelGC -Xmn512m\" java -jar galley.jar build ...");
            return Main.CONTENT_ERRORS;
        } catch (RuntimeException e) {
            reportFormat().print(diagnostics, outWriter, err);
            err.println("galley: internal error: " + e + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) e.printStackTrace(err);
            return Main.INTERNAL_ERROR;
        } finally {
            err.flush();
            outWriter.flush();
        }
    }

    /** Printed once, before waiting for another build's lock: why nothing seems to happen. */
    static void waiting(String holder, Path outDir, PrintWriter err) {
        err.println("galley: waiting for another build of " + outDir + " (" + holder + ") to finish...");
        err.flush();
    }

    /** Printed for {@code --no-wait} when another build holds the lock. */
    static void busy(OutputLock.Busy e, Path outDir, PrintWriter err) {
        err.println("galley: another build of " + outDir + " is running (" + e.holder()
                + "); not waiting for it (--no-wait)");
    }

    /** An I/O failure in words: Java's messages are often just the path. */
    static String describe(IOException e) {
        String what = e instanceof NoSuchFileException
                ? "no such file or folder"
                : e instanceof AccessDeniedException
                        ? "permission denied"
                        : e instanceof FileAlreadyExistsException
                                ? "already exists"
                                : e instanceof NotDirectoryException
                                        ? "not a folder"
                                        : e instanceof DirectoryNotEmptyException ? "folder not empty" : null;
        String message = String.valueOf(e.getMessage());
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason();
            String other = fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "";
            return fse.getFile() + other + ": "
                    + (reason != null
                            ? reason
                            : what != null ? what : e.getClass().getSimpleName());
        }
        return what != null ? message + ": " + what : message;
    }

    private Instant parseNow() {
        if (now == null) return Instant.now();
        return TimeOption.parse(now, ZoneOffset.UTC)
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--now \"" + now + "\" is not an ISO-8601 time such as 2025-11-26T00:00:00+02:00"));
    }

    /** Writes the --schedule-file: one line, or nothing when no article waits for its date. */
    private boolean writeSchedule(SiteBuild.Result result, PrintWriter err) {
        try {
            Files.writeString(
                    scheduleFile,
                    result.nextScheduled().isEmpty() ? "" : result.nextScheduled() + "\n",
                    StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println("galley: the site was built, but the schedule file cannot be written: " + describe(e));
            return false;
        }
    }

    /** Writes the --changes list; the site is already built, so a failure here says so. */
    private boolean writeChanges(SiteBuild.Result result, PrintWriter err) {
        List<String> lines = new ArrayList<>();
        result.changed().forEach(p -> lines.add(p));
        result.removed().forEach(p -> lines.add(p));
        lines.sort(null);
        try {
            Files.write(changes, lines, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println("galley: the site was built, but the list of changes cannot be written: " + describe(e));
            return false;
        }
    }

    /** Prints diagnostics as {@code path:line:col: severity: message}, errors first. */
    static final class Reports {
        private Reports() {}

        static void print(Diagnostics diagnostics, PrintWriter err) {
            ReportFormat.TEXT.print(diagnostics, err, err);
        }
    }
}
