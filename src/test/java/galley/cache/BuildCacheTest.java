package galley.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {

    @Test
    void savesSortedByPathAndReadsBackTheSameEntries(@TempDir Path dir) throws Exception {
        Map<String, BuildCache.Entry> entries = new HashMap<>();
        entries.put("tags/b/index.html", new BuildCache.Entry("k2", "10:20", List.of()));
        entries.put(
                "a\ttab\\slash/index.html",
                new BuildCache.Entry("k1", "1:2", List.of("content/x.md:3: warn\twith tab", "Київ\nline\rreturn")));
        entries.put("2025/index.html", new BuildCache.Entry("k3", "5:6", List.of()));
        entries.put(
                "2025/pier/index.html",
                new BuildCache.Entry(
                        "k4",
                        "7:8",
                        List.of("content/y.md:1: warn"),
                        List.of("/media/pier east.jpg", "/media/a\tb.pdf")));
        entries.put("2025/quay/index.html", new BuildCache.Entry("k5", "9:9", List.of(), List.of("/media/quay.jpg")));
        Path file = dir.resolve("outputs");
        saveAfter(file, entries, BuildCache.empty());

        BuildCache loaded = BuildCache.load(file, "v1");
        assertEquals(entries, loaded.entries());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(7, lines.size(), "a line per entry: tabs, new lines and returns in a warning are escaped");
        assertTrue(lines.get(0).matches("galley-build-cache 6 v1\t[0-9a-f]{8}"), lines.get(0));
        assertEquals("end", lines.get(lines.size() - 1));
        assertTrue(lines.get(4).startsWith("a\\ttab\\\\slash/index.html\tk1\t1:2\t"), lines.get(4));
        List<String> notes = new ArrayList<>();
        assertTrue(BuildCache.load(file, "v2", notes::add).isEmpty(), "another version's cache reads as empty");
        Files.writeString(file, "galley-build-cache 4 v1\nindex.html\tk\t1:1\tdeadbeef\nend\n");
        assertTrue(BuildCache.load(file, "v1", notes::add).isEmpty(), "so does one of an older format");
        assertEquals(List.of(), notes, "silently: they are not damaged");
    }

    /**
     * Saves {@code entries} as the build after the one that left {@code previous}: kept where equal
     * to its entries, else made (after {@link BuildCache#empty}, a file written whole).
     */
    private static void saveAfter(Path file, Map<String, BuildCache.Entry> entries, BuildCache previous)
            throws Exception {
        BuildCache.Next next = new BuildCache.Next(previous);
        entries.forEach((path, e) -> {
            if (e.equals(previous.find(path).orElse(null))) next.keep(path);
            else next.made(path, e);
        });
        BuildCache.save(file, "v1", next);
    }

    private static Map<String, BuildCache.Entry> site(int n) {
        Map<String, BuildCache.Entry> entries = new HashMap<>();
        for (int i = 0; i < n; i++)
            entries.put(String.format("2025/%04d/index.html", i), new BuildCache.Entry("k" + i, i + ":1", List.of()));
        return entries;
    }

    @Test
    void aBuildThatChangedAFewOutputsAppendsThemAndReadsBackAsTheWholeSite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outputs");
        Map<String, BuildCache.Entry> first = site(1000);
        saveAfter(file, first, BuildCache.empty());
        byte[] written = Files.readAllBytes(file);

        Map<String, BuildCache.Entry> second = new HashMap<>(first);
        second.put(
                "2025/0007/index.html", new BuildCache.Entry("changed", "7:2", List.of("content/a.md:1: a warning")));
        second.put("2026/new/index.html", new BuildCache.Entry("new", "9:9", List.of()));
        second.remove("2025/0003/index.html");
        saveAfter(file, second, BuildCache.load(file, "v1"));

        byte[] appended = Files.readAllBytes(file);
        assertTrue(appended.length > written.length, "appended");
        assertEquals(
                new String(written, StandardCharsets.UTF_8),
                new String(appended, 0, written.length, StandardCharsets.UTF_8),
                "the sorted entries are left as they were");
        assertEquals(
                List.of(
                        "2025/0007/index.html\tchanged\t7:2\tcontent/a.md:1: a warning",
                        "2026/new/index.html\tnew\t9:9",
                        "2025/0003/index.html\t",
                        "end"),
                new String(appended, written.length, appended.length - written.length, StandardCharsets.UTF_8)
                        .lines()
                        .map(line -> line.replaceAll("\t[0-9a-f]{8}$", "")) // each line's checksum
                        .toList());
        assertEquals(second, BuildCache.load(file, "v1").entries());

        // Nothing changed: only an end line more; the cache still reads the same.
        saveAfter(file, second, BuildCache.load(file, "v1"));
        assertEquals(second, BuildCache.load(file, "v1").entries());
        assertEquals(
                "end\nend\n",
                Files.readString(file).substring(Files.readString(file).length() - 8));
    }

    /**
     * Every changed byte is found: of a record line or the first line, by its checksum; of an end
     * mark, by the line it makes. The record is dropped whole, with one line (the build then makes
     * every output, as a first build does), never trusted.
     */
    @Test
    void everyChangedByteIsFoundWithOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outputs");
        Map<String, BuildCache.Entry> entries = site(3);
        entries.put("a/index.html", new BuildCache.Entry("k", "1:1", List.of("content/a.md:1: a warning")));
        saveAfter(file, entries, BuildCache.empty());
        Map<String, BuildCache.Entry> second = new HashMap<>(entries);
        second.put("b/index.html", new BuildCache.Entry("k2", "2:2", List.of()));
        saveAfter(file, second, BuildCache.load(file, "v1"));
        byte[] bytes = Files.readAllBytes(file);
        for (int at = 0; at < bytes.length; at++) {
            for (int change : new int[] {0x21, 0x01, 0xFF}) {
                byte[] damaged = bytes.clone();
                damaged[at] ^= (byte) change;
                Files.write(file, damaged);
                List<String> notes = new ArrayList<>();
                BuildCache loaded = BuildCache.load(file, "v1", notes::add);
                assertTrue(loaded.isEmpty(), "byte " + at + " changed: the record is not trusted");
                assertEquals(1, notes.size(), "byte " + at + " ^ " + change + ": " + notes);
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (int length = 0; length < bytes.length; length++) {
            Files.write(file, java.util.Arrays.copyOf(bytes, length));
            List<String> notes = new ArrayList<>();
            BuildCache loaded = BuildCache.load(file, "v1", notes::add);
            String kept = text.substring(0, length);
            if (kept.endsWith("\nend\n") || kept.endsWith("\nend")) {
                // Cut at an end mark (its line end may go): the first build's record, or the second's.
                boolean first = length <= text.indexOf("\nend\n") + 5;
                assertEquals(first ? entries : second, loaded.entries(), "cut at " + length);
                assertEquals(List.of(), notes);
            } else {
                assertTrue(loaded.isEmpty(), "cut at " + length);
                assertEquals(1, notes.size(), "cut at " + length + ": " + notes);
            }
        }
    }

    @Test
    void appendedLinesPastAnEighthOfTheEntriesMakeTheFileWrittenAfresh(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outputs");
        Map<String, BuildCache.Entry> entries = site(1000);
        saveAfter(file, entries, BuildCache.empty());
        int rewrites = 0;
        for (int build = 0; build < 40; build++) {
            for (int i = 0; i < 9; i++)
                entries.put("2026/" + build + "/" + i + "/index.html", new BuildCache.Entry("n", "1:1", List.of()));
            long before = Files.size(file);
            saveAfter(file, entries, BuildCache.load(file, "v1"));
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.indexOf("end") == lines.size() - 1) rewrites++;
            else assertTrue(Files.size(file) > before);
            assertTrue(
                    lines.size() - 1 - lines.indexOf("end") <= entries.size() / 8,
                    "appended lines stay within an eighth of the entries");
            assertEquals(entries, BuildCache.load(file, "v1").entries(), "after build " + build);
        }
        assertTrue(rewrites >= 2 && rewrites <= 5, "rewritten " + rewrites + " times in 40 builds of 10 lines each");
    }

    @Test
    void aFileCutShortWhileAppendingOrChangedSinceItWasReadIsNotAppendedTo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outputs");
        Map<String, BuildCache.Entry> entries = site(200);
        saveAfter(file, entries, BuildCache.empty());
        BuildCache stale = BuildCache.load(file, "v1");
        entries.put("2026/a/index.html", new BuildCache.Entry("a", "1:1", List.of()));
        saveAfter(file, entries, BuildCache.load(file, "v1"));

        // A build killed while appending: the file does not end in "end", so it reads as empty (a full build).
        String whole = Files.readString(file);
        Files.writeString(file, whole.substring(0, whole.length() - 4));
        assertTrue(BuildCache.load(file, "v1").isEmpty());

        // The file changed after the cache given as the last build's was read: written afresh, not appended to.
        Files.writeString(file, whole);
        entries.put("2026/b/index.html", new BuildCache.Entry("b", "2:2", List.of()));
        saveAfter(file, entries, stale);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(lines.size() - 1, lines.indexOf("end"), "one end line: written afresh");
        assertEquals(entries, BuildCache.load(file, "v1").entries());
    }
}
