package galley.cache;

import galley.content.ArticleReader;
import galley.content.Fields;
import galley.content.ParsedSources;
import galley.content.SourceTree;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.Severity;
import galley.diag.SourcePosition;
import galley.model.Article;
import galley.model.Author;
import galley.model.Correction;
import galley.model.Image;
import galley.model.Term;
import galley.model.TermPage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed sources from the last build, keyed by file, size and modification time, so that a build
 * in a fresh process parses only the files that changed. Only files read without errors are kept
 * (a broken file is read, and reported, every time); their warnings are kept and replayed. The
 * cache is invalidated as a whole by another Galley version or other settings (dates and URLs
 * depend on them). A missing or unreadable cache simply means every file is parsed.
 */
public final class SourceCache implements ParsedSources {

    private static final int FORMAT = 5;
    /** "END": the mark after the entries and after each appended segment. */
    private static final int END = 0x454E44;

    /**
     * A parsed file and the warnings reading it gave; {@code cached} if it was read from the cache
     * file (not parsed in this build). Its encoding is not kept: the cache file is appended to
     * far more often than written whole, and 37 MB of kept encodings cost the collector more.
     */
    record Entry(long size, long mtime, Object value, List<Diagnostic> warnings, boolean cached) {}

    private Map<String, Entry> previous;
    private final Map<String, Entry> next = new ConcurrentHashMap<>();
    /** Whether any file was parsed afresh: otherwise the saved cache is already what {@link #save} would write. */
    private volatile boolean parsedAny;
    private final String context;
    /** The file {@link #previous} was read from (null if none), its length, and how many of its bytes later builds appended. */
    private final Path loadedFrom;
    private final long loadedLength;
    private final long appendedLength;
    /** Whether {@link #sealed} holds a segment to append to {@link #loadedFrom} rather than a whole file. */
    private boolean appending;
    /** The sections and tags of the cached articles, each once, by slug: see {@link #term}. */
    private final Map<String, Term> terms;

    private SourceCache(Map<String, Entry> previous, String context, Path loadedFrom, long loadedLength, long appendedLength,
                        Map<String, Term> terms) {
        this.previous = previous;
        this.terms = terms;
        this.context = context;
        this.loadedFrom = loadedFrom;
        this.loadedLength = loadedLength;
        this.appendedLength = appendedLength;
    }

    /** A cache that remembers nothing from before (and still records this build's parses). */
    public static SourceCache empty(String context) {
        return new SourceCache(Map.of(), context, null, -1, 0, new ConcurrentHashMap<>());
    }

