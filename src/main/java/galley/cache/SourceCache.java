package galley.cache;

import galley.cache.codec.DamagedException;
import galley.cache.codec.Interner;
import galley.content.ArticleReader;
import galley.content.ParsedSources;
import galley.content.SourceTree;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.model.Article;
import galley.model.Term;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Parsed sources from the last build, keyed by file, size and modification time, so that a build
 * in a fresh process parses only the files that changed. Only files read without errors are kept
 * (a broken file is read, and reported, every time); their warnings are kept and replayed. The
 * cache is invalidated as a whole by another Galley version or other settings (dates and URLs
 * depend on them). A missing cache means every file is parsed; so does a damaged one, or one in
 * another format, after one informational line.
 *
 * <p>This class is the policy: what is reused, what a build changed, and whether the file is
 * appended to or written afresh. The file's layout is {@link SourceCacheFile}'s; how an entry's
 * records are encoded is derived from the records ({@link SourceCodecs}).
 */
public final class SourceCache implements ParsedSources {

    /**
     * A parsed file and the warnings reading it gave. Its encoding is not kept: the cache file is
     * appended to far more often than written whole, and 37 MB of kept encodings cost the
     * collector more. Every component is written to the file (see {@link SourceCodecs}).
     *
     * @param value an {@link ArticleReader.Loaded}, {@link galley.model.Author} or {@link galley.model.TermPage}
     */
    record Entry(long size, long mtime, Object value, List<Diagnostic> warnings) {
        Entry {
            warnings = List.copyOf(warnings);
        }
    }

    private Map<String, Entry> previous;
    /** This build's entries: those of {@link #previous} reused (the same instances) and those parsed afresh. */
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
    private final Interner terms;
    /**
     * Whether records of the file were dropped as damaged: what the last build parsed is then not
     * all known, so no build path that trusts the last build's reading of a file is taken
     * ({@link #articleChanges} tells nothing).
     */
    private final boolean damaged;
    /** The cache file's bytes, once {@link #seal}ed. */
    private List<byte[]> sealed;
    /** Whether {@link #seal} keeps the parsed objects for {@link #kept} (see {@link #keepParsed}). */
    private boolean keep;
    /** What {@link #save} left: the file's length and appended bytes after it ({@code -1}: not saved yet). */
    private long savedLength = -1;

    private long savedAppended;

    private SourceCache(
            Map<String, Entry> previous,
            String context,
            Path loadedFrom,
            long loadedLength,
            long appendedLength,
            Interner terms,
            boolean damaged) {
        this.damaged = damaged;
        this.previous = previous;
        this.terms = terms;
        this.context = context;
        this.loadedFrom = loadedFrom;
        this.loadedLength = loadedLength;
        this.appendedLength = appendedLength;
    }

    /** A cache that remembers nothing from before (and still records this build's parses). */
    public static SourceCache empty(String context) {
        return new SourceCache(Map.of(), context, null, -1, 0, new Interner(), false);
    }

    /** {@link #load(Path, String, Consumer)}, telling no one why a cache was dropped. */
    public static SourceCache load(Path file, String context) {
        return load(file, context, note -> {});
    }

    /**
     * Loads the cache written for the same {@code context} (version and settings); else an empty
     * one. A damaged file, or one in another format, is dropped with one line to {@code notes}:
     * the build reads every source, as the first build did.
     *
     * <p>A bug in decoding (anything but damage: {@link DamagedException}) is not damage. With
     * assertions on (the tests) it is thrown; otherwise it too drops the cache, with a line that
     * asks for a report rather than a stack trace.
     */
    public static SourceCache load(Path file, String context, Consumer<String> notes) {
        try {
            Optional<SourceCacheFile.Contents> read = SourceCacheFile.read(file, context);
            if (read.isEmpty()) return empty(context);
            SourceCacheFile.Contents c = read.get();
            if (!c.damaged())
                return new SourceCache(c.entries(), context, file, c.length(), c.appended(), c.interner(), false);
            notes.accept(file + ": " + c.dropped() + " damaged record(s) dropped"
                    + (c.brokenAt() >= 0 ? ", and what follows byte " + c.brokenAt() : "")
                    + "; their source files are read again");
            // Not appended to: the next build must not meet the damage again.
            return new SourceCache(c.entries(), context, null, -1, 0, c.interner(), true);
        } catch (DamagedException e) {
            notes.accept(
                    "the source cache " + file + " was dropped (" + e.getMessage() + "); every source file is read");
        } catch (IOException e) {
            notes.accept("the source cache " + file + " cannot be read (" + e + "); every source file is read");
        } catch (InternalError e) {
            // The mapped file was cut short by someone else while being read.
            notes.accept("the source cache " + file + " changed while it was read; every source file is read");
        } catch (RuntimeException e) {
            if (SourceCache.class.desiredAssertionStatus()) throw e;
            notes.accept("the source cache " + file + " was dropped after an internal error (" + e
                    + "; please report it); every source file is read");
        }
        return empty(context);
    }

