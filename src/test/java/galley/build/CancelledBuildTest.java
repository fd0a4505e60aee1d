package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.diag.Diagnostics;
import galley.diag.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build whose progress is cancelled ({@code galley serve}'s Ctrl-C during a rebuild) stops
 * before its commit: the site is the last finished build's, nothing of the cancelled one is left
 * beside it, and the next build equals a clean one.
 */
class CancelledBuildTest {

    private static final String ARTICLE = """
            -- content/articles/2025/11/quay-%d.md --
            ---
            title: "The quay, part %d"
            date: 2025-11-%02dT09:00:00+02:00
            section: Business
            authors: [ann-lee]
            ---
            The quay, again.
            """;

    @Test
    void aCancelledBuildLeavesTheLastFinishedSite(@TempDir Path tmp) throws IOException {
        StringBuilder files = new StringBuilder(TestProject.BASE);
        for (int i = 1; i <= 20; i++) files.append(ARTICLE.formatted(i, i, i));
        TestProject p = TestProject.write(tmp.resolve("p"), files.toString());
        SiteBuild.run(options(p), new Diagnostics(), line -> {});
        Map<String, String> before = TestProject.tree(p.site());

        // A change (a new article), then builds cancelled at once, after their plan, and after
        // their pages were rendered (into the staging tree) but before the copy and the commit.
        p.add(ARTICLE.formatted(21, 21, 21));
        Progress atOnce = new Progress();
        atOnce.cancel();
        assertThrows(Progress.Cancelled.class, () -> SiteBuild.run(options(p), new Diagnostics(), line -> {}, atOnce));
        assertEquals(before, TestProject.tree(p.site()));
        for (String after : new String[] {"plan", "render"}) {
            Progress progress = new Progress();
            assertThrows(
                    Progress.Cancelled.class,
                    () -> SiteBuild.run(
                            options(p),
                            new Diagnostics(),
                            line -> {
                                if (line.startsWith(after)) progress.cancel();
                            },
                            progress),
                    after);
            assertEquals(before, TestProject.tree(p.site()), "cancelled after " + after);
        }
        try (Stream<Path> beside = Files.list(p.root())) {
            assertTrue(
                    beside.noneMatch(f -> f.getFileName().toString().contains("staging")),
                    "nothing of the cancelled builds beside the site");
        }

        SiteBuild.run(options(p), new Diagnostics(), line -> {});
        p.assertSiteEqualsCleanBuild(tmp);
    }

    private static SiteBuild.Options options(TestProject p) {
        return new SiteBuild.Options(
                p.root(),
                p.site(),
                Optional.empty(),
                Instant.parse(TestProject.NOW),
                false,
                false,
                false,
                2,
                false,
                true,
                false);
    }
}
