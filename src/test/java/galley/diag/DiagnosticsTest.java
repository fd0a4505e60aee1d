package galley.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {

    private static List<Diagnostic> problems() {
        List<Diagnostic> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            SourcePosition at =
                    new SourcePosition(Path.of("content/articles/2025/11/story-" + (i % 700) + ".md"), 1 + i % 13, 1);
            all.add(
                    i % 3 == 0
                            ? Diagnostic.warning(at, "missing media file /media/" + i + ".jpg")
                            : Diagnostic.error(at, "unknown author \"a" + i + "\""));
        }
        return all;
    }

    @Test
    void pastTheCapTheFirstInReportOrderAreKeptWhateverOrderTheyCameIn() {
        List<Diagnostic> all = problems();
        List<Diagnostic> expected = new ArrayList<>(all);
        expected.sort(Diagnostic.REPORT_ORDER);
        expected = expected.subList(0, 500);
        for (long seed = 0; seed < 5; seed++) {
            List<Diagnostic> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(seed));
            Diagnostics d = new Diagnostics(500);
            shuffled.forEach(d::add);
            assertEquals(expected, d.sorted(), "order " + seed);
            assertEquals(1500, d.dropped());
            assertEquals(1333, d.errorCount());
            assertEquals(667, d.warningCount());
        }
        // From several threads at once, as the loader adds them.
        Diagnostics parallel = new Diagnostics(500);
        IntStream.range(0, all.size()).parallel().forEach(i -> parallel.add(all.get(i)));
        assertEquals(expected, parallel.sorted());
    }
}
