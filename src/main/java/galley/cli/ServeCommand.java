package galley.cli;

import galley.build.OutputFolder;
import galley.build.SiteBuild;
import galley.diag.BuildFailedException;
import galley.diag.Diagnostics;
import galley.output.OutputLock;
import galley.serve.Preview;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code galley serve}: builds the site into a preview folder, serves it on the loopback address,
 * and rebuilds it whenever content/ or templates/ change, reloading the pages that show it. Takes
 * the build's options (it extends {@link BuildCommand}, as {@code check} does); its own are the
 * address and {@code --open}. Runs until Ctrl-C, then exits 0.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description =
                "Build the site into ROOT/.galley/serve-site (or --out), serve it at http://127.0.0.1:8080/, and"
                        + " rebuild and reload the pages whenever content/ or templates/ change. Ctrl-C stops it."
                        + " The site is built for the served address (its base URL is http://127.0.0.1:PORT/ unless --base-url).",
        exitCodeListHeading = Main.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:stopped with Ctrl-C",
            Main.EXIT_1,
            "2:usage error (an unknown option, the port in use)",
            Main.EXIT_3,
            Main.EXIT_4
        })
public class ServeCommand extends BuildCommand {

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port to listen on (default: 8080; 0: any free port, printed at start).")
    int port = 8080;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: 127.0.0.1, this machine only).")
    String bind = "127.0.0.1";

    @Option(names = "--open", description = "Open the site in the default browser once it is served.")
    boolean open;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        if (changes != null || scheduleFile != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--changes and --schedule-file are for galley build, not serve");
        }
        if (port < 0 || port > 65535)
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--bind " + bind + " is not an address of this machine");
        }
        if (out == null) out = OutputFolder.previewFolder(root.toAbsolutePath().normalize());
        ReportFormat format = reportFormat();
        SiteBuild.Options checked = options(); // every usage mistake, before anything is bound or built
        Preview.Settings settings = new Preview.Settings(
                checked.root(),
                checked.out(),
                new InetSocketAddress(address, port),
                checked.baseUrl(),
                base -> withBaseUrl(options(), base),
                noWait,
                force,
                quiet,
                verbose,
                d -> format.print(d, outWriter, err));
        Diagnostics diagnostics = new Diagnostics();
        Preview preview;
        try {
            preview = Preview.bind(settings, diagnostics, outWriter, err);
        } catch (BuildFailedException e) {
            format.print(diagnostics, outWriter, err);
            return Main.CONTENT_ERRORS;
        } catch (BindException e) {
            String why = String.valueOf(e.getMessage())
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("in use")
                    ? "address in use; try --port 0 or another port"
                    : "not an address of this machine (" + e.getMessage() + ")";
            err.println("galley: cannot listen on " + bind + ":" + port + ": " + why);
            return Main.USAGE;
        } catch (IOException e) {
            err.println("galley: cannot listen on " + bind + ":" + port + ": " + describe(e));
            return Main.USAGE;
        }
        try {
            preview.start();
        } catch (OutputLock.Busy e) {
            preview.close();
            busy(e, checked.out(), err);
            return Main.OUTPUT_BUSY;
        } catch (IOException e) {
            preview.close();
            err.println("galley: cannot watch " + checked.root() + ": " + describe(e));
            return Main.CONTENT_ERRORS;
        }
        outWriter.println("Serving " + preview.url() + " (Ctrl-C to stop)");
        outWriter.flush();
        if (open) openBrowser(preview.url(), err);
        // Ctrl-C ends the JVM through its shutdown hooks; this one lets a rebuild under way finish
        // (the lock and the output folder stay as a finished build leaves them), then exits 0:
        // stopping the preview is how it is meant to end, not a failure.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            preview.close();
                            err.println("galley: stopped serving " + preview.url());
                            err.flush();
                            outWriter.flush();
                            Runtime.getRuntime().halt(Main.OK);
                        },
                        "galley-serve-stop"));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        preview.close();
        return Main.OK;
    }

    private static SiteBuild.Options withBaseUrl(SiteBuild.Options o, URI base) {
        return new SiteBuild.Options(
                o.root(),
                o.out(),
                Optional.of(base),
                o.now(),
                o.drafts(),
                o.future(),
                o.strict(),
                o.threads(),
                o.clean(),
                o.standby(),
                o.force());
    }

    /** Opens the page where there is a desktop; elsewhere (a server, a container) says where it is. */
    private static void openBrowser(URI url, PrintWriter err) {
        try {
            if (!GraphicsEnvironment.isHeadless()
                    && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(url);
                return;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // no usable desktop after all: the note below
        }
        err.println("galley: cannot open a browser here (--open); open " + url + " yourself");
        err.flush();
    }
}
