package galley.cache.codec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * Codecs derived from types, so that they cannot fall out of step with the records they encode:
 * a record is its components in order ({@link RecordCodec}), and each component's type has a codec
 * here: {@code String}, {@code int}, {@code long}, {@code boolean}, {@link Instant}, {@link Path},
 * enums, records, {@code Optional<T>}, {@code List<T>} and {@code Map<String, V>} of any of them,
 * plus what a {@link Builder} adds. A component of any other type fails the derivation with a
 * {@link CodecException} naming it (at class initialisation of whoever derives it: every test fails).
 */
public final class Codecs {

    private final Map<Type, Codec<?>> byType;
    private final Map<String, Function<Codecs, Codec<?>>> byComponent;
    private final Map<Class<?>, Function<Object, Object>> interned;
    private final Map<Class<?>, Codec<?>> records = new HashMap<>();
    private final Set<Class<?>> deriving = new HashSet<>();

    private Codecs(Builder b) {
        byType = new HashMap<>(b.byType);
        byComponent = new HashMap<>(b.byComponent);
        interned = new HashMap<>(b.interned);
    }

    /** The standard codecs: add to them, then {@link Builder#build}. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<Type, Codec<?>> byType = new HashMap<>();
        private final Map<String, Function<Codecs, Codec<?>>> byComponent = new HashMap<>();
        private final Map<Class<?>, Function<Object, Object>> interned = new HashMap<>();

        private Builder() {
            type(String.class, STRING);
            type(int.class, INT);
            type(Integer.class, INT);
            type(long.class, LONG);
            type(Long.class, LONG);
            type(boolean.class, BOOLEAN);
            type(Boolean.class, BOOLEAN);
            type(Instant.class, INSTANT);
            type(Path.class, PATH);
        }

        /** Values of {@code type} (wherever it appears) through {@code codec}. */
        public <T> Builder type(Type type, Codec<T> codec) {
            byType.put(type, codec);
            return this;
        }

        /** The component {@code name} of {@code record} through the codec {@code make} gives (e.g. {@link Codecs#oneOf}). */
        public Builder component(Class<? extends Record> record, String name, Function<Codecs, Codec<?>> make) {
            boolean found = false;
            for (RecordComponent c : record.getRecordComponents())
                found |= c.getName().equals(name);
            if (!found) throw new CodecException(record.getName() + " has no component " + name);
            byComponent.put(record.getName() + "#" + name, make);
            return this;
        }

        /**
         * Decoded records of {@code type} with equal {@code key}s share one instance (see
         * {@link Interner}). The key must tell unequal values apart (equal keys: equal values);
         * records' own {@code equals} and {@code hashCode} are slow in C1-compiled code.
         */
        @SuppressWarnings("unchecked")
        public <T extends Record> Builder intern(Class<T> type, Function<? super T, ?> key) {
            interned.put(type, (Function<Object, Object>) key);
            return this;
        }

