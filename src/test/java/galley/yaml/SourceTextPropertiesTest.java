package galley.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The byte-level check for forbidden characters agrees with the character-level one. */
class SourceTextPropertiesTest {

    @Property(tries = 2000)
    void theByteCheckFindsExactlyWhatTheTextCheckFinds(@ForAll("texts") String text) {
        // Lone surrogates cannot be UTF-8 (the decoder refuses them first), so they are not generated.
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(SourceText.firstForbiddenChar(text) >= 0, SourceText.hasForbiddenBytes(bytes), text);
    }

    @Provide
    Arbitrary<String> texts() {
        // Mostly ordinary text, with controls, tabs, line ends, U+FFFD..U+FFFF, other EF-led
        // characters (U+F000..U+FFFF) and characters outside the BMP mixed in.
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(5),
                Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf),
                Arbitraries.of("\t", "\n", "\r", "\r\n", "\uFFFD", "\uFFFE", "\uFFFF", "\uFEFF", "\uF8FF", "é", "–", "😀", "\u007F", "\u0085"),
                Arbitraries.chars().range('\uF000', '\uFFFF').map(String::valueOf));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }
}
