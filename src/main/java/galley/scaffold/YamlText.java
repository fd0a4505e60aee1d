package galley.scaffold;

import java.util.List;
import java.util.stream.Collectors;

/** Values written into YAML front matter so that they read back exactly as given. */
final class YamlText {

    private YamlText() {}

    /**
     * {@code text} as a double-quoted YAML scalar: a headline may hold a colon, a quote, a hash
     * or a leading dash, any of which would change the meaning of a plain scalar.
     */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFEFF) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A flow sequence of quoted scalars: {@code ["a", "b"]}. */
    static String list(List<String> items) {
        return items.stream().map(YamlText::quoted).collect(Collectors.joining(", ", "[", "]"));
    }
}
