package galley.cache;

import galley.cache.codec.Codec;
import galley.cache.codec.Codecs;
import galley.content.ArticleReader;
import galley.model.Author;
import galley.model.Term;
import galley.model.TermPage;
import java.util.List;

/**
 * The codec of the source cache's entries, derived from the records they hold (see {@link Codecs}):
 * a component added to {@code Article}, {@code Author}, {@code TermPage} or anything they hold is
 * cached with no change here, and one of a type with no codec fails this class's initialisation
 * (every build and test). The schema's fingerprint is in the file's header: a file written before
 * a record changed is dropped, not misread.
 */
final class SourceCodecs {

    private SourceCodecs() {}

    /** The kinds of parsed file the cache holds (an entry's {@code value}): another kind is a bug. */
    static final List<Class<?>> VALUES = List.of(ArticleReader.Loaded.class, Author.class, TermPage.class);

    static final Codecs CODECS = Codecs.builder()
            .type(Object.class, Codecs.YAML_VALUES) // Article.extra: front matter kept as written
            .component(SourceCache.Entry.class, "value", codecs -> codecs.oneOf(VALUES))
            // A million articles decoded in parallel share their few thousand sections and tags.
            .intern(Term.class, SourceCodecs::termKey)
            .build();

    /** What tells terms apart: the slug, and the name (another spelling of a slug is rare, and kept apart). */
    static Object termKey(Term t) {
        return List.of(t.slug(), t.name());
    }

    static final Codec<SourceCache.Entry> ENTRY = CODECS.of(SourceCache.Entry.class);

    /** The fingerprint of {@link #ENTRY}'s layout. */
    static final String SCHEMA = Codecs.fingerprint(ENTRY);
}