    /**
     * Encodes what this build parsed or reused and lets go of the parsed objects: a million-article
     * archive must not hold every parse twice while it renders. {@link #save} then writes the
     * encoding; nothing else can be asked of the cache. (Encoding throws no {@code IOException};
     * a value the codec cannot encode is a bug, a {@link galley.cache.codec.CodecException}.)
     */
    public void seal() throws IOException {
        if (sealed != null) return;
        sealed = encode();
        if (keep) return;
        previous = Map.of();
        next.clear();
    }

    /**
     * Keeps the parsed objects after {@link #seal}, for a later build in this process ({@link
     * #kept}): a preview server rebuilds every few seconds, and reading the cache file again was
     * most of a body edit's rebuild.
     */
    public void keepParsed() {
        keep = true;
    }

    /**
     * What a later build in this process starts from instead of the file {@link #save} wrote: the
     * entries it holds and the file as it was left. Only after {@link #keepParsed} and {@link #save}.
     */
    public Kept kept(Path file) {
        if (!keep || savedLength < 0) throw new IllegalStateException("kept only after keepParsed() and save()");
        boolean exists = Files.isRegularFile(file);
        return new Kept(
                context,
                Collections.unmodifiableMap(next), // this cache is done with it
                terms,
                file,
                exists,
                savedLength,
                savedAppended,
                FileIdentity.of(file));
    }

    /**
     * A build's cache kept in memory for the next build in the same process: its entries, and the
     * identity of the file it saved them to, which tells whether anyone has written that file since.
     */
    public static final class Kept {
        private final String context;
        private final Map<String, Entry> entries;
        private final Interner terms;
        private final Path file;
        private final boolean exists;
        private final long length;
        private final long appended;
        private final FileIdentity identity;

        private Kept(
                String context,
                Map<String, Entry> entries,
                Interner terms,
                Path file,
                boolean exists,
                long length,
                long appended,
                FileIdentity identity) {
            this.context = context;
            this.entries = entries;
            this.terms = terms;
            this.file = file;
            this.exists = exists;
            this.length = length;
            this.appended = appended;
            this.identity = identity;
        }
    }

    /**
     * The cache {@code kept} from the last build in this process, if it was made for the same
     * {@code context} and its file is still the one that build wrote; else {@link #load}'s.
     */
    public static SourceCache resume(Kept kept, Path file, String context, Consumer<String> notes) {
        if (kept.context.equals(context)
                && kept.file.equals(file)
                && FileIdentity.of(file).equals(kept.identity)) {
            return new SourceCache(
                    kept.entries,
                    context,
                    kept.exists ? file : null,
                    kept.exists ? kept.length : -1,
                    kept.exists ? kept.appended : 0,
                    kept.terms,
                    false);
        }
        return load(file, context, notes);
    }

    /**
     * Records every entry of the last build that this build has not read, as reused: for a build
     * that reads only the files it knows changed, and reuses the last build's reading of all others
     * (which are then exactly the files the last build read).
     */
    public void reuseUnread() {
        previous.forEach(next::putIfAbsent);
    }

