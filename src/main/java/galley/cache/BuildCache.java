package galley.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * What the last successful build wrote: for every output file, the fingerprint of the inputs it
 * was made from and the warnings its rendering gave (replayed when the file is reused). Lives in
 * {@code .galley/} beside the output folder. It is an optimisation only: a missing, corrupt or
 * foreign-version cache reads as empty, which means a full build with identical output.
 *
 * <p>The file is text: a header line, one line per output ({@code path TAB key TAB stamp [TAB
 * warning]... [TAB /media/file]...}, sorted by path; a warning never starts with a slash) and
 * {@code end}. A build that changed a few outputs of many
 * appends instead of rewriting: the lines of the outputs it wrote, one {@code path TAB} line (two
 * fields) per output it removed, and {@code end} again; a later line for a path replaces an
 * earlier one. Once the appended lines pass an eighth of the entries the file is written afresh.
 * A file that does not end in {@code end} (a build killed while appending) reads as empty.
 * Every line but the end marks ends in a tab and the CRC32C of the rest of the line, so that a
 * changed byte is found rather than trusted (see {@link #load(Path, String, Consumer)}).
 */
public final class BuildCache {

    /**
     * 4: every line but the header and the end marks ends in a tab and its CRC32C; 5: the header
     * too; 6: the media files an output leads to.
     */
    private static final String HEADER = "galley-build-cache 6 ";

    /** The first line of a format before 5 (no checksum on it): {@code galley-build-cache N version}. */
    private static final Pattern OLDER = Pattern.compile("galley-build-cache [0-4] [^\t]*");

    /**
     * One output: its input fingerprint, the size and modification time the file had when written
     * (a file changed since, by hand or by an interrupted build, is not trusted), the warnings
     * rendering it gave, and the media files its text leads to that were there (when one goes, the
     * output is made again: a clean build would warn of it).
     */
    public record Entry(String key, String stamp, List<String> warnings, List<String> media) {
        public Entry {
            warnings = List.copyOf(warnings);
            media = List.copyOf(media);
            for (String w : warnings) {
                if (w.startsWith("/")) throw new IllegalArgumentException("a warning starts with a slash: " + w);
            }
        }

        public Entry(String key, String stamp, List<String> warnings) {
            this(key, stamp, warnings, List.of());
        }
    }

    private final Map<String, Entry> entries;
    /** The file this cache was read from, its length then, and how many lines were appended to it after the sorted entries. */
    private final Path file;

    private final long length;
    private final int appended;

    private BuildCache(Map<String, Entry> entries, Path file, long length, int appended) {
        this.entries = entries;
        this.file = file;
        this.length = length;
        this.appended = appended;
    }

    public static BuildCache empty() {
        return new BuildCache(Map.of(), null, -1, 0);
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

    public Set<String> outputs() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** {@link #load(Path, String, Consumer)}, telling no one why a record was dropped. */
    public static BuildCache load(Path file, String version) {
        return load(file, version, note -> {});
    }

    /**
     * Reads the cache written by {@code version}; anything unexpected gives an empty cache. A line
     * whose checksum fails drops the whole record, with one line to {@code notes}: without it the
     * build would not know that output was there (nor delete it when it is no longer made), so it
     * renders every output, as a first build does.
     */
    public static BuildCache load(Path file, String version, Consumer<String> notes) {
        if (!Files.isRegularFile(file)) return empty();
        String dropped = "; the record of outputs is dropped and every output is made again";
        try {
            byte[] bytes = Files.readAllBytes(file);
            CRC32C crc = new CRC32C();
            int headerEnd = indexOf(bytes, (byte) '\n', 0);
            int headerTab = headerEnd < 0 ? -1 : lastIndexOf(bytes, (byte) '\t', 0, headerEnd);
            if (headerTab >= 0) crc.update(bytes, 0, headerTab);
            if (headerTab < 0 || headerEnd - headerTab - 1 != 8 || !hex(bytes, headerTab + 1, (int) crc.getValue())) {
                // A first line of an older format, which had no checksum on it, is another format
                // (read silently, as every other format); else the line is damaged.
                String first = headerEnd < 0 ? "" : field(bytes, 0, headerEnd);
                if (!OLDER.matcher(first).matches()) notes.accept(file + ": its first line is damaged" + dropped);
                return empty();
            }
            if (!field(bytes, 0, headerTab).equals(HEADER + version)) return empty(); // another format or version
            if (!endsWithEnd(bytes)) {
                notes.accept(file + ": cut short (a build killed while writing it, or damage)" + dropped);
                return empty();
            }
            Map<String, Entry> entries = new HashMap<>(bytes.length / 100);
            int damaged = 0;
            int lines = 0;
            int firstEnd = -1;
            for (int start = headerEnd + 1, nl; start < bytes.length; start = nl + 1) {
                nl = indexOf(bytes, (byte) '\n', start);
                if (nl < 0) nl = bytes.length;
                lines++;
                if (nl - start == 3 && bytes[start] == 'e' && bytes[start + 1] == 'n' && bytes[start + 2] == 'd') {
                    if (firstEnd < 0) firstEnd = lines;
                    continue; // the end of the sorted entries, or of a later build's appended lines
                }
                int tab = lastIndexOf(bytes, (byte) '\t', start, nl);
                crc.reset();
                if (tab >= 0) crc.update(bytes, start, tab - start);
                if (tab < 0 || nl - tab - 1 != 8 || !hex(bytes, tab + 1, (int) crc.getValue())) {
                    damaged++;
                    continue;
                }
                // The fields, cut from the bytes: no line string and no split array per output.
                int t1 = indexOf(bytes, (byte) '\t', start, tab);
                if (t1 < 0) {
                    damaged++;
                    continue;
                }
                String path = unescape(field(bytes, start, t1));
                int t2 = indexOf(bytes, (byte) '\t', t1 + 1, tab);
                if (t2 < 0) {
                    if (firstEnd >= 0 && t1 + 1 == tab) {
                        entries.remove(path); // a later build removed it
                    } else {
                        damaged++;
                    }
                    continue;
                }
                int t3 = indexOf(bytes, (byte) '\t', t2 + 1, tab);
                String key = field(bytes, t1 + 1, t2);
                String stamp = field(bytes, t2 + 1, t3 < 0 ? tab : t3);
                List<String> warnings = List.of();
                List<String> media = List.of();
                if (t3 >= 0) {
                    List<String> found = new ArrayList<>();
                    for (int from = t3 + 1, to; from <= tab; from = to + 1) {
                        to = indexOf(bytes, (byte) '\t', from, tab);
                        if (to < 0) to = tab;
                        String value = unescape(field(bytes, from, to));
                        if (value.startsWith("/")) {
                            if (media.isEmpty()) media = new ArrayList<>();
                            media.add(value);
                        } else {
                            found.add(value);
                        }
                    }
                    warnings = found;
                }
                entries.put(path, new Entry(key, stamp, warnings, media));
            }
            if (damaged > 0) {
                notes.accept(file + ": " + damaged + " damaged record(s)" + dropped);
                return empty();
            }
            return new BuildCache(entries, file, bytes.length, lines - firstEnd);
        } catch (IOException | RuntimeException e) {
            notes.accept(file + ": cannot be read (" + e + ")" + dropped);
            return empty();
        }
    }

    private static boolean endsWithEnd(byte[] b) {
        int n = b.length;
        return n >= 4 && b[n - 4] == 'e' && b[n - 3] == 'n' && b[n - 2] == 'd' && b[n - 1] == '\n'
                || n >= 4 && b[n - 3] == 'e' && b[n - 2] == 'n' && b[n - 1] == 'd' && b[n - 4] == '\n';
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }

    /** The first {@code c} in {@code b[from, to)}, or -1. */
    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == c) return i;
        return -1;
    }

    /** {@code b[from, to)} as text. */
    private static String field(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    private static int lastIndexOf(byte[] b, byte c, int from, int to) {
        for (int i = to - 1; i >= from; i--) if (b[i] == c) return i;
        return -1;
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Whether the 8 bytes at {@code at} are {@code value} in lower-case hexadecimal. */
    private static boolean hex(byte[] b, int at, int value) {
        for (int i = 0; i < 8; i++) {
            if (b[at + i] != HEX[(value >>> (28 - 4 * i)) & 0xF]) return false;
        }
        return true;
    }

    /**
     * The entries a build records as it goes: outputs kept as the last build left them (with the
     * entries read from its cache) and outputs made afresh. Knowing which is which, {@link #save}
     * finds the few lines to append without looking up every output in the last build's cache
     * (66,000 lookups were a twentieth of a new article's build).
     */
    public static final class Next {
        private final BuildCache previous;
        private final Map<String, Entry> entries = new ConcurrentHashMap<>();
        private final Set<String> made = ConcurrentHashMap.newKeySet();

        /** Entries of the build after the one that left {@code previous}. */
        public Next(BuildCache previous) {
            this.previous = previous;
        }

        /** Entries that start as every entry of {@code previous}: for a build that changes a few outputs and removes none. */
        public static Next keepingAll(BuildCache previous) {
            Next next = new Next(previous);
            next.entries.putAll(previous.entries);
            return next;
        }

        /** Records that the output at {@code path} is kept as the last build made it, and returns that build's entry. */
        public Entry keep(String path) {
            Entry old = previous.entries.get(path);
            if (old == null) throw new IllegalArgumentException("not an output of the last build: " + path);
            entries.put(path, old);
            return old;
        }

        /** Records the entry of an output made (or checked) by this build. */
        public void made(String path, Entry entry) {
            entries.put(path, entry);
            made.add(path);
        }

        public Map<String, Entry> entries() {
            return Collections.unmodifiableMap(entries);
        }

        private List<String> gone;

        /**
         * The last build's outputs that this build recorded nothing for, sorted: call once every
         * output is recorded. Kept outputs are the last build's (see {@link #keep}), so when they
         * and the made outputs that were there before count all of the last build's, none is
         * gone, and its 48,000 paths need not be looked up one by one.
         */
        public synchronized List<String> gone() {
            if (gone != null) return gone;
            int madeOfPrevious = 0;
            for (String path : made) {
                if (previous.entries.containsKey(path)) madeOfPrevious++;
            }
            int kept = entries.size() - made.size();
            List<String> list = new ArrayList<>();
            if (kept + madeOfPrevious != previous.entries.size()) {
                for (String path : previous.entries.keySet()) {
                    if (!entries.containsKey(path)) list.add(path);
                }
                list.sort(null);
            }
            gone = List.copyOf(list);
            return gone;
        }

        /** The outputs recorded by {@link #made}. */
        public Set<String> madePaths() {
            return Collections.unmodifiableSet(made);
        }
    }

    /**
     * Writes the entries of {@code next}, the build after the one that wrote {@code next}'s
     * previous cache: appended to that cache's file when {@code file} is that file, unchanged since
     * it was read, and the lines to append are few (a new article changes about 50 outputs of
     * 48,000 at 25,000 articles, and rewriting all of them was a tenth of its build); else written
     * afresh, atomically (a temporary file renamed into place), sorted by output path. Returns the
     * record as the file now holds it: a later build in this process can start from it without
     * reading the file (while the file's {@link FileIdentity} is the one it has now).
     */
    public static BuildCache save(Path file, String version, Next next) throws IOException {
        BuildCache previous = next.previous;
        Map<String, Entry> entries = next.entries;
        if (previous.file != null && previous.file.equals(file) && sameLength(file, previous.length)) {
            List<String> changed = new ArrayList<>();
            for (String path : next.made) {
                if (!entries.get(path).equals(previous.entries.get(path))) changed.add(path);
            }
            List<String> gone = next.gone();
            int lines = changed.size() + gone.size() + 1;
            if (previous.appended + lines <= Math.max(64, entries.size() / 8)) {
                changed.sort(null);
                ByteArrayOutputStream text = new ByteArrayOutputStream(lines * 160);
                StringBuilder line = new StringBuilder(160);
                CRC32C crc = new CRC32C();
                for (String path : changed) {
                    line.setLength(0);
                    line(line, path, entries.get(path));
                    putChecked(text, line, crc);
                }
                for (String path : gone) {
                    line.setLength(0);
                    line.append(escape(path)).append('\t');
                    putChecked(text, line, crc);
                }
                put(text, "end\n");
                try (var out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                    text.writeTo(out);
                }
                return new BuildCache(entries, file, previous.length + text.size(), previous.appended + lines);
            }
        }
        // Sorted as an array, encoded into one buffer: a tree map of 48,000 paths and a character
        // encoder fed piece by piece were a tenth of a new article's build.
        String[] paths = entries.keySet().toArray(String[]::new);
        Arrays.sort(paths);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(paths.length * 140);
        StringBuilder line = new StringBuilder(160);
        CRC32C crc = new CRC32C();
        putChecked(bytes, HEADER + version, crc);
        for (String path : paths) {
            line.setLength(0);
            line(line, path, entries.get(path));
            putChecked(bytes, line, crc);
        }
        put(bytes, "end\n");
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = Files.newOutputStream(tmp)) {
            bytes.writeTo(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new BuildCache(entries, file, bytes.size(), 0);
    }

    private static void line(StringBuilder to, String path, Entry e) {
        to.append(escape(path)).append('\t').append(e.key()).append('\t').append(e.stamp());
        for (String warning : e.warnings()) to.append('\t').append(escape(warning));
        for (String media : e.media()) to.append('\t').append(escape(media));
    }

    /** Writes {@code line}, a tab, the CRC32C of the line's bytes in hexadecimal, and a line end. */
    private static void putChecked(ByteArrayOutputStream out, CharSequence line, CRC32C crc) {
        byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
        crc.reset();
        crc.update(b, 0, b.length);
        int value = (int) crc.getValue();
        out.writeBytes(b);
        out.write('\t');
        for (int i = 0; i < 8; i++) out.write(HEX[(value >>> (28 - 4 * i)) & 0xF]);
        out.write('\n');
    }

    private static boolean sameLength(Path file, long length) {
        try {
            return Files.size(file) == length;
        } catch (IOException e) {
            return false;
        }
    }

    private static void put(ByteArrayOutputStream bytes, String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
            return s; // nearly every path
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s; // nearly every path: no copy
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
