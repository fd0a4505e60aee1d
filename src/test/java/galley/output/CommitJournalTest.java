package galley.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The commit journal is followed only as it was written: every changed byte and every cut is found. */
class CommitJournalTest {

    private static final List<String> LINES =
            List.of("R index.html", "R tags/café/index.html", "D 404.html", "D tags/port/index.html");

    @Test
    void readsBackItsLines() {
        assertEquals(Optional.of(LINES), OutputWriter.journalLines(OutputWriter.journal(LINES)));
        assertEquals(Optional.of(List.of()), OutputWriter.journalLines(OutputWriter.journal(List.of())));
    }

    @Test
    void everyChangedByteAndEveryCutIsDamage() {
        byte[] whole = OutputWriter.journal(LINES);
        for (int at = 0; at < whole.length; at++) {
            for (int change : new int[] {0x01, 0x21, 0xFF}) {
                byte[] damaged = whole.clone();
                damaged[at] ^= (byte) change;
                assertEquals(Optional.empty(), OutputWriter.journalLines(damaged), "byte " + at + " ^ " + change);
            }
        }
        for (int length = 0; length < whole.length; length++)
            assertEquals(Optional.empty(), OutputWriter.journalLines(Arrays.copyOf(whole, length)), "cut at " + length);
    }

    /** A journal of the format before the checksum (its lines alone) is not followed either. */
    @Test
    void aJournalWithoutItsChecksumIsNotFollowed() {
        assertEquals(
                Optional.empty(),
                OutputWriter.journalLines(
                        "R index.html\nD 404.html\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
