package galley.cli;

import galley.build.SiteBuild;
import galley.build.SiteCheck;
import galley.diag.BuildFailedException;
import galley.diag.Diagnostics;
import java.io.PrintWriter;
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
        description = "Check content and templates; report every problem; write nothing.")
public class CheckCommand extends BuildCommand {

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        SiteBuild.Options options = options();
        reportFormat();
        Diagnostics diagnostics = new Diagnostics();
        long started = System.nanoTime();
        try {
            SiteCheck.Result result = SiteCheck.run(options, diagnostics, line -> {
                if (!quiet) err.println("galley: " + line);
            });
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
