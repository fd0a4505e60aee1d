package galley.cli;

import galley.build.OutputFolder;
import galley.build.SiteBuild;
import galley.build.SiteCheck;
import galley.diag.BuildFailedException;
import galley.diag.Diagnostics;
import galley.output.OutputLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * {@code galley check}: reports every problem a build would, without rendering or writing the
 * site (see {@link SiteCheck}). Takes the build's options; the output-related ones are accepted
 * and ignored, so a CI job can run the same command line with either verb.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Check content and templates; report every problem; write nothing.",
        exitCodeListHeading = Main.EXIT_CODE_HEADING,
        exitCodeList = {Main.EXIT_0, Main.EXIT_1, Main.EXIT_2, Main.EXIT_3, Main.EXIT_4})
public class CheckCommand extends BuildCommand {

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        SiteBuild.Options options = options();
        reportFormat();
        Diagnostics diagnostics = new Diagnostics();
        long started = System.nanoTime();
        Path outDir = options.out();
        try {
            SiteCheck.Result result;
            // A check reads the last build's source cache: it waits for a build of the same output
            // folder to finish. It makes no state folder of its own (it writes nothing).
            Path real = OutputFolder.check(options.root(), outDir, false, false, diagnostics);
            Path state = OutputFolder.stateFolder(real);
            try (var lock = OutputLock.takeIfStateExists(state, !noWait, holder -> waiting(holder, outDir, err))
                    .orElse(null)) {
                result = SiteCheck.run(options, diagnostics, line -> {
                    if (!quiet) err.println("galley: " + line);
                });
            } catch (IOException e) {
                err.println("galley: cannot lock " + state + ": " + describe(e));
                return Main.CONTENT_ERRORS;
            }
            reportFormat().print(diagnostics, outWriter, err);
            if (!quiet) {
                summary(outWriter, err)
                        .printf(
                                "Checked %d articles (%d pages, %d files): %d error(s), %d warning(s), in %d ms%n",
                                result.articles(),
                                result.pages(),
                                result.files(),
                                diagnostics.errorCount(),
                                diagnostics.warningCount(),
                                (System.nanoTime() - started) / 1_000_000);
            }
            return Main.OK;
        } catch (OutputLock.Busy e) {
            busy(e, outDir, err);
            return Main.OUTPUT_BUSY;
        } catch (BuildFailedException e) {
            reportFormat().print(diagnostics, outWriter, err);
            err.printf(
                    "galley: check failed with %d error(s)%s%n",
                    diagnostics.errorCount(),
                    strict && diagnostics.warningCount() > 0
                            ? " and " + diagnostics.warningCount() + " warning(s) (--strict)"
                            : "");
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
}
