package galley.cache;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
        // Entries that come in order already (a loaded cache with some entries replaced) are not sorted again.
        String last = null;
        boolean sorted = true;
        for (String key : entries.keySet()) {
            if (last != null && last.compareTo(key) >= 0) {
                sorted = false;
                break;
            }
            last = key;
        }
        Map<String, Entry> ordered = sorted ? entries : new TreeMap<>(entries);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(HEADER + version);
            w.write('\n');
            for (Map.Entry<String, Entry> e : ordered.entrySet()) {
                w.write(escape(e.getKey()));
                w.write('\t');
                w.write(e.getValue().key());
                w.write('\t');
                w.write(e.getValue().stamp());
                for (String warning : e.getValue().warnings()) {
                    w.write('\t');
                    w.write(escape(warning));
                }
                w.write('\n');
            }
            w.write("end\n");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
