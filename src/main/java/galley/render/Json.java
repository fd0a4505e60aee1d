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
            if (value == null || value instanceof String s && s.isEmpty() || value instanceof List<?> l && l.isEmpty()) return this;
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

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
