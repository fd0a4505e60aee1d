package galley.cache;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Random records for codec tests, made by walking their components (so a component added to a
 * cached record gets random values with no change here): every component holds a value other
 * than its type's default (no empty string, no 0, true, present optionals, non-empty lists and maps).
 */
final class RandomRecords {
    private final Random random;
    /** The file records are made for: some paths are it (the codec writes those as one byte). */
    private final Path file;

    RandomRecords(long seed, Path file) {
        this.random = new Random(seed);
        this.file = file;
    }

    <T> T of(Class<T> type) {
        return type.cast(value(type));
    }

    Object value(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == Optional.class) return Optional.of(value(args[0]));
            if (raw == List.class) {
                List<Object> list = new ArrayList<>();
                for (int i = 1 + random.nextInt(3); i > 0; i--) list.add(value(args[0]));
                return list;
            }
            if (raw == Map.class) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 1 + random.nextInt(3); i > 0; i--) map.put(text(), value(args[1]));
                return map;
            }
            throw new AssertionError("no random " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) return text();
        if (c == int.class || c == Integer.class) return 1 + random.nextInt(100_000);
        if (c == long.class || c == Long.class) return 1 + (random.nextLong() >>> 1);
        if (c == boolean.class || c == Boolean.class) return true;
        if (c == Instant.class)
            return Instant.ofEpochSecond(random.nextInt(2_000_000_000), 1 + random.nextInt(999_999_999));
        if (c == Path.class)
            return random.nextBoolean()
                    ? file
                    : Path.of("content", text().replace('/', '-').replace('\0', '-') + ".md");
        if (c == Object.class) return yaml(2); // front matter kept as written
        if (c.isEnum()) return c.getEnumConstants()[random.nextInt(c.getEnumConstants().length)];
        if (c.isRecord()) return record(c);
        throw new AssertionError("no random " + type);
    }

    private Object record(Class<?> c) {
        RecordComponent[] components = c.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = value(components[i].getGenericType());
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> constructor = c.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new AssertionError(c.getName() + " refuses random values", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private Object yaml(int depth) {
        int kind = depth == 0 ? 0 : random.nextInt(3);
        if (kind == 0) return text();
        if (kind == 1) {
            List<Object> list = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) list.add(yaml(depth - 1));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) map.put(text(), yaml(depth - 1));
        return map;
    }

    /** 1-12 characters: ASCII, Latin, Greek, CJK and an emoji (two UTF-16 units, four UTF-8 bytes). */
    private String text() {
        String alphabet = "abcxyzABC019 -_/.éüßΣσς中文😀";
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--)
            sb.appendCodePoint(
                    alphabet.codePoints().toArray()[random.nextInt(alphabet.codePointCount(0, alphabet.length()))]);
        if (sb.toString().isBlank()) sb.append('a');
        return sb.toString();
    }
}
