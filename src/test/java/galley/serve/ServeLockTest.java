package galley.serve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.build.OutputFolder;
import galley.output.OutputLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rebuild takes the output folder's lock as {@code galley build} does: it waits while a build of the same folder runs. */
class ServeLockTest {

    @TempDir
    Path dir;

    @Test
    void aRebuildWaitsForAnotherBuildOfTheSameFolder() throws Exception {
        try (ServedProject served = ServedProject.start(dir)) {
            String page = served.pagePath("harbour");
            Path article = served.root().resolve("content/articles/2025/11/harbour.md");
            try (OutputLock held = OutputLock.take(OutputFolder.stateFolder(served.site()), true, h -> {})) {
                Files.writeString(article, "\nWritten while locked.\n", StandardOpenOption.APPEND);
                ServedProject.await("the rebuild started", 10_000, () -> served.preview.builds() == 2);
                Thread.sleep(1000);
                assertFalse(served.get(page).body().contains("Written while locked."));
                assertTrue(served.err.toString().contains("galley: waiting for another build of"), served.toString());
            }
            ServedProject.await("the rebuild after the lock was released", 10_000, () -> {
                try {
                    return served.get(page).body().contains("Written while locked.");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }
}
