package galley.yaml;

import galley.diag.SourcePosition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value as the author wrote it, with where it starts. Scalars stay strings: {@code NO},
 * {@code on}, {@code 1e3} and {@code 2025-11-24} are never re-typed (CONTENT-FORMAT "Rules").
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    SourcePosition at();

    /** A short name of the kind for error messages: "a text", "a list", "a mapping". */
    String kindName();

    /** Plain Java value: String, List of values, or Map (insertion-ordered) of String to values. */
    Object toPlain();

    /** A scalar. {@code plain} is true when it was written without quotes (so {@code null}/{@code ~} mean nothing). */
    record Scalar(String value, boolean plain, SourcePosition at) implements YamlNode {
        public boolean isNull() {
            return plain
                    && (value.isEmpty()
                            || value.equals("~")
                            || value.equals("null")
                            || value.equals("Null")
                            || value.equals("NULL"));
        }

        @Override
        public String kindName() {
            return "a text";
        }

        @Override
        public Object toPlain() {
            return isNull() ? "" : value;
        }
    }

    record Sequence(List<YamlNode> items, SourcePosition at) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kindName() {
            return "a list";
        }

        @Override
        public Object toPlain() {
            return items.stream().map(YamlNode::toPlain).toList();
        }
    }

    /** A mapping whose keys are strings, in the order written; {@code keys} holds each key's position. */
    record Mapping(Map<String, YamlNode> entries, Map<String, SourcePosition> keys, SourcePosition at)
            implements YamlNode {
        public Mapping {
            // LinkedHashMap copies keep the author's order, which templates may show.
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }

        public Optional<YamlNode> find(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        public SourcePosition keyAt(String key) {
            return keys.getOrDefault(key, at);
        }

        @Override
        public String kindName() {
            return "a mapping";
        }

        @Override
        public Object toPlain() {
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            entries.forEach((k, v) -> m.put(k, v.toPlain()));
            return Collections.unmodifiableMap(m);
        }
    }
}
