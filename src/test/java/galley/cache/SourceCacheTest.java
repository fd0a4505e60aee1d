package galley.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.cache.codec.CodecException;
import galley.content.SourceTree;
import galley.diag.Diagnostics;
import galley.model.Author;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCacheTest {

    private static final String CONTEXT = "v1\nsettings";

    /** Author files by name, each with the size standing for its version. */
    private final Map<String, Long> files = new LinkedHashMap<>();

    private final AtomicInteger parsed = new AtomicInteger();

    private static Path file(String name) {
        return Path.of("content/authors/" + name + ".md");
    }

    private static Author author(String name, long version) {
        return new Author(
                file(name),
                name,
                name.toUpperCase() + " v" + version,
                "Reporter",
                Optional.empty(),
                Map.of(),
                "Bio of " + name + ", version " + version + ".",
                4,
                "hash" + version);
    }

    /** Reads every file of {@link #files} through {@code cache}, as a build does, and saves it. */
    private SourceCache build(Path cacheFile) throws Exception {
        SourceCache cache = SourceCache.load(cacheFile, CONTEXT);
        Diagnostics diagnostics = new Diagnostics();
        files.forEach((name, version) -> {
            Optional<Author> read = cache.read(
                    file(name), Optional.of(new SourceTree.Stamp(version, 1_000L)), diagnostics, Author.class, d -> {
                        parsed.incrementAndGet();
                        return Optional.of(author(name, version));
                    });
            assertEquals(author(name, version), read.orElseThrow(), name);
        });
        cache.seal();
        cache.save(cacheFile);
        return cache;
    }

    @Test
    void aBuildThatOnlyAddedOrReReadFilesAppendsTheirEntries(@TempDir Path dir) throws Exception {
        Path cacheFile = dir.resolve("sources");
        for (int i = 0; i < 200; i++) files.put("writer" + i, 1L);
        build(cacheFile);
        assertEquals(200, parsed.getAndSet(0));
        byte[] whole = Files.readAllBytes(cacheFile);

        build(cacheFile);
        assertEquals(0, parsed.getAndSet(0), "every file from the cache");
        assertArrayEquals(whole, Files.readAllBytes(cacheFile), "nothing parsed: nothing written");

        files.put("newcomer", 1L);
        files.put("writer7", 2L);
        build(cacheFile);
        assertEquals(2, parsed.getAndSet(0), "the new file and the changed one");
        byte[] appended = Files.readAllBytes(cacheFile);
        assertTrue(
                appended.length > whole.length && appended.length < whole.length + 1000,
                "a segment of two entries appended");
        assertArrayEquals(whole, Arrays.copyOf(appended, whole.length), "the earlier bytes as they were");

        build(cacheFile);
        assertEquals(0, parsed.getAndSet(0), "the appended entries are read back, the later one of writer7 winning");

        files.remove("writer3");
        build(cacheFile);
        assertEquals(0, parsed.getAndSet(0));
        byte[] rewritten = Files.readAllBytes(cacheFile);
        assertTrue(
                rewritten.length < appended.length && !Arrays.equals(whole, Arrays.copyOf(rewritten, whole.length)),
                "a file gone: written afresh without it, and without the segment");
        build(cacheFile);
        assertEquals(0, parsed.getAndSet(0));
    }

    @Test
    void appendedSegmentsPastAnEighthOfTheFileMakeItWrittenAfresh(@TempDir Path dir) throws Exception {
        Path cacheFile = dir.resolve("sources");
        for (int i = 0; i < 100; i++) files.put("writer" + i, 1L);
        build(cacheFile);
        int rewrites = 0;
        byte[] last = Files.readAllBytes(cacheFile);
        for (int b = 0; b < 40; b++) {
            files.put("added" + b, 1L);
            build(cacheFile);
            byte[] now = Files.readAllBytes(cacheFile);
            if (!Arrays.equals(last, Arrays.copyOf(now, last.length)))
                rewrites++; // else appended: the earlier bytes stay
            last = now;
            assertEquals(1, parsed.getAndSet(0) - (b == 0 ? 100 : 0), "build " + b + " parsed only the new file");
        }
        assertTrue(rewrites >= 2 && rewrites <= 6, "rewritten " + rewrites + " times in 40 additions");
        build(cacheFile);
        assertEquals(0, parsed.get(), "every entry read back after the rewrites and appends");
    }

    @Test
    void aFileCutShortWhileAppendingKeepsItsWholeSegmentsAndOneChangedSinceItWasReadIsNotAppendedTo(@TempDir Path dir)
            throws Exception {
        Path cacheFile = dir.resolve("sources");
        for (int i = 0; i < 50; i++) files.put("writer" + i, 1L);
        build(cacheFile);
        files.put("newcomer", 1L);
        build(cacheFile);
        parsed.set(0);
        byte[] bytes = Files.readAllBytes(cacheFile);
        for (int cut : new int[] {1, 3, 4, 5, 40}) {
            Files.write(cacheFile, Arrays.copyOf(bytes, bytes.length - cut));
            SourceCache.load(cacheFile, CONTEXT);
            Files.write(cacheFile, Arrays.copyOf(bytes, bytes.length - cut));
            build(cacheFile);
            // Cut in the last end mark, every entry is whole; else the appended entry is lost.
            assertEquals(cut <= 4 ? 0 : 1, parsed.getAndSet(0), "cut by " + cut + " bytes");
        }

        // Another build rewrote the file between this one's reading and saving it: it is not appended to
        // (this build no longer holds the other entries), but removed, so the next build parses every file.
        SourceCache stale = SourceCache.load(cacheFile, CONTEXT);
        Diagnostics diagnostics = new Diagnostics();
        for (Map.Entry<String, Long> f : files.entrySet()) {
            stale.read(
                    file(f.getKey()),
                    Optional.of(new SourceTree.Stamp(f.getValue(), 1_000L)),
                    diagnostics,
                    Author.class,
                    d -> Optional.of(author(f.getKey(), f.getValue())));
        }
        stale.read(
                file("late"),
                Optional.of(new SourceTree.Stamp(1, 1_000L)),
                diagnostics,
                Author.class,
                d -> Optional.of(author("late", 1)));
        stale.seal();
        Files.write(cacheFile, Arrays.copyOf(bytes, bytes.length), StandardOpenOption.APPEND); // grown since
        stale.save(cacheFile);
        assertFalse(Files.exists(cacheFile));
    }

    /**
     * A damaged cache file (any byte changed, cut at any length) never fails the build and is
     * never trusted: every changed byte is found (the header's and each entry's checksum, the
     * framing), with exactly one line saying so; what it still holds whole is kept, the build
     * parses the rest and leaves a whole cache the next build reuses entirely. (Tests run with
     * assertions on: a decoding bug, anything but {@link galley.cache.codec.DamagedException},
     * would be thrown here.)
     */
    @Test
    void everyDamagedByteIsFoundWithOneLineAndTheNextBuildMendsTheCache(@TempDir Path dir) throws Exception {
        Path cacheFile = dir.resolve("sources");
        for (int i = 0; i < 3; i++) files.put("w" + i, 1L);
        build(cacheFile);
        files.put("w3", 1L);
        build(cacheFile); // an appended segment
        byte[] bytes = Files.readAllBytes(cacheFile);
        Random random = new Random(11);
        int keptSome = 0;
        for (int at = 0; at < bytes.length; at++) {
            for (int trial = 0; trial < (at % 3 == 0 ? 2 : 1); trial++) {
                byte[] damaged = bytes.clone();
                damaged[at] = (byte) (trial == 0 ? ~damaged[at] : damaged[at] ^ (1 + random.nextInt(255)));
                Files.write(cacheFile, damaged);
                List<String> notes = new ArrayList<>();
                SourceCache.load(cacheFile, CONTEXT, notes::add);
                assertEquals(1, notes.size(), "byte " + at + " changed: " + notes);
                if (notes.get(0).contains("damaged record(s) dropped")) keptSome++;
                if (trial > 0 || at % 3 != 0) continue; // the builds after it: for every third byte
                parsed.set(0);
                build(cacheFile);
                assertTrue(parsed.get() <= 4, "byte " + at + ": " + parsed.get() + " parsed");
                parsed.set(0);
                notes.clear();
                SourceCache.load(cacheFile, CONTEXT, notes::add);
                assertEquals(List.of(), notes, "byte " + at + ": the cache written after it is whole");
                build(cacheFile);
                assertEquals(0, parsed.get(), "byte " + at + ": the next build parses nothing");
            }
            Files.write(cacheFile, Arrays.copyOf(bytes, at));
            List<String> notes = new ArrayList<>();
            SourceCache.load(cacheFile, CONTEXT, notes::add);
            assertEquals(1, notes.size(), "cut at " + at);
        }
        assertTrue(keptSome > bytes.length, keptSome + " of " + 2 * bytes.length + " damaged files kept some records");
    }

    @Test
    void aCacheOfAnotherFormatIsDroppedWithOneLine(@TempDir Path dir) throws Exception {
        Path cacheFile = dir.resolve("sources");
        files.put("w", 1L);
        build(cacheFile);
        byte[] bytes = Files.readAllBytes(cacheFile);
        bytes[3] = 5; // the format number of the Galley before this one
        Files.write(cacheFile, bytes);
        List<String> notes = new ArrayList<>();
        SourceCache.load(cacheFile, CONTEXT, notes::add);
        assertEquals(
                List.of("the source cache " + cacheFile + " was dropped (another format: 5, this Galley reads "
                        + SourceCacheFile.FORMAT + "); every source file is read"),
                notes);

        notes.clear();
        SourceCache.load(cacheFile.resolveSibling("none"), CONTEXT, notes::add);
        build(cacheFile);
        SourceCache.load(cacheFile, "other settings", notes::add);
        assertEquals(List.of(), notes, "no cache, or one for other settings: nothing to say");
    }

    /** A parsed value the codec cannot encode is a bug: sealing the cache throws, the build does not carry on without a cache. */
    @Test
    void aValueTheCodecCannotEncodeFailsLoudly(@TempDir Path dir) {
        SourceCache cache = SourceCache.load(dir.resolve("sources"), CONTEXT);
        cache.read(
                file("odd"),
                Optional.of(new SourceTree.Stamp(1, 1)),
                new Diagnostics(),
                String.class,
                d -> Optional.of("not a cached kind"));
        assertThrows(CodecException.class, cache::seal);
    }

    /**
     * The cache file is read in regions (1 GB each, so a million articles' cache spans two). With
     * regions small enough that values straddle them, every int and every range read back is the
     * file's.
     */
    @Test
    void theCacheFileReadsTheSameInRegions(@TempDir Path dir) throws Exception {
        byte[] content = new byte[41];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 37 + 200);
        Path file = dir.resolve("cache.bin");
        Files.write(file, content);
        for (long region : new long[] {1, 2, 3, 4, 5, 7, 40, 41, 1L << 30}) {
            {
                String how = "regions of " + region;
                try (FileChannel channel = FileChannel.open(file)) {
                    FileBytes mapped = new FileBytes(channel, region);
                    assertEquals(content.length, mapped.size, how);
                    for (int at = 0; at + 4 <= content.length; at++) {
                        int expected = ByteBuffer.wrap(content, at, 4).getInt();
                        assertEquals(expected, mapped.readInt(at), how + ", int at " + at);
                    }
                    for (int at = 0; at < content.length; at++) {
                        for (int length = 0; at + length <= content.length; length++) {
                            byte[] read = new byte[length + 3];
                            mapped.copy(at, read, length);
                            assertArrayEquals(
                                    Arrays.copyOfRange(content, at, at + length),
                                    Arrays.copyOf(read, length),
                                    how + ", " + length + " bytes at " + at);
                        }
                    }
                }
            }
        }
    }
}