    /**
     * What {@link #save} writes: nothing if every file was reused; the entries parsed afresh, as a
     * segment to append, if every file of the loaded cache is still cached (a new article, an
     * edit) and the appended segments stay within an eighth of the part written whole; else the
     * whole file.
     */
    private List<byte[]> encode() {
        if (unchanged() && loadedFrom != null && Files.isRegularFile(loadedFrom))
            return List.of(); // the file is current
        appending = false;
        if (loadedFrom != null && previous.keySet().stream().allMatch(next::containsKey)) {
            List<String> parsed = new ArrayList<>();
            next.forEach((key, e) -> {
                if (previous.get(key) != e) parsed.add(key);
            });
            List<byte[]> segment = SourceCacheFile.segment(next, parsed);
            long size = segment.stream().mapToLong(c -> c.length).sum();
            if (appendedLength + size
                    <= (loadedLength - appendedLength) / 8) { // an eighth of the entries written whole
                appending = true;
                return segment;
            }
        }
        return SourceCacheFile.whole(context, next);
    }

    /**
     * Writes what this build parsed or reused: appended to the file it was loaded from when that
     * is still as it was read (see {@link #encode}), else atomically, so a killed build leaves the
     * old cache (or, killed while appending, one that is dropped).
     */
    public void save(Path file) throws IOException {
        List<byte[]> bytes = sealed != null ? sealed : encode();
        if (bytes.isEmpty()) { // nothing new: the file it was read from is current (see encode)
            savedLength = Math.max(0, loadedLength);
            savedAppended = appendedLength;
            return;
        }
        long size = bytes.stream().mapToLong(c -> c.length).sum();
        if (appending) {
            // Changed since it was read, it is deleted (this build no longer holds its other entries): the next build
            // reads every file.
            if (file.equals(loadedFrom) && SourceCacheFile.append(file, bytes, loadedLength)) {
                savedLength = loadedLength + size;
                savedAppended = appendedLength + size;
            } else {
                Files.deleteIfExists(file);
                savedLength = 0;
                savedAppended = 0;
            }
            return;
        }
        SourceCacheFile.replace(file, bytes);
        savedLength = size;
        savedAppended = 0;
    }

    /**
     * The instance of {@code t} that cached articles hold, or {@code t} itself: the loader makes
     * the archive's vocabulary from these, so that articles read from the cache already hold the
     * shared instances and need not be copied to share them.
     */
    @Override
    public Term term(Term t) {
        Term known = terms.find(Term.class, SourceCodecs.termKey(t));
        return known != null ? known : t;
    }

    /** Whether the same files were all reused (a removed file makes the sizes differ): the saved file is current. */
    private boolean unchanged() {
        return !parsedAny && next.size() == previous.size();
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

    /**
     * The article files added and changed since the last build; empty if one of its files is gone,
     * or the cache was damaged (a dropped record would make an old file look new).
     */
    public Optional<ArticleChanges> articleChanges(SourceTree tree) {
        if (damaged) return Optional.empty();
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
            if (now.isEmpty() || now.get().size() != old.size() || now.get().mtimeNanos() != old.mtime())
                changed.add(file);
        }
        long before = previous.values().stream()
                .filter(e -> e.value() instanceof ArticleReader.Loaded)
                .count();
        return before == known ? Optional.of(new ArticleChanges(added, changed)) : Optional.empty();
    }

    /**
     * Whether this build's reading of the article {@code file} differs from the last build's only
     * where {@code onlyOwnPage} says the difference shows on the article's own page alone (see
     * {@code galley.views.ArticleFields}), its fields sit where they sat (their positions are in
     * warnings), and neither reading gave a warning.
     */
    public boolean onlyBodyChanged(Path file, BiPredicate<Article, Article> onlyOwnPage) {
        Entry before = previous.get(key(file));
        Entry now = next.get(key(file));
        if (before == null
                || now == null
                || !before.warnings().isEmpty()
                || !now.warnings().isEmpty()) return false;
        if (!(before.value() instanceof ArticleReader.Loaded b) || !(now.value() instanceof ArticleReader.Loaded n))
            return false;
        Article was = b.article();
        Article is = n.article();
        return onlyOwnPage.test(was, is)
                && n.slugAt().equals(b.slugAt())
                && n.authors().equals(b.authors())
                && n.tags().equals(b.tags())
                && n.section().equals(b.section())
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
    public <T> Optional<T> read(
            Path file,
            Optional<SourceTree.Stamp> stamp,
            Diagnostics diagnostics,
            Class<T> type,
            Function<Diagnostics, Optional<T>> parse) {
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
        if (value.isPresent() && !local.hasErrors()) next.put(key, new Entry(size, mtime, value.get(), local.sorted()));
        return value;
    }
}