        public Codecs build() {
            return new Codecs(this);
        }
    }

    /** The codec of {@code type}: standard, added, or derived (a record's, an enum's). */
    @SuppressWarnings("unchecked")
    public synchronized <T> Codec<T> of(Class<T> type) {
        return (Codec<T>) of(type, type.getName());
    }

    /** One of {@code types}, written as its index and its own codec's bytes; another type is a {@link CodecException}. */
    public synchronized Codec<Object> oneOf(List<Class<?>> types) {
        List<Codec<?>> codecs = new ArrayList<>();
        for (Class<?> t : types) codecs.add(of(t, t.getName()));
        return new OneOf(List.copyOf(types), codecs);
    }

    /**
     * A fingerprint of {@code codec}'s schema, for a file header: files written by another layout
     * are dropped. CRC-32C and the length, not a cryptographic digest: it tells layouts apart, it
     * does not resist forgery, and it costs no security provider's start-up in every build.
     */
    public static String fingerprint(Codec<?> codec) {
        byte[] schema = codec.schema().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(schema);
        return Long.toHexString(crc.getValue()) + "-" + schema.length;
    }

    private Codec<?> of(Type type, String where) {
        Codec<?> known = byType.get(type);
        if (known != null) return known;
        if (type instanceof Class<?> c) {
            if (c.isRecord()) return record(c);
            if (c.isEnum()) return new EnumCodec<>(c.asSubclass(Enum.class));
        } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == Optional.class) return new OptionalCodec<>(of(args[0], where + "<>"));
            if (raw == List.class) return new ListCodec<>(of(args[0], where + "<>"));
            if (raw == Map.class && args[0] == String.class) return new MapCodec<>(of(args[1], where + "<>"));
        }
        throw new CodecException("no codec for " + type.getTypeName() + " (" + where + "): give its type one in "
                + Codecs.class.getName() + " or its Builder, or change the component");
    }

    private Codec<?> record(Class<?> type) {
        Codec<?> known = records.get(type);
        if (known != null) return known;
        if (!deriving.add(type))
            throw new CodecException(type.getName() + " contains itself: no codec for recursive records");
        try {
            RecordComponent[] components = type.getRecordComponents();
            Codec<?>[] codecs = new Codec<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                String where = type.getName() + "." + components[i].getName();
                Function<Codecs, Codec<?>> special = byComponent.get(type.getName() + "#" + components[i].getName());
                codecs[i] = special != null ? special.apply(this) : of(components[i].getGenericType(), where);
            }
            Codec<?> codec = new RecordCodec<>(type, components, codecs);
            Function<Object, Object> key = interned.get(type);
            if (key != null) codec = new Interned<>(type, codec, key);
            records.put(type, codec);
            return codec;
        } finally {
            deriving.remove(type);
        }
    }

    // ---------------------------------------------------------------- the standard codecs

    // Classes, not lambdas: nothing to link at run time (every build decodes through them first thing).

    static final Codec<String> STRING = new Codec<>() {
        @Override
        public void write(ByteOut out, String value) {
            out.writeString(value);
        }

        @Override
        public String read(ByteIn in) throws DamagedException {
            return in.readString();
        }

        @Override
        public String schema() {
            return "string";
        }
    };

    static final Codec<Integer> INT = new Codec<>() {
        @Override
        public void write(ByteOut out, Integer value) {
            out.writeInt(value);
        }

        @Override
        public Integer read(ByteIn in) throws DamagedException {
            return in.readInt();
        }

        @Override
        public String schema() {
            return "int";
        }
    };

    static final Codec<Long> LONG = new Codec<>() {
        @Override
        public void write(ByteOut out, Long value) {
            out.writeLong(value);
        }

        @Override
        public Long read(ByteIn in) throws DamagedException {
            return in.readLong();
        }

        @Override
        public String schema() {
            return "long";
        }
    };

    static final Codec<Boolean> BOOLEAN = new Codec<>() {
        @Override
        public void write(ByteOut out, Boolean value) {
            out.writeBoolean(value);
        }

        @Override
        public Boolean read(ByteIn in) throws DamagedException {
            return in.readBoolean();
        }

        @Override
        public String schema() {
            return "boolean";
        }
    };

    static final Codec<Instant> INSTANT = new Codec<>() {
        @Override
        public void write(ByteOut out, Instant i) {
            out.writeLong(i.getEpochSecond());
            out.writeInt(i.getNano());
        }

        @Override
        public Instant read(ByteIn in) throws DamagedException {
            long seconds = in.readLong();
            int nanos = in.readInt();
            if (nanos < 0 || nanos > 999_999_999) throw new DamagedException("an instant of " + nanos + " nanoseconds");
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (DateTimeException e) {
                throw new DamagedException("an instant of " + seconds + " seconds");
            }
        }

        @Override
        public String schema() {
            return "instant(seconds:long,nanos:int)";
        }
    };

    /** A path: the record's own file (see {@link ByteOut#file}) as one byte 0, else 1 and its text. */
    static final Codec<Path> PATH = new Codec<>() {
        @Override
        public void write(ByteOut out, Path p) {
            if (p.equals(out.file())) {
                out.writeByte(0);
            } else {
                out.writeByte(1);
                out.writeString(p.toString());
            }
        }

        @Override
        public Path read(ByteIn in) throws DamagedException {
            byte kind = in.readByte();
            if (kind == 0 && in.file() != null) return in.file();
            if (kind != 1) throw new DamagedException("a path of kind " + kind);
            String text = in.readString();
            try {
                return in.file() != null && in.file().toString().equals(text) ? in.file() : Path.of(text);
            } catch (InvalidPathException e) {
                throw new DamagedException("a path " + e.getMessage());
            }
        }

        @Override
        public String schema() {
            return "path(own:byte|1,text:string)";
        }
    };

    /**
     * Values as YAML front matter holds them when a record keeps them as written ({@code Object}):
     * strings, lists and insertion-ordered string-keyed maps of them. Add it with
     * {@code builder().type(Object.class, Codecs.YAML_VALUES)}.
     */
    public static final Codec<Object> YAML_VALUES = new Codec<>() {
        @Override
        public void write(ByteOut out, Object value) {
            if (value instanceof String s) {
                out.writeByte('s');
                out.writeString(s);
            } else if (value instanceof List<?> list) {
                out.writeByte('l');
                out.writeInt(list.size());
                for (Object o : list) write(out, o);
            } else if (value instanceof Map<?, ?> map) {
                out.writeByte('m');
                out.writeInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key))
                        throw new CodecException("a YAML mapping key " + e.getKey());
                    out.writeString(key);
                    write(out, e.getValue());
                }
            } else {
                throw new CodecException("a YAML value of "
                        + (value == null ? "null" : value.getClass().getName())
                        + ": only strings, lists and mappings are cached");
            }
        }

        @Override
        public Object read(ByteIn in) throws DamagedException {
            byte kind = in.readByte();
            switch (kind) {
                case 's':
                    return in.readString();
                case 'l': {
                    int n = in.readCount();
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) list.add(read(in));
                    return Collections.unmodifiableList(list);
                }
                case 'm': {
                    int n = in.readCount();
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) map.put(in.readString(), read(in));
                    return Collections.unmodifiableMap(map);
                }
                default:
                    throw new DamagedException("a YAML value of kind " + kind);
            }
        }

        @Override
        public String schema() {
            return "yaml(s:string|l:list|m:map)";
        }
    };

    /** An enum constant as its ordinal; the schema names the constants, so reordering them drops old files. */
    private static final class EnumCodec<E extends Enum<E>> implements Codec<E> {
        private final E[] constants;
        private final String schema;

        EnumCodec(Class<E> type) {
            constants = type.getEnumConstants();
            StringJoiner names = new StringJoiner("|", type.getName() + "{", "}");
            for (E e : constants) names.add(e.name());
            schema = names.toString();
        }

        @Override
        public void write(ByteOut out, E value) {
            out.writeInt(value.ordinal());
        }

        @Override
        public E read(ByteIn in) throws DamagedException {
            int i = in.readInt();
            if (i < 0 || i >= constants.length) throw new DamagedException("constant " + i + " of " + schema);
            return constants[i];
        }

        @Override
        public String schema() {
            return schema;
        }
    }

    private record OptionalCodec<T>(Codec<T> element) implements Codec<Optional<T>> {
        @Override
        public void write(ByteOut out, Optional<T> value) {
            out.writeBoolean(value.isPresent());
            if (value.isPresent()) element.write(out, value.get());
        }

        @Override
        public Optional<T> read(ByteIn in) throws DamagedException {
            return in.readBoolean() ? Optional.of(element.read(in)) : Optional.empty();
        }

        @Override
        public String schema() {
            return "optional<" + element.schema() + ">";
        }
    }

    private record ListCodec<T>(Codec<T> element) implements Codec<List<T>> {
        @Override
        public void write(ByteOut out, List<T> value) {
            out.writeInt(value.size());
            for (T t : value) {
                if (t == null) throw new CodecException("a null in a list");
                element.write(out, t);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<T> read(ByteIn in) throws DamagedException {
            int n = in.readCount();
            Object[] items = new Object[n];
            for (int i = 0; i < n; i++) items[i] = element.read(in);
            return (List<T>) List.of(items); // immutable: a record's List.copyOf keeps it as it is
        }

        @Override
        public String schema() {
            return "list<" + element.schema() + ">";
        }
    }

    /** A string-keyed map, in its iteration order; read back insertion-ordered and unmodifiable. */
    private record MapCodec<V>(Codec<V> value) implements Codec<Map<String, V>> {
        @Override
        public void write(ByteOut out, Map<String, V> map) {
            out.writeInt(map.size());
            for (Map.Entry<String, V> e : map.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) throw new CodecException("a null in a map");
                out.writeString(e.getKey());
                value.write(out, e.getValue());
            }
        }

        @Override
        public Map<String, V> read(ByteIn in) throws DamagedException {
            int n = in.readCount();
            Map<String, V> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) map.put(in.readString(), value.read(in));
            return Collections.unmodifiableMap(map);
        }

        @Override
        public String schema() {
            return "map<string," + value.schema() + ">";
        }
    }

    private static final class OneOf implements Codec<Object> {
        private final List<Class<?>> types;
        private final List<Codec<Object>> codecs;

        @SuppressWarnings("unchecked")
        OneOf(List<Class<?>> types, List<Codec<?>> codecs) {
            this.types = types;
            List<Codec<Object>> list = new ArrayList<>();
            for (Codec<?> c : codecs) list.add((Codec<Object>) c);
            this.codecs = List.copyOf(list);
        }

        @Override
        public void write(ByteOut out, Object value) {
            for (int i = 0; i < types.size(); i++) {
                if (types.get(i) == value.getClass()) {
                    out.writeByte(i);
                    codecs.get(i).write(out, value);
                    return;
                }
            }
            throw new CodecException("a " + value.getClass().getName() + " where one of " + types + " is expected");
        }

        @Override
        public Object read(ByteIn in) throws DamagedException {
            int i = in.readByte();
            if (i < 0 || i >= codecs.size()) throw new DamagedException("alternative " + i + " of " + types.size());
            return codecs.get(i).read(in);
        }

        @Override
        public String schema() {
            StringJoiner s = new StringJoiner("|", "oneOf(", ")");
            for (Codec<Object> c : codecs) s.add(c.schema());
            return s.toString();
        }
    }

    private static final class Interned<T> implements Codec<T> {
        private final Class<T> type;
        private final Codec<T> inner;
        private final Function<Object, Object> key;

        @SuppressWarnings("unchecked")
        Interned(Class<?> type, Codec<?> inner, Function<Object, Object> key) {
            this.type = (Class<T>) type;
            this.inner = (Codec<T>) inner;
            this.key = key;
        }

        @Override
        public void write(ByteOut out, T value) {
            inner.write(out, value);
        }

        @Override
        public T read(ByteIn in) throws DamagedException {
            T value = inner.read(in);
            Interner interner = in.interner();
            return interner == null ? value : interner.intern(type, key.apply(value), value);
        }

        @Override
        public String schema() {
            return inner.schema();
        }
    }
}
