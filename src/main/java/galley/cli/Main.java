package galley.cli;

import galley.build.Version;
import galley.diag.NearestName;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code galley} command. Exit codes: 0 success, 1 content or template errors (or a refused or
 * unwritable output folder), 2 usage errors, 3 an internal error (a bug: please report it with
 * {@code --verbose} output), 4 the output folder is busy with another build ({@code --no-wait}).
 */
@Command(
        name = "galley",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Builds a static news site from Markdown articles and Freemarker templates.",
        exitCodeListHeading = Main.EXIT_CODE_HEADING,
        exitCodeList = {Main.EXIT_0, Main.EXIT_1, Main.EXIT_2, Main.EXIT_3, Main.EXIT_4},
        subcommands = {
            BuildCommand.class,
            CheckCommand.class,
            ServeCommand.class,
            NewCommand.class,
            InitCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static final int OK = 0;
    public static final int CONTENT_ERRORS = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL_ERROR = 3;
    /** Another build or check of the same output folder holds its lock, and {@code --no-wait} was given. */
    public static final int OUTPUT_BUSY = 4;

    // The help's list of exit codes (picocli's "code:description"), shown by every command.
    static final String EXIT_CODE_HEADING = "%nExit codes:%n";
    static final String EXIT_0 = "0:success";
    static final String EXIT_1 =
            "1:content or template errors, a refused or unwritable output folder; the output folder is left as it was";
    static final String EXIT_2 = "2:usage error (an unknown option, no command)";
    static final String EXIT_3 = "3:internal error: a bug; please report it with the --verbose output";
    static final String EXIT_4 = "4:the output folder is busy: another build or check of it is running (--no-wait)";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Optional<Integer> child = TunedJvm.relaunch(args);
        if (child.isPresent()) System.exit(child.get());
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs with the given output streams: messages go to {@code out}, diagnostics and logs to {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOverwrittenOptionsAllowed(true); // the last --now (etc.) wins, so scripts can append options
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : INTERNAL_ERROR);
        // A usage mistake gets one line that says what is wrong, not the whole usage text.
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine where = e.getCommandLine();
            where.getErr()
                    .println("galley: " + e.getMessage() + suggestion(e) + " (see: galley "
                            + (where == cli ? "" : where.getCommandName() + " ") + "--help)");
            return USAGE;
        });
        return cli.execute(args);
    }

    /** "; did you mean --drafts?" for a mistyped option or command, by the rule of every did-you-mean. */
    private static String suggestion(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)) return "";
        List<String> typed = unmatched.getUnmatched();
        if (typed.isEmpty()) return "";
        String word = typed.get(0).split("=", 2)[0];
        CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
        List<String> known = new ArrayList<>(spec.subcommands().keySet());
        spec.options().forEach(o -> known.addAll(List.of(o.names())));
        return NearestName.among(word, known)
                .map(n -> "; did you mean " + n + "?")
                .orElse("");
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: use galley build (or galley --help)");
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"galley " + Version.current()};
        }
    }
}
