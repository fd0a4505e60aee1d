package galley.cache.codec;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of equal values of the types a {@link Codecs} interns (see
 * {@link Codecs.Builder#intern}), by a key that identifies the value: a million articles decoded
 * in parallel hold their few thousand tags once. Thread-safe.
 */
public final class Interner {
    private final ConcurrentHashMap<Class<?>, ConcurrentHashMap<Object, Object>> byType = new ConcurrentHashMap<>();

    private ConcurrentHashMap<Object, Object> of(Class<?> type) {
        return byType.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
    }

    /** The instance kept for {@code key}, else {@code value}, kept from now on. */
    <T> T intern(Class<T> type, Object key, T value) {
        ConcurrentHashMap<Object, Object> known = of(type);
        Object k = known.get(key);
        if (k == null) {
            k = known.putIfAbsent(key, value);
            if (k == null) return value;
        }
        return type.cast(k);
    }

    /** The instance kept for {@code key}, or null. */
    public <T> T find(Class<T> type, Object key) {
        ConcurrentHashMap<Object, Object> known = byType.get(type);
        return known == null ? null : type.cast(known.get(key));
    }
}
