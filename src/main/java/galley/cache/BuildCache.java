package galley.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the last successful build wrote: for every output file, the fingerprint of the inputs it
 * was made from and the warnings its rendering gave (replayed when the file is reused). Lives in
 * {@code .galley/} beside the output folder. It is an optimisation only: a missing, corrupt or
 * foreign-version cache reads as empty, which means a full build with identical output.
 */
public final class BuildCache {

    private static final String HEADER = "galley-build-cache 2 ";

    /**
     * One output: its input fingerprint, the size and modification time the file had when written
     * (a file changed since, by hand or by an interrupted build, is not trusted) and the warnings
     * rendering it gave.
     */
    public record Entry(String key, String stamp, List<String> warnings) {
        public Entry {
            warnings = List.copyOf(warnings);
        }
    }

    private final Map<String, Entry> entries;

    private BuildCache(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static BuildCache empty() {
        return new BuildCache(Map.of());
    }

    public boolean has(String outputPath) {
        return entries.containsKey(outputPath);
    }

    public Optional<Entry> find(String outputPath) {
        return Optional.ofNullable(entries.get(outputPath));
    }

    /** Every output's entry. */
    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public java.util.Set<String> outputs() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Reads the cache written by {@code version}; anything unexpected gives an empty cache. */
    public static BuildCache load(Path file, String version) {
        if (!Files.isRegularFile(file)) return empty();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER + version) || !lines.get(lines.size() - 1).equals("end")) {
                return empty();
            }
            Map<String, Entry> entries = new java.util.LinkedHashMap<>(lines.size() * 2); // the file's (sorted) order
            for (String line : lines.subList(1, lines.size() - 1)) {
                String[] parts = line.split("\t", -1);
                if (parts.length < 3) return empty();
                List<String> warnings = new ArrayList<>();
                for (int i = 3; i < parts.length; i++) warnings.add(unescape(parts[i]));
                entries.put(unescape(parts[0]), new Entry(parts[1], parts[2], warnings));
            }
            return new BuildCache(entries);
        } catch (IOException | RuntimeException e) {
            return empty();
        }
    }

    /** Writes {@code entries} atomically (a temporary file renamed into place), sorted by output path. */
    public static void save(Path file, String version, Map<String, Entry> entries) throws IOException {
        // Sorted as an array, encoded into one buffer: a tree map of 48,000 paths and a character
        // encoder fed piece by piece were a tenth of a new article's build.
        String[] paths = entries.keySet().toArray(String[]::new);
        Arrays.sort(paths);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(paths.length * 140);
        put(bytes, HEADER + version + "\n");
        for (String path : paths) {
            Entry e = entries.get(path);
            StringBuilder line = new StringBuilder(160).append(escape(path)).append('\t').append(e.key()).append('\t').append(e.stamp());
            for (String warning : e.warnings()) line.append('\t').append(escape(warning));
            put(bytes, line.append('\n').toString());
        }
        put(bytes, "end\n");
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = Files.newOutputStream(tmp)) {
            bytes.writeTo(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void put(ByteArrayOutputStream bytes, String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0) return s; // nearly every path
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s; // nearly every path: no copy
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
