package galley.cache;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A fast 128-bit fingerprint of text (two independent 64-bit FNV-1a style lanes with a final
 * mix). Used to decide whether an output's inputs changed since the last build: not a security
 * hash, but 128 bits make an accidental collision between two versions of one page negligible.
 */
public final class Fingerprint {

    private static final ThreadLocal<char[]> BLOCK = ThreadLocal.withInitial(() -> new char[1024]);

    private long a = 0xcbf29ce484222325L;
    private long b = 0x84222325cbf29ce4L;

    public Fingerprint add(String s) {
        // The characters are copied out in blocks: String.charAt per character is slow in the
        // C1-compiled code Galley runs as (see Utf8Sink); a build adds millions of them.
        char[] block = BLOCK.get();
        long a = this.a;
        long b = this.b;
        for (int at = 0; at < s.length(); at += block.length) {
            int n = Math.min(block.length, s.length() - at);
            s.getChars(at, at + n, block, 0);
            for (int i = 0; i < n; i++) {
                char c = block[i];
                a = (a ^ c) * 0x100000001b3L;
                b = (b ^ c) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
            }
        }
        // A separator, so ("ab","c") and ("a","bc") differ.
        this.a = (a ^ 0x1F) * 0x100000001b3L;
        this.b = (b ^ 0x1F) * 0x9E3779B97F4A7C15L;
        return this;
    }

    public Fingerprint add(long n) {
        return add(Long.toString(n));
    }

    /**
     * Adds a value of the model by what it holds: text, numbers, booleans, instants, paths,
     * optionals, collections, maps and records (by their components, in order).
     */
    public Fingerprint addValue(Object v) {
        if (v == null) return add("\u0000null");
        if (v instanceof String s) return add(s);
        if (v instanceof Number || v instanceof Boolean || v instanceof Enum<?>) return add(v.toString());
        if (v instanceof Instant t) return add(t.getEpochSecond()).add(t.getNano());
        if (v instanceof Path p) return add(p.toString());
        if (v instanceof Optional<?> o) return o.isPresent() ? add("+").addValue(o.get()) : add("-");
        if (v instanceof Collection<?> c) {
            add(c.size());
            for (Object e : c) addValue(e);
            return this;
        }
        if (v instanceof Map<?, ?> m) {
            add(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) addValue(e.getKey()).addValue(e.getValue());
            return this;
        }
        if (v instanceof Record r) {
            try {
                for (MethodHandle h : COMPONENTS.get(r.getClass())) addValue((Object) h.invokeExact(r));
            } catch (Throwable e) {
                throw new IllegalStateException(
                        "cannot read a component of " + r.getClass().getName(), e);
            }
            return this;
        }
        throw new IllegalArgumentException(
                "cannot fingerprint a " + v.getClass().getName());
    }

    /** Each record class's component accessors, typed (Record)Object for invokeExact. */
    private static final ClassValue<MethodHandle[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            MethodHandle[] handles = new MethodHandle[components.length];
            for (int i = 0; i < components.length; i++) {
                try {
                    handles[i] = MethodHandles.publicLookup()
                            .unreflect(components[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Record.class));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            return handles;
        }
    };

    public Fingerprint add(byte[] bytes) {
        return add(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** 32 hex digits. */
    public String hex() {
        return hexOf(a, b);
    }

    /** The digits of lanes {@code a} and {@code b} (tests compare the loop with its definition). */
    String hexOf(long a, long b) {
        char[] out = new char[32];
        hex(mix(a), out, 0);
        hex(mix(b ^ a), out, 16);
        return new String(out);
    }

    public static String of(String... parts) {
        Fingerprint f = new Fingerprint();
        for (String p : parts) f.add(p);
        return f.hex();
    }

    /**
     * A fingerprint of a set of strings that does not depend on the order they are added in: the
     * sum of each one's mixed 128-bit fingerprint, and their number. Parts made on several threads
     * (the scan's folder tasks) are added together. As with the sequence fingerprint, not a
     * security hash: a set changing without its sum changing is as unlikely as a 128-bit collision.
     */
    public static final class SetSum {
        private long a;
        private long b;
        private long count;

        public synchronized SetSum add(String item) {
            Fingerprint f = new Fingerprint().add(item);
            a += mix(f.a);
            b += mix(f.b ^ f.a);
            count++;
            return this;
        }

        /** Takes out an item {@link #add}ed before (a sum, so the order of adding and taking out does not matter). */
        public synchronized SetSum remove(String item) {
            Fingerprint f = new Fingerprint().add(item);
            a -= mix(f.a);
            b -= mix(f.b ^ f.a);
            count--;
            return this;
        }

        /** A sum of the same items, to add to or take from without changing this one. */
        public synchronized SetSum copy() {
            SetSum c = new SetSum();
            c.a = a;
            c.b = b;
            c.count = count;
            return c;
        }

        public synchronized void addAll(SetSum other) {
            long oa;
            long ob;
            long oc;
            synchronized (other) {
                oa = other.a;
                ob = other.b;
                oc = other.count;
            }
            a += oa;
            b += ob;
            count += oc;
        }

        /** 32 hex digits and the number of items. */
        public synchronized String hex() {
            char[] out = new char[32];
            Fingerprint.hex(mix(a ^ count), out, 0);
            Fingerprint.hex(mix(b + count), out, 16);
            return new String(out) + "/" + count;
        }
    }

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private static void hex(long v, char[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = DIGITS[(int) (v & 0xF)];
            v >>>= 4;
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
