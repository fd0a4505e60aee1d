package galley.cache.codec;

import java.io.IOException;

/**
 * Bytes that do not decode: a damaged file, or one written in another format. Not a bug: whoever
 * reads a cache drops it (with one informational line) and makes its contents again.
 */
public final class DamagedException extends IOException {
    public DamagedException(String message) {
        super(message);
    }
}
