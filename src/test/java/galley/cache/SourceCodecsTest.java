package galley.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.cache.codec.ByteIn;
import galley.cache.codec.ByteOut;
import galley.cache.codec.CodecException;
import galley.cache.codec.Codecs;
import galley.cache.codec.Interner;
import galley.content.ArticleReader;
import galley.diag.Diagnostic;
import galley.model.Article;
import galley.model.Author;
import galley.model.Term;
import galley.model.TermPage;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The source cache's entries round-trip, whatever their records hold. */
class SourceCodecsTest {

    private static final Path FILE = Path.of("content/articles/2025/11/a.md");

    private static byte[] encode(SourceCache.Entry entry) {
        ByteOut out = new ByteOut(256);
        out.file(FILE);
        SourceCodecs.ENTRY.write(out, entry);
        return out.toByteArray();
    }

    private static SourceCache.Entry decode(byte[] bytes, Interner interner) throws Exception {
        ByteIn in = new ByteIn(bytes, 0, bytes.length, interner);
        in.file(FILE);
        SourceCache.Entry entry = SourceCodecs.ENTRY.read(in);
        assertTrue(in.atEnd(), "every byte read");
        return entry;
    }

    /**
     * Entries holding each kind of cached value, with random values other than the default in
     * every component of every record they reach (made by walking the components: a component
     * added to Article is covered with no change here), read back equal and written back the same.
     */
    @Test
    void everyCachedValueTypeRoundTripsWithEveryComponentSet() throws Exception {
        for (Class<?> kind : SourceCodecs.VALUES) {
            for (long seed = 0; seed < 200; seed++) {
                RandomRecords random =
                        new RandomRecords(seed * 31 + kind.getName().hashCode(), FILE);
                SourceCache.Entry entry = new SourceCache.Entry(
                        1 + seed,
                        2 + seed,
                        random.value(kind),
                        List.of(random.of(Diagnostic.class), random.of(Diagnostic.class)));
                byte[] bytes = encode(entry);
                SourceCache.Entry back = decode(bytes, new Interner());
                assertEquals(entry, back, kind.getSimpleName() + ", seed " + seed);
                assertArrayEquals(
                        bytes, encode(back), kind.getSimpleName() + ", seed " + seed + ": written back the same");
            }
        }
    }

    /** The generator itself leaves no component at its default, however deep (else a round trip could hide a dropped one). */
    @Test
    void theRandomArticlesSetEveryComponent() {
        ArticleReader.Loaded loaded = new RandomRecords(7, FILE).of(ArticleReader.Loaded.class);
        List<String> unset = new ArrayList<>();
        walk(loaded, "Loaded", unset);
        assertEquals(List.of(), unset);
        assertTrue(loaded.article().draft()
                && !loaded.article().extra().isEmpty()
                && loaded.article().image().isPresent());
    }

    private static void walk(Object value, String where, List<String> unset) {
        if (value == null
                || value.equals(0)
                || value.equals(0L)
                || value.equals(false)
                || value.equals("")
                || value instanceof Optional<?> o && o.isEmpty()
                || value instanceof List<?> l && l.isEmpty()
                || value instanceof Map<?, ?> m && m.isEmpty()) {
            unset.add(where);
            return;
        }
        if (value instanceof Optional<?> o) walk(o.get(), where, unset);
        if (value instanceof List<?> l) walk(l.get(0), where + "[0]", unset);
        if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    walk(c.getAccessor().invoke(r), where + "." + c.getName(), unset);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Decoded articles share their terms: one instance per spelling of a slug, however many entries hold it. */
    @Test
    void decodedTermsAreShared() throws Exception {
        Interner interner = new Interner();
        Article a = new RandomRecords(1, FILE).of(Article.class);
        Term sport = new Term("Sport", "sport");
        Article withSport = new Article(
                a.source(),
                a.bodyOffset(),
                a.bodyLine(),
                a.slug(),
                a.path(),
                a.title(),
                a.date(),
                a.updated(),
                a.firstCommitted(),
                sport,
                a.authors(),
                List.of(sport, new Term("SPORT", "sport")),
                a.summary(),
                a.excerpt(),
                a.image(),
                a.draft(),
                a.aliases(),
                a.corrections(),
                a.wordCount(),
                a.articleLinks(),
                a.extra(),
                a.contentHash());
        ArticleReader.Loaded loaded = new RandomRecords(2, FILE).of(ArticleReader.Loaded.class);
        ArticleReader.Loaded one = new ArticleReader.Loaded(
                withSport, loaded.slugAt(), loaded.authors(), loaded.tags(), loaded.section(), loaded.imageSrc());
        SourceCache.Entry entry = new SourceCache.Entry(1, 2, one, List.of());
        Article first = ((ArticleReader.Loaded) decode(encode(entry), interner).value()).article();
        Article second = ((ArticleReader.Loaded) decode(encode(entry), interner).value()).article();
        assertSame(first.section(), second.section());
        assertSame(first.section(), first.tags().get(0));
        assertNotSame(first.tags().get(0), first.tags().get(1), "another spelling of the slug is kept apart");
        assertEquals(new Term("SPORT", "sport"), first.tags().get(1));
        assertSame(first.tags().get(1), second.tags().get(1));
    }

    /** A value of a kind the cache does not hold is a bug: encoding it throws, it is not skipped. */
    @Test
    void encodingWhatTheCodecCannotHoldFailsLoudly() {
        assertThrows(CodecException.class, () -> encode(new SourceCache.Entry(1, 2, "a string", List.of())));
        Article a = new RandomRecords(3, FILE).of(Article.class);
        Map<String, Object> extra = new LinkedHashMap<>(a.extra());
        extra.put("count", 3); // front matter values are strings, lists and mappings: a number is a reader's bug
        Article withNumber = new Article(
                a.source(),
                a.bodyOffset(),
                a.bodyLine(),
                a.slug(),
                a.path(),
                a.title(),
                a.date(),
                a.updated(),
                a.firstCommitted(),
                a.section(),
                a.authors(),
                a.tags(),
                a.summary(),
                a.excerpt(),
                a.image(),
                a.draft(),
                a.aliases(),
                a.corrections(),
                a.wordCount(),
                a.articleLinks(),
                extra,
                a.contentHash());
        ArticleReader.Loaded l = new RandomRecords(4, FILE).of(ArticleReader.Loaded.class);
        CodecException e = assertThrows(
                CodecException.class,
                () -> encode(new SourceCache.Entry(
                        1,
                        2,
                        new ArticleReader.Loaded(
                                withNumber, l.slugAt(), l.authors(), l.tags(), l.section(), l.imageSrc()),
                        List.of())));
        assertTrue(e.getMessage().startsWith("Entry.value: Loaded.article: Article.extra: "), e.getMessage());
    }

    /** The header's fingerprint follows the records: it names every component of every cached record. */
    @Test
    void theSchemaNamesEveryComponent() {
        String schema = SourceCodecs.ENTRY.schema();
        for (Class<?> kind : List.of(Article.class, ArticleReader.Loaded.class, Author.class, TermPage.class)) {
            for (RecordComponent c : kind.getRecordComponents()) {
                assertTrue(
                        schema.contains(kind.getName() + "(") && schema.contains(c.getName() + ":"),
                        kind + "." + c.getName());
            }
        }
        assertNotEquals(
                SourceCodecs.SCHEMA, Codecs.fingerprint(Codecs.builder().build().of(Term.class)));
    }
}
