package galley.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateTest {

    private static final BuildState STATE = new BuildState(
            "v1",
            "options",
            "inputs",
            "frame",
            "theme",
            "media",
            "global",
            Instant.parse("2025-11-26T00:00:00Z"),
            Instant.parse("2025-11-27T00:00:00Z"),
            3,
            12,
            40,
            "",
            List.of("content/a.md:1:1: warning: a warning"));

    @Test
    void readsBackWhatItSaved(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state");
        STATE.save(file);
        List<String> notes = new ArrayList<>();
        assertEquals(Optional.of(STATE), BuildState.load(file, notes::add));
        assertEquals(List.of(), notes);
    }

    /**
     * Every changed byte, its first line's included, and every cut is found, with one line: the
     * state is dropped (the build checks every output), never trusted.
     */
    @Test
    void everyChangedByteAndEveryCutIsFoundWithOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state");
        STATE.save(file);
        byte[] bytes = Files.readAllBytes(file);
        for (int at = 0; at < bytes.length; at++) {
            for (int change : new int[] {0x21, 0x01, 0xFF}) {
                byte[] damaged = bytes.clone();
                damaged[at] ^= (byte) change;
                Files.write(file, damaged);
                List<String> notes = new ArrayList<>();
                assertEquals(Optional.empty(), BuildState.load(file, notes::add), "byte " + at + " changed");
                assertEquals(1, notes.size(), "byte " + at + " ^ " + change + ": " + notes);
            }
        }
        for (int length = 0; length < bytes.length; length++) {
            Files.write(file, Arrays.copyOf(bytes, length));
            List<String> notes = new ArrayList<>();
            assertEquals(Optional.empty(), BuildState.load(file, notes::add), "cut at " + length);
            assertEquals(1, notes.size(), "cut at " + length + ": " + notes);
        }
    }

    /** A state of another format, an older one without a checksum or a later one with one, is dropped silently. */
    @Test
    void anotherFormatIsDroppedWithoutALine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state");
        List<String> notes = new ArrayList<>();
        Files.writeString(file, "galley-build-state 4\nv1\noptions\nend\n");
        assertEquals(Optional.empty(), BuildState.load(file, notes::add));
        String later = "galley-build-state 7\nsome\nfields\n";
        byte[] checked = later.getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(checked);
        Files.writeString(file, later + String.format("crc %08x", (int) crc.getValue()) + "\nend\n");
        assertEquals(Optional.empty(), BuildState.load(file, notes::add));
        assertTrue(notes.isEmpty(), notes.toString());
    }
}
