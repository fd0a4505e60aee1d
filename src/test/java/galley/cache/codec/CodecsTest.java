package galley.cache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodecsTest {

    enum Kind {
        NEWS,
        OPINION
    }

    record Inner(String text, Optional<Instant> when) {}

    record Everything(
            String s,
            int i,
            long l,
            boolean b,
            Instant at,
            Path path,
            Path own,
            Kind kind,
            Optional<String> maybe,
            Optional<String> none,
            List<Inner> inners,
            Map<String, List<Integer>> map,
            Object yaml) {}

    /** A record as a test's scratch change would leave one: a component of a type no codec knows. */
    record WithUuid(String name, UUID id) {}

    record Holder(String title, List<WithUuid> items) {}

    private static final Path FILE = Path.of("content/articles/a.md");
    private static final Codecs CODECS =
            Codecs.builder().type(Object.class, Codecs.YAML_VALUES).build();

    private static Everything sample() {
        return new Everything(
                "héllo 😀",
                -7,
                1L << 40,
                true,
                Instant.ofEpochSecond(1_700_000_000, 123),
                Path.of("content/other.md"),
                FILE,
                Kind.OPINION,
                Optional.of("x"),
                Optional.empty(),
                List.of(new Inner("a", Optional.of(Instant.EPOCH)), new Inner("", Optional.empty())),
                Map.of("k", List.of(1, 2, 3)),
                Map.of("list", List.of("a", Map.of("b", "c"))));
    }

    private static <T> byte[] encode(Codec<T> codec, T value) {
        ByteOut out = new ByteOut(16);
        out.file(FILE);
        codec.write(out, value);
        return out.toByteArray();
    }

    private static <T> T decode(Codec<T> codec, byte[] bytes) throws DamagedException {
        ByteIn in = new ByteIn(bytes, 0, bytes.length, null);
        in.file(FILE);
        T value = codec.read(in);
        if (!in.atEnd()) throw new DamagedException("bytes left");
        return value;
    }

    @Test
    void everySupportedComponentTypeRoundTrips() throws Exception {
        Codec<Everything> codec = CODECS.of(Everything.class);
        Everything e = sample();
        Everything back = decode(codec, encode(codec, e));
        assertEquals(e, back);
        assertSame(FILE, back.own(), "the record's own file, written as one byte");
    }

    /** A component of a type with no codec fails the derivation, naming it: no silent gap, no runtime surprise. */
    @Test
    void aComponentWithoutACodecFailsTheDerivation() {
        CodecException direct = assertThrows(CodecException.class, () -> CODECS.of(WithUuid.class));
        assertTrue(
                direct.getMessage().contains("java.util.UUID")
                        && direct.getMessage().contains(WithUuid.class.getName() + ".id"),
                direct.getMessage());
        CodecException nested = assertThrows(CodecException.class, () -> CODECS.of(Holder.class));
        assertTrue(nested.getMessage().contains(WithUuid.class.getName() + ".id"), nested.getMessage());
        assertThrows(
                CodecException.class,
                () -> Codecs.builder().build().of(Everything.class),
                "Object: no codec unless added");
    }

    @Test
    void nullsAndUnknownYamlValuesAreBugsNotSkipped() {
        Codec<Inner> inner = CODECS.of(Inner.class);
        CodecException e = assertThrows(CodecException.class, () -> encode(inner, new Inner(null, Optional.empty())));
        assertTrue(e.getMessage().contains("Inner.text is null"), e.getMessage());
        assertThrows(CodecException.class, () -> encode(Codecs.YAML_VALUES, 3));
    }

    /** The schema, and so the fingerprint a file's header keeps, changes with a component's name, type or order. */
    @Test
    void theFingerprintFollowsTheComponents() {
        record A(String x, int y) {}
        record B(String x, long y) {}
        record C(int y, String x) {}
        String a = CODECS.of(A.class).schema();
        assertTrue(a.endsWith("A(x:string,y:int)"), a);
        assertNotEquals(a.replace("$1A", ""), CODECS.of(B.class).schema().replace("$1B", ""));
        assertNotEquals(a.replace("$1A", ""), CODECS.of(C.class).schema().replace("$1C", ""));
        assertTrue(CODECS.of(Everything.class).schema().contains("Kind{NEWS|OPINION}"), "enum constants by name");
    }

    /**
     * Damaged bytes (every one changed, every length cut) decode to some value or throw
     * {@link DamagedException}: never an index, allocation or constructor failure that a reader
     * would take for a bug.
     */
    @Test
    void damagedBytesThrowOnlyDamagedException() {
        Codec<Everything> codec = CODECS.of(Everything.class);
        byte[] bytes = encode(codec, sample());
        Random random = new Random(5);
        for (int at = 0; at < bytes.length; at++) {
            for (int trial = 0; trial < 8; trial++) {
                byte[] damaged = bytes.clone();
                damaged[at] = (byte) (trial == 0 ? 0xFF : trial == 1 ? 0x80 : random.nextInt(256));
                try {
                    decode(codec, damaged);
                } catch (DamagedException expected) {
                    // dropped by the reader
                }
            }
            byte[] cut = Arrays.copyOf(bytes, at);
            assertThrows(DamagedException.class, () -> decode(codec, cut), "cut at " + at);
        }
    }
}
