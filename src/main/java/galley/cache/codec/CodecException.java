package galley.cache.codec;

/**
 * A bug in a codec or in what it is given: a type with no codec (found when the codec is derived,
 * at class initialisation, so every test fails), or a value it cannot encode (a null, a YAML value
 * of an unknown kind). Unchecked and never caught as damage: it must fail loudly, not turn into a
 * silent full build.
 */
public final class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }

    /** This failure with where it happened in front: {@code Article.tags: ...}. */
    CodecException within(String where) {
        CodecException e = new CodecException(where + ": " + getMessage(), getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
