package galley.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        entries.put("a\ttab\\slash/index.html", new BuildCache.Entry("k1", "1:2", List.of("content/x.md:3: warn\twith tab", "Київ\nline")));
        entries.put("2025/index.html", new BuildCache.Entry("k3", "5:6", List.of()));
        Path file = dir.resolve("outputs");
        BuildCache.save(file, "v1", entries);

        BuildCache loaded = BuildCache.load(file, "v1");
        assertEquals(entries, loaded.entries());
        assertEquals(List.of("2025/index.html", "a\ttab\\slash/index.html", "tags/b/index.html"), List.copyOf(loaded.entries().keySet()));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("galley-build-cache 2 v1", lines.get(0));
        assertEquals("end", lines.get(lines.size() - 1));
        assertTrue(lines.get(2).startsWith("a\\ttab\\\\slash/index.html\tk1\t1:2\t"), lines.get(2));
        assertTrue(BuildCache.load(file, "v2").isEmpty(), "another version's cache reads as empty");
    }
}
