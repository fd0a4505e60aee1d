package galley.cli;

import picocli.CommandLine.Command;

/**
 * {@code galley check}: validates content and templates without touching the output folder. It
 * renders into a throw-away folder, so template errors are found too.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Check content and templates; report every problem; write nothing to the site.")
public class CheckCommand extends BuildCommand {

    @Override
    public Integer call() {
        try {
            java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("galley-check");
            out = scratch.resolve("site");
            try {
                return super.call();
            } finally {
                deleteQuietly(scratch);
            }
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("galley: cannot create a scratch folder: " + e.getMessage());
            return Main.INTERNAL_ERROR;
        }
    }

    private static void deleteQuietly(java.nio.file.Path dir) {
        try (var walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp folder; the OS cleans it eventually
        }
    }
}
