package galley.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standby's check made ahead of the commit ({@link Standby.Ahead}): its result is used only
 * while the record and both trees are as they were when it began, and a standby it finds changed
 * is made again, as the check made at the commit does.
 */
class StandbyAheadTest {

    private static final Map<String, String> A = Map.of(
            "index.html", "<p>front</p>",
            "a/index.html", "<p>a</p>",
            "b/index.html", "<p>b</p>",
            "style.css", "body{}");
    private static final Map<String, String> B = Map.of(
            "index.html", "<p>front 2</p>",
            "a/index.html", "<p>a 2</p>",
            "b/index.html", "<p>b</p>",
            "style.css", "body{}");
    private static final Map<String, String> C = Map.of(
            "index.html", "<p>front 3</p>",
            "a/index.html", "<p>a 3</p>",
            "b/index.html", "<p>b</p>",
            "style.css", "body{}");

    /** Builds {@code pages}: a full build the first time (making the standby), in place after. */
    private static void build(Path out, Path cache, Map<String, String> pages, Standby.Ahead ahead, List<String> notes)
            throws IOException {
        boolean first = !Files.exists(out);
        try (OutputWriter w =
                first ? OutputWriter.full(out, cache, true) : OutputWriter.inPlace(out, cache, notes::add, ahead)) {
            for (Map.Entry<String, String> page : new TreeMap<>(pages).entrySet()) {
                w.write(page.getKey(), page.getValue().getBytes(StandardCharsets.UTF_8));
            }
            w.commit(List.of());
        }
    }

    private static Standby standby(Path out, Path cache) {
        return OutputWriter.standbyOf(out.toAbsolutePath().normalize(), cache);
    }

    @Test
    void theResultIsUsedOnlyWhileTheRecordAndTreesAreAsTheyWere(@TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(TreeExchange.works(tmp), "this file system cannot exchange trees");
        Path out = tmp.resolve("site");
        Path cache = tmp.resolve(".galley/site");
        List<String> notes = new ArrayList<>();
        build(out, cache, A, null, notes);
        build(out, cache, B, null, notes); // through the standby: the record now has both manifests
        Standby standby = standby(out, cache);

        Standby.Ahead ahead = Standby.Ahead.start(out, cache);
        Optional<Standby.Checked> current = ahead.ifCurrent(standby, out.toAbsolutePath());
        assertTrue(current.isPresent(), "nothing changed since the check began");
        assertTrue(current.get().known().isPresent());
        assertTrue(current.get().holds());

        // Another build wrote the record in between (a later time): the check is not current.
        Path record = cache.resolve("standby");
        Files.setLastModifiedTime(
                record, FileTime.fromMillis(Files.getLastModifiedTime(record).toMillis() + 1000));
        assertTrue(ahead.ifCurrent(standby, out.toAbsolutePath()).isEmpty(), "a check of an older record");
        assertTrue(Standby.Ahead.start(out, cache)
                .ifCurrent(standby, out.toAbsolutePath())
                .isPresent());
    }

    @Test
    void aStandbyChangedBeforeTheCheckIsMadeAgain(@TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(TreeExchange.works(tmp), "this file system cannot exchange trees");
        Path out = tmp.resolve("site");
        Path cache = tmp.resolve(".galley/site");
        List<String> notes = new ArrayList<>();
        build(out, cache, A, null, notes);
        build(out, cache, B, null, notes);
        Standby standby = standby(out, cache);
        Files.delete(standby.tree.resolve("b/index.html")); // the next site would lose this page

        Standby.Ahead ahead = Standby.Ahead.start(out, cache);
        assertFalse(ahead.ifCurrent(standby, out.toAbsolutePath()).orElseThrow().holds());
        build(out, cache, C, ahead, notes);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("changed since the last build"), notes.get(0));
        assertEquals("<p>b</p>", Files.readString(out.resolve("b/index.html")));
        assertEquals("<p>front 3</p>", Files.readString(out.resolve("index.html")));
    }
}
