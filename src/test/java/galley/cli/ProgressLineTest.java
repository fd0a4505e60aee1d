package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.diag.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void aCountedStepShowsCountShareRateAndTimeLeft() {
        long started = 0;
        long now = TimeUnit.SECONDS.toNanos(4);
        Progress.Snapshot s = new Progress.Snapshot("render", 48_449, 12_000, started);
        assertEquals("render 12,000 of 48,449 (24%), 3,000/s, about 12 s left", ProgressLine.describe(s, now));
        assertEquals(
                "render 48,449 of 48,449 (100%), 12,112/s",
                ProgressLine.describe(new Progress.Snapshot("render", 48_449, 48_449, started), now));
        assertEquals("scan, 4 s", ProgressLine.describe(new Progress.Snapshot("scan", 0, 0, started), now));
    }

    /** Waits until {@code text} has {@code part}, at most 5 s. */
    private static String await(StringWriter text, String part) throws InterruptedException {
        for (int i = 0; i < 500 && !text.toString().contains(part); i++) Thread.sleep(10);
        return text.toString();
    }

    @Test
    void outsideATerminalPlainLinesAndNoEscapeCodes() throws Exception {
        StringWriter text = new StringWriter();
        Progress progress = new Progress();
        progress.begin("render", 10);
        for (int i = 0; i < 4; i++) progress.advance();
        try (ProgressLine line = new ProgressLine(new PrintWriter(text), progress, false, 5, 1, 0)) {
            String out = await(text, "render 4 of 10 (40%)");
            assertTrue(out.startsWith("galley: render 4 of 10 (40%)"), out);
            line.println("galley: render 10 ms");
        }
        assertFalse(text.toString().contains("\u001b"), text.toString());
        assertFalse(text.toString().contains("\r"), text.toString());
    }

    @Test
    void onATerminalOneLineRewrittenAndClearedBeforeOtherLines() throws Exception {
        StringWriter text = new StringWriter();
        Progress progress = new Progress();
        progress.begin("load", 100);
        progress.advance();
        try (ProgressLine line = new ProgressLine(new PrintWriter(text), progress, true, 5, 1, 0)) {
            String out = await(text, "load 1 of 100");
            assertTrue(out.startsWith("\rload 1 of 100 (1%)"), out);
            assertTrue(out.contains("\u001b[K"), out);
            line.println("galley: load 10 ms");
            String after = text.toString();
            assertTrue(after.contains("\r\u001b[Kgalley: load 10 ms"), after);
        }
        assertFalse(text.toString().contains("\n\r"), "a line cleared that was not shown");
    }

    @Test
    void aStepShorterThanTheQuietSpanShowsNothing() throws Exception {
        StringWriter text = new StringWriter();
        Progress progress = new Progress();
        progress.begin("render", 10);
        try (ProgressLine line =
                new ProgressLine(new PrintWriter(text), progress, true, 5, 1, TimeUnit.SECONDS.toNanos(30))) {
            Thread.sleep(100);
        }
        assertEquals("", text.toString());
    }
}
