package galley.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for JSON-LD: insertion-ordered objects, so output is deterministic, and
 * escaping that is safe inside an HTML {@code <script>} element ({@code <} becomes {@code \u003c},
 * so no value can close the script).
 */
public final class Json {

    private Json() {}

    /** An insertion-ordered JSON object under construction; null and empty values are left out. */
    public static final class Obj {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        public Obj put(String key, Object value) {
            if (value == null || value instanceof String s && s.isEmpty() || value instanceof List<?> l && l.isEmpty())
                return this;
            fields.put(key, value);
            return this;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            write(this, sb);
            return sb.toString();
        }
    }

    public static Obj obj() {
        return new Obj();
    }

    public static Obj obj(String type) {
        return new Obj().put("@type", type);
    }

    public static List<Object> list(List<?> items) {
        return new ArrayList<>(items);
    }

    private static void write(Object value, StringBuilder sb) {
        if (value instanceof Obj o) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : o.fields.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                string(e.getKey(), sb);
                sb.append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) sb.append(',');
                write(list.get(i), sb);
            }
            sb.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else {
            string(String.valueOf(value), sb);
        }
    }

    /** What a JSON string written into HTML escapes among the ASCII characters (see {@link #escape}). */
    private static final boolean[] ESCAPED = new boolean[0x80];

    static {
        for (char c = 0; c < 0x20; c++) ESCAPED[c] = true;
        ESCAPED['"'] = ESCAPED['\\'] = ESCAPED['<'] = ESCAPED['>'] = ESCAPED['&'] = true;
    }

    private static final int BLOCK = 1024;

    /**
     * {@code s} as a JSON string, safe inside a script element. Read in blocks and copied in runs
     * between escapes: {@code charAt} and {@code append(char)} per character were most of the
     * JSON-LD's cost in C1-compiled code (article bodies are long).
     */
    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        int n = s.length();
        char[] block = new char[Math.min(n, BLOCK)];
        int from = 0;
        for (int at = 0; at < n; at += BLOCK) {
            int k = Math.min(BLOCK, n - at);
            s.getChars(at, at + k, block, 0);
            for (int i = 0; i < k; i++) {
                char c = block[i];
                if (c < 0x80 ? !ESCAPED[c] : c != '\u2028' && c != '\u2029') continue;
                int pos = at + i;
                sb.append(s, from, pos);
                escape(c, sb);
                from = pos + 1;
            }
        }
        sb.append(s, from, n).append('"');
    }

    private static void escape(char c, StringBuilder sb) {
        switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case '<' -> sb.append("\\u003c");
            case '>' -> sb.append("\\u003e");
            case '&' -> sb.append("\\u0026");
            case '\u2028' -> sb.append("\\u2028");
            case '\u2029' -> sb.append("\\u2029");
            default -> sb.append(String.format("\\u%04x", (int) c));
        }
    }
}