    /**
     * Loads the cache written for the same {@code context} (version and settings); else an empty one.
     * Every entry is prefixed by its length, so entries are decoded in parallel.
     *
     * <p>The file: the format number, the context, the entry count, the entries (sorted by path)
     * and an end mark; then any number of segments appended by later builds that only added or
     * re-read files (a count, the entries, an end mark), whose entries replace earlier ones of the
     * same path. A file cut short anywhere (a build killed while appending) reads as empty.
     */
    public static SourceCache load(Path file, String context) {
        if (!Files.isRegularFile(file)) return empty(context);
        // Mapped, not read: the 37 MB of a 25,000-article cache are neither copied into the heap
        // nor copied again by the collector while the entries are decoded (in parallel, each
        // through a per-thread buffer).
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            Mapped bytes = new Mapped(channel);
            if (bytes.size < 12 || bytes.readInt(0) != FORMAT) return empty(context);
            int contextLength = bytes.readInt(4);
            if (contextLength < 0 || contextLength > 1 << 20 || 8L + contextLength + 4 > bytes.size) return empty(context);
            byte[] contextBytes = new byte[contextLength];
            bytes.copy(8, contextBytes, contextLength);
            if (!new String(contextBytes, StandardCharsets.UTF_8).equals(context)) return empty(context);
            long at = 8L + contextLength;
            long[] offsets = new long[1024];
            int[] lengths = new int[1024];
            int n = 0;
            long appended = 0; // bytes of the segments after the first
            boolean firstSegment = true;
            while (true) {
                long segmentStart = at;
                if (at + 4 > bytes.size) return empty(context);
                int count = bytes.readInt(at);
                at += 4;
                if (count < 0) return empty(context);
                for (int i = 0; i < count; i++) {
                    if (at + 4 > bytes.size) return empty(context);
                    int entryLength = bytes.readInt(at);
                    at += 4;
                    if (entryLength < 0 || entryLength > 64 << 20 || at + entryLength > bytes.size) return empty(context);
                    if (n == offsets.length) {
                        offsets = Arrays.copyOf(offsets, n * 2);
                        lengths = Arrays.copyOf(lengths, n * 2);
                    }
                    offsets[n] = at;
                    lengths[n] = entryLength;
                    n++;
                    at += entryLength;
                }
                if (at + 4 > bytes.size || bytes.readInt(at) != END) return empty(context); // a complete segment
                at += 4;
                if (!firstSegment) appended += at - segmentStart;
                firstSegment = false;
                if (at == bytes.size) break; // the end of the file, between segments
            }
            Entry[] decoded = new Entry[n];
            String[] paths = new String[n];
            Map<String, Term> terms = new ConcurrentHashMap<>();
            ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[1 << 16]);
            long[] entryOffsets = offsets;
            int[] entryLengths = lengths;
            java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
                byte[] buffer = buffers.get();
                if (buffer.length < entryLengths[i]) {
                    buffer = new byte[Math.max(entryLengths[i], buffer.length * 2)];
                    buffers.set(buffer);
                }
                bytes.copy(entryOffsets[i], buffer, entryLengths[i]);
                In e = new In(buffer, 0, entryLengths[i], null, terms);
                try {
                    paths[i] = str(e);
                    e.file = Path.of(paths[i]);
                    decoded[i] = readEntry(e);
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            Map<String, Entry> entries = new java.util.HashMap<>(n * 2);
            for (int i = 0; i < n; i++) entries.put(paths[i], decoded[i]); // an appended entry replaces an earlier one
            return new SourceCache(entries, context, file, bytes.size, appended, terms);
        } catch (IOException | RuntimeException | InternalError e) {
            // InternalError: the mapped file was cut short by someone else while being read.
            return empty(context);
        }
    }

    /**
     * A file mapped in regions of at most 1 GB (a buffer holds at most 2 GB; a million articles'
     * cache nears that). On Windows, where a mapped file cannot be replaced until the collector
     * unmaps it, the regions are read into the heap instead.
     */
    static final class Mapped {
        private static final long REGION = 1L << 30;
        private static final boolean WINDOWS = java.io.File.separatorChar == '\\';
        final long size;
        private final long region;
        private final java.nio.ByteBuffer[] regions;

        Mapped(java.nio.channels.FileChannel channel) throws IOException {
            this(channel, REGION, WINDOWS);
        }

        /** Regions of {@code region} bytes, read into the heap if {@code intoHeap} (tests try both, and small regions). */
        Mapped(java.nio.channels.FileChannel channel, long region, boolean intoHeap) throws IOException {
            this.size = channel.size();
            this.region = region;
            regions = new java.nio.ByteBuffer[(int) ((size + region - 1) / region)];
            for (int r = 0; r < regions.length; r++) {
                long start = r * region;
                int length = (int) Math.min(region, size - start);
                if (intoHeap) {
                    java.nio.ByteBuffer heap = java.nio.ByteBuffer.allocate(length);
                    while (heap.hasRemaining()) {
                        if (channel.read(heap, start + heap.position()) < 0) throw new IOException("cut short");
                    }
                    regions[r] = heap;
                } else {
                    regions[r] = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, start, length);
                }
            }
        }

        /** Copies {@code length} bytes from {@code at} to the start of {@code to}. */
        void copy(long at, byte[] to, int length) {
            int done = 0;
            while (done < length) {
                int index = (int) ((at + done) / region);
                int from = (int) ((at + done) % region);
                int n = (int) Math.min(length - done, region - from);
                regions[index].get(from, to, done, n);
                done += n;
            }
        }

        int readInt(long at) {
            int index = (int) (at / region);
            int from = (int) (at % region);
            if (from + 4 <= region) return regions[index].getInt(from); // big-endian, as DataOutputStream writes
            byte[] four = new byte[4];
            copy(at, four, 4);
            return ((four[0] & 0xFF) << 24) | ((four[1] & 0xFF) << 16) | ((four[2] & 0xFF) << 8) | (four[3] & 0xFF);
        }
    }

    private static Entry readEntry(In in) throws IOException {
        long size = in.readLong();
        long mtime = in.readLong();
        int kind = in.readByte();
        Object value = switch (kind) {
            case 'A' -> readLoaded(in);
            case 'U' -> readAuthor(in);
            case 'T' -> readTermPage(in);
            default -> throw new IOException("bad kind " + kind);
        };
        int w = in.readInt();
        List<Diagnostic> warnings = new ArrayList<>(w);
        for (int j = 0; j < w; j++) warnings.add(new Diagnostic(Severity.WARNING, pos(in), str(in)));
        if (in.pos != in.end) throw new IOException("entry length mismatch");
        return new Entry(size, mtime, value, warnings, true);
    }

    /** The cache file's bytes, once {@link #seal}ed: in chunks, since a million articles' cache nears Java's 2 GB array limit. */
    private List<byte[]> sealed;

    /**
     * Encodes what this build parsed or reused and lets go of the parsed objects: a million-article
     * archive must not hold every parse twice while it renders. {@link #save} then writes the
     * encoding; nothing else can be asked of the cache.
     */
    public void seal() throws IOException {
        if (sealed != null) return;
        sealed = encode();
        previous = Map.of();
        next.clear();
    }

    /**
     * What {@link #save} writes: nothing if every file was reused; the entries parsed afresh, as a
     * segment to append, if every file of the loaded cache is still cached (a new article, an
     * edit) and the appended segments stay within an eighth of the part written whole; else the
     * whole file.
     */
    private List<byte[]> encode() throws IOException {
        ChunkedBytes bytes = new ChunkedBytes();
        if (unchanged() && loadedFrom != null && Files.isRegularFile(loadedFrom)) return bytes.chunks; // the file is current
        appending = false;
        if (loadedFrom != null && previous.keySet().stream().allMatch(next::containsKey)) {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
                writeSegment(out);
            }
            long size = bytes.chunks.stream().mapToLong(c -> c.length).sum();
            if (appendedLength + size <= (loadedLength - appendedLength) / 8) { // an eighth of the entries written whole
                appending = true;
                return bytes.chunks;
            }
            bytes = new ChunkedBytes();
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
            writeTo(out);
        }
        return bytes.chunks;
    }

    /** An output stream into a list of 4 MB arrays. */
    private static final class ChunkedBytes extends java.io.OutputStream {
        private static final int CHUNK = 4 << 20;
        final List<byte[]> chunks = new ArrayList<>();
        private int used = CHUNK;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (used == CHUNK) {
                    chunks.add(new byte[CHUNK]);
                    used = 0;
                }
                int n = Math.min(len, CHUNK - used);
                System.arraycopy(b, off, chunks.get(chunks.size() - 1), used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() {
            if (!chunks.isEmpty() && used < CHUNK) chunks.set(chunks.size() - 1, Arrays.copyOf(chunks.get(chunks.size() - 1), used));
            used = CHUNK;
        }
    }

    /**
     * Writes what this build parsed or reused: appended to the file it was loaded from when that
     * is still as it was read (see {@link #encode}), else atomically, so a killed build leaves the
     * old cache (or, killed while appending, one that reads as empty).
     */
    public void save(Path file) throws IOException {
        List<byte[]> bytes = sealed != null ? sealed : encode();
        if (bytes.isEmpty()) return; // nothing new: the file it was read from is current (see encode)
        if (appending) {
            if (file.equals(loadedFrom) && Files.isRegularFile(file) && Files.size(file) == loadedLength) {
                try (java.io.OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
                    for (byte[] chunk : bytes) out.write(chunk);
                }
            } else {
                // Changed since it was read, and the parses it holds are let go: the next build reads every file.
                Files.deleteIfExists(file);
            }
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
            for (byte[] chunk : bytes) out.write(chunk);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The instance of {@code t} that cached articles hold, or {@code t} itself: the loader makes
     * the archive's vocabulary from these, so that articles read from the cache already hold the
     * shared instances and need not be copied to share them.
     */
    @Override
    public Term term(Term t) {
        Term known = terms.get(t.slug());
        return known != null && known.equals(t) ? known : t;
    }

    /** Whether the same files were all reused (a removed file makes the sizes differ): the saved file is current. */
    private boolean unchanged() {
        return !parsedAny && next.size() == previous.size();
    }

    /** The whole file: the format, the context and every entry as one segment. */
    private void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        str(out, context);
        writeSegment(out, new ArrayList<>(next.keySet()));
    }

    /** The entries parsed in this build (not reused), as a segment to append. */
    private void writeSegment(DataOutputStream out) throws IOException {
        List<String> paths = new ArrayList<>();
        next.forEach((path, e) -> {
            if (!e.cached()) paths.add(path);
        });
        writeSegment(out, paths);
    }

    /** A segment: the number of entries, each prefixed by its length (sorted by path), and the end mark. */
    private void writeSegment(DataOutputStream out, List<String> paths) throws IOException {
        paths.sort(null);
        out.writeInt(paths.size());
        java.io.ByteArrayOutputStream entry = new java.io.ByteArrayOutputStream(4096);
        for (String path : paths) {
            entry.reset();
            encode(new DataOutputStream(entry), path, next.get(path));
            out.writeInt(entry.size());
            entry.writeTo(out);
        }
        out.writeInt(END);
        out.flush();
    }

    private static void encode(DataOutputStream out, String path, Entry e) throws IOException {
        str(out, path);
        out.writeLong(e.size());
        out.writeLong(e.mtime());
        if (e.value() instanceof ArticleReader.Loaded l) {
            out.writeByte('A');
            writeLoaded(out, l);
        } else if (e.value() instanceof Author a) {
            out.writeByte('U');
            writeAuthor(out, a);
        } else {
            out.writeByte('T');
            writeTermPage(out, (TermPage) e.value());
        }
        out.writeInt(e.warnings().size());
        for (Diagnostic d : e.warnings()) {
            pos(out, d.at());
            str(out, d.message());
        }
        out.flush();
    }

    /**
     * How the article files differ from the last build's.
     *
     * @param added files the last build did not read (new, or it could not cache them: they had errors)
     * @param changed files whose size or modification time differ
     */
    public record ArticleChanges(List<Path> added, List<Path> changed) {
        public ArticleChanges {
            added = List.copyOf(added);
            changed = List.copyOf(changed);
        }
    }

    /** The article files added and changed since the last build; empty if one of its files is gone. */
    public Optional<ArticleChanges> articleChanges(SourceTree tree) {
        List<Path> added = new ArrayList<>();
        List<Path> changed = new ArrayList<>();
        int known = 0;
        for (Path file : tree.articles()) {
            Entry old = previous.get(key(file));
            if (old == null) {
                added.add(file);
                continue;
            }
            if (!(old.value() instanceof ArticleReader.Loaded)) return Optional.empty();
            known++;
            Optional<SourceTree.Stamp> now = tree.stamp(file);
            if (now.isEmpty() || now.get().size() != old.size() || now.get().mtimeNanos() != old.mtime()) changed.add(file);
        }
        long before = previous.values().stream().filter(e -> e.value() instanceof ArticleReader.Loaded).count();
        return before == known ? Optional.of(new ArticleChanges(added, changed)) : Optional.empty();
    }

    /**
     * Whether this build's reading of the article {@code file} differs from the last build's only
     * in the body's text (not its first paragraph, links or anything teasers, lists and feeds
     * show besides full content), and neither reading gave a warning.
     */
    public boolean onlyBodyChanged(Path file) {
        Entry before = previous.get(key(file));
        Entry now = next.get(key(file));
        if (before == null || now == null || !before.warnings().isEmpty() || !now.warnings().isEmpty()) return false;
        if (!(before.value() instanceof ArticleReader.Loaded b) || !(now.value() instanceof ArticleReader.Loaded n)) return false;
        Article was = b.article();
        Article is = n.article();
        return is.withBodyFacts(was.contentHash(), was.wordCount()).equals(was) && n.slugAt().equals(b.slugAt())
                && n.authors().equals(b.authors()) && n.tags().equals(b.tags()) && n.section().equals(b.section())
                && n.imageSrc().equals(b.imageSrc());
    }

    /** The cache's key of a source file: its path relative to the root, with forward slashes. */
    private static String key(Path file) {
        return file.toString().replace('\\', '/');
    }

    /**
     * The parsed value of {@code file} (relative to {@code root}): from the cache when the file's
     * size and modification time are unchanged (its warnings are reported again), else from
     * {@code parse}, whose result is cached unless it reported an error.
     */
    @Override
    public <T> Optional<T> read(Path file, Optional<SourceTree.Stamp> stamp, Diagnostics diagnostics, Class<T> type,
                         java.util.function.Function<Diagnostics, Optional<T>> parse) {
        if (stamp.isEmpty()) return parse.apply(diagnostics); // unreadable: parsing reports why
        String key = key(file);
        long size = stamp.get().size();
        long mtime = stamp.get().mtimeNanos();
        Entry old = previous.get(key);
        if (old != null && old.size() == size && old.mtime() == mtime && type.isInstance(old.value())) {
            old.warnings().forEach(diagnostics::add);
            next.put(key, old);
            return Optional.of(type.cast(old.value()));
        }
        parsedAny = true;
        Diagnostics local = new Diagnostics();
        Optional<T> value = parse.apply(local);
        local.sorted().forEach(diagnostics::add);
        if (value.isPresent() && !local.hasErrors()) next.put(key, new Entry(size, mtime, value.get(), local.sorted(), false));
        return value;
    }

    // ---------------------------------------------------------------- codec

    private static void writeLoaded(DataOutputStream out, ArticleReader.Loaded l) throws IOException {
        writeArticle(out, l.article());
        pos(out, l.slugAt());
        items(out, l.authors());
        items(out, l.tags());
        items(out, l.section().stream().toList());
        items(out, l.imageSrc().stream().toList());
    }

    private static ArticleReader.Loaded readLoaded(In in) throws IOException {
        Article a = readArticle(in);
        SourcePosition slugAt = pos(in);
        List<Fields.Item> authors = items(in);
        List<Fields.Item> tags = items(in);
        Optional<Fields.Item> section = items(in).stream().findFirst();
        Optional<Fields.Item> imageSrc = items(in).stream().findFirst();
        return new ArticleReader.Loaded(a, slugAt, authors, tags, section, imageSrc);
    }

    private static void writeArticle(DataOutputStream out, Article a) throws IOException {
        str(out, a.source().toString());
        out.writeInt(a.bodyOffset());
        out.writeInt(a.bodyLine());
        str(out, a.slug());
        str(out, a.path());
        str(out, a.title());
        instant(out, a.date());
        out.writeBoolean(a.updated().isPresent());
        if (a.updated().isPresent()) instant(out, a.updated().get());
        term(out, a.section());
        strings(out, a.authors());
        out.writeInt(a.tags().size());
        for (Term t : a.tags()) term(out, t);
        optional(out, a.summary());
        str(out, a.excerpt());
        out.writeBoolean(a.image().isPresent());
        if (a.image().isPresent()) {
            Image i = a.image().get();
            str(out, i.src());
            str(out, i.alt());
            str(out, i.caption());
            str(out, i.credit());
        }
        out.writeBoolean(a.draft());
        strings(out, a.aliases());
        out.writeInt(a.corrections().size());
        for (Correction c : a.corrections()) {
            instant(out, c.date());
            str(out, c.text());
        }
        out.writeInt(a.wordCount());
        strings(out, a.articleLinks());
        plain(out, a.extra());
        str(out, a.contentHash());
    }

    @SuppressWarnings("unchecked")
    private static Article readArticle(In in) throws IOException {
        Path source = path(in, str(in));
        int bodyOffset = in.readInt();
        int bodyLine = in.readInt();
        String slug = str(in);
        String path = str(in);
        String title = str(in);
        Instant date = instant(in);
        Optional<Instant> updated = in.readBoolean() ? Optional.of(instant(in)) : Optional.empty();
        Term section = term(in);
        List<String> authors = strings(in);
        int nt = in.readInt();
        List<Term> tags = new ArrayList<>(nt);
        for (int i = 0; i < nt; i++) tags.add(term(in));
        Optional<String> summary = optional(in);
        String excerpt = str(in);
        Optional<Image> image = in.readBoolean() ? Optional.of(new Image(str(in), str(in), str(in), str(in))) : Optional.empty();
        boolean draft = in.readBoolean();
        List<String> aliases = strings(in);
        int nc = in.readInt();
        List<Correction> corrections = new ArrayList<>(nc);
        for (int i = 0; i < nc; i++) corrections.add(new Correction(instant(in), str(in)));
        int words = in.readInt();
        List<String> links = strings(in);
        Map<String, Object> extra = (Map<String, Object>) plain(in);
        String hash = str(in);
        return new Article(source, bodyOffset, bodyLine, slug, path, title, date, updated, section, authors, tags, summary,
                excerpt, image, draft, aliases, corrections, words, links, extra, hash);
    }

    private static void writeAuthor(DataOutputStream out, Author a) throws IOException {
        str(out, a.source().toString());
        str(out, a.slug());
        str(out, a.name());
        str(out, a.role());
        optional(out, a.photo());
        out.writeInt(a.links().size());
        for (Map.Entry<String, String> e : a.links().entrySet()) {
            str(out, e.getKey());
            str(out, e.getValue());
        }
        str(out, a.bio());
        out.writeInt(a.bioLine());
        str(out, a.contentHash());
    }

    private static Author readAuthor(In in) throws IOException {
        Path source = path(in, str(in));
        String slug = str(in);
        String name = str(in);
        String role = str(in);
        Optional<String> photo = optional(in);
        int n = in.readInt();
        Map<String, String> links = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) links.put(str(in), str(in));
        return new Author(source, slug, name, role, photo, links, str(in), in.readInt(), str(in));
    }

    private static void writeTermPage(DataOutputStream out, TermPage t) throws IOException {
        str(out, t.source().toString());
        term(out, t.term());
        str(out, t.summary());
        str(out, t.description());
        out.writeInt(t.descriptionLine());
        str(out, t.contentHash());
    }

    private static TermPage readTermPage(In in) throws IOException {
        return new TermPage(path(in, str(in)), term(in), str(in), str(in), in.readInt(), str(in));
    }

    private static void term(DataOutputStream out, Term t) throws IOException {
        str(out, t.name());
        str(out, t.slug());
    }

    private static Term term(In in) throws IOException {
        String name = str(in);
        String slug = str(in);
        if (in.terms == null) return new Term(name, slug);
        // Keyed by slug (a record's own hash code is slow in C1-compiled code); another spelling of a slug is rare.
        Term known = in.terms.get(slug);
        if (known != null && known.name().equals(name)) return known;
        Term t = new Term(name, slug);
        return known == null ? Objects.requireNonNullElse(in.terms.putIfAbsent(slug, t), t) : t;
    }

    private static void items(DataOutputStream out, List<Fields.Item> items) throws IOException {
        out.writeInt(items.size());
        for (Fields.Item i : items) {
            str(out, i.value());
            pos(out, i.at());
        }
    }

    private static List<Fields.Item> items(In in) throws IOException {
        int n = in.readInt();
        List<Fields.Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) items.add(new Fields.Item(str(in), pos(in)));
        return items;
    }

    /** Positions are written without their file: every position of an entry is in the entry's file. */
    private static void pos(DataOutputStream out, SourcePosition p) throws IOException {
        out.writeInt(p.line());
        out.writeInt(p.column());
    }

    /** The entry's own file is almost always the path asked for: reuse it rather than parse it again. */
    private static Path path(In in, String s) {
        return in.file != null && in.file.toString().equals(s) ? in.file : Path.of(s);
    }

    private static SourcePosition pos(In in) throws IOException {
        return new SourcePosition(in.file, in.readInt(), in.readInt());
    }

    private static void instant(DataOutputStream out, Instant i) throws IOException {
        out.writeLong(i.getEpochSecond());
        out.writeInt(i.getNano());
    }

    private static Instant instant(In in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void optional(DataOutputStream out, Optional<String> s) throws IOException {
        out.writeBoolean(s.isPresent());
        if (s.isPresent()) str(out, s.get());
    }

    private static Optional<String> optional(In in) throws IOException {
        return in.readBoolean() ? Optional.of(str(in)) : Optional.empty();
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) str(out, s);
    }

    private static List<String> strings(In in) throws IOException {
        int n = in.readInt();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(str(in));
        return list;
    }

    /** Front-matter values kept as written: strings, lists and insertion-ordered maps. */
    private static void plain(DataOutputStream out, Object value) throws IOException {
        if (value instanceof String s) {
            out.writeByte('s');
            str(out, s);
        } else if (value instanceof List<?> list) {
            out.writeByte('l');
            out.writeInt(list.size());
            for (Object o : list) plain(out, o);
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte('m');
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                str(out, (String) e.getKey());
                plain(out, e.getValue());
            }
        } else {
            throw new IOException("cannot cache " + value);
        }
    }

    private static Object plain(In in) throws IOException {
        int kind = in.readByte();
        switch (kind) {
            case 's':
                return str(in);
            case 'l': {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) list.add(plain(in));
                return java.util.Collections.unmodifiableList(list);
            }
            case 'm': {
                int n = in.readInt();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) map.put(str(in), plain(in));
                return java.util.Collections.unmodifiableMap(map);
            }
            default:
                throw new IOException("bad value kind " + kind);
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(In in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.end - in.pos) throw new IOException("bad length " + n);
        String s = new String(in.buf, in.pos, n, StandardCharsets.UTF_8);
        in.pos += n;
        return s;
    }

    /** A cursor over the cache file's bytes: DataInputStream's encoding, without its per-call locking. */
    private static final class In {
        final byte[] buf;
        int pos;
        final int end;
        /** The file of the entry being decoded: every position of an entry is in that file. */
        Path file;
        /** One instance of every section and tag read, by slug (see {@link SourceCache#term}). */
        final Map<String, Term> terms;

        In(byte[] buf, int pos, int end, Path file, Map<String, Term> terms) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
            this.file = file;
            this.terms = terms;
        }

        private void need(int n) throws IOException {
            if (n < 0 || end - pos < n) throw new IOException("truncated");
        }

        void skip(int n) throws IOException {
            need(n);
            pos += n;
        }

        int readInt() throws IOException {
            need(4);
            int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long readLong() throws IOException {
            return ((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL);
        }

        byte readByte() throws IOException {
            need(1);
            return buf[pos++];
        }

        boolean readBoolean() throws IOException {
            return readByte() != 0;
        }
    }
}
