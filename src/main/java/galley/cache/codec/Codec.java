package galley.cache.codec;

/**
 * Writes values of one type as bytes and reads them back. Derive codecs with {@link Codecs}
 * rather than writing them: a derived codec follows its record's components.
 */
public interface Codec<T> {

    /** Writes {@code value}; throws {@link CodecException} for a value this codec cannot encode (a bug). */
    void write(ByteOut out, T value);

    /** Reads a value written by {@link #write}; throws {@link DamagedException} for bytes that do not decode. */
    T read(ByteIn in) throws DamagedException;

    /**
     * The layout this codec writes, e.g. {@code galley.model.Term(name:string,slug:string)}: a
     * file records a hash of its codec's schema, so a file written by another layout is dropped
     * rather than misread (a record that gained a component, reordered enum constants).
     */
    String schema();
}
