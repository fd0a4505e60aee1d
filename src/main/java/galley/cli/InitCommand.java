package galley.cli;

import galley.config.SiteConfigLoader;
import galley.scaffold.NewFiles.NewFile;
import galley.scaffold.Scaffold;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code galley init [DIR]}: a new archive that builds at once with the bundled theme: site.yaml
 * with every key explained, one author, one article, a .gitignore. Refuses a folder that already
 * holds {@code content/}.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Make a new archive in DIR (default: the working directory) that builds with the bundled theme.")
public class InitCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The project folder; made if missing.")
    Path dir = Path.of("");

    @Option(names = "--title", paramLabel = "TITLE", description = "The site's title (default: \"${DEFAULT-VALUE}\").")
    String title = "The Daily Example";

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "The address the site will be published at (default: ${DEFAULT-VALUE}).")
    String baseUrl = "https://news.example.org/";

    @Option(
            names = "--timezone",
            paramLabel = "ZONE",
            description = "The newsroom's time zone, e.g. Europe/Lisbon (default: this computer's).")
    String timezone;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            return NewCommand.NewSources.refuse(err, List.of(root + " exists and is not a folder"));
        }
        if (Files.exists(root.resolve("content"))) {
            return NewCommand.NewSources.refuse(
                    err,
                    List.of(root + " already holds content/; galley init starts a new archive in an empty folder"));
        }
        if (SiteConfigLoader.parseBaseUrl(baseUrl).isEmpty()) {
            return NewCommand.NewSources.refuse(
                    err, List.of("--base-url \"" + baseUrl + "\" is not an absolute http(s) URL"));
        }
        ZoneId zone;
        try {
            zone = timezone != null ? ZoneId.of(timezone) : localZone();
        } catch (DateTimeException e) {
            return NewCommand.NewSources.refuse(
                    err, List.of("--timezone \"" + timezone + "\" is not a time zone such as Europe/Lisbon or UTC"));
        }
        List<NewFile> files = Scaffold.archive(title, baseUrl, zone, ZonedDateTime.now(zone));
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            err.println("galley: cannot make " + root + ": " + BuildCommand.describe(e));
            return Main.CONTENT_ERRORS;
        }
        int code = NewCommand.NewSources.create(spec, root, files, "galley init writes only into a new archive");
        if (code == Main.OK) {
            spec.commandLine()
                    .getOut()
                    .println("Made a new archive in " + root + ". Build it with: galley build --root " + root);
        }
        return code;
    }

    /** This computer's zone when it has a region name (Europe/Lisbon), else UTC: never a bare offset. */
    private static ZoneId localZone() {
        ZoneId zone = ZoneId.systemDefault();
        return zone instanceof ZoneOffset ? ZoneId.of("UTC") : zone;
    }
}
