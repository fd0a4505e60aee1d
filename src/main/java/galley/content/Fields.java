package galley.content;

import galley.diag.Diagnostics;
import galley.diag.NearestName;
import galley.diag.SourcePosition;
import galley.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of one front-matter mapping. A wrong type is reported with the value's position and
 * counted, so a reader can tell whether the file was usable.
 */
public final class Fields {

    private final YamlNode.Mapping map;
    private final Diagnostics diagnostics;
    private int errors;

    Fields(YamlNode.Mapping map, Diagnostics diagnostics) {
        this.map = map;
        this.diagnostics = diagnostics;
    }

    boolean hasErrors() {
        return errors > 0;
    }

    SourcePosition at(String key) {
        return map.find(key).map(YamlNode::at).orElse(map.keyAt(key));
    }

    SourcePosition keyAt(String key) {
        return map.keyAt(key);
    }

    void error(SourcePosition at, String message) {
        errors++;
        diagnostics.error(at, message);
    }

    /** A text value; empty if absent or null. */
    Optional<String> text(String key) {
        Optional<YamlNode> node = map.find(key);
        if (node.isEmpty()) return Optional.empty();
        return scalarText(key, node.get());
    }

    /** A text value that must be there and not blank; missing keys are reported on the file's first line. */
    Optional<String> requiredText(String key, String fix) {
        if (!map.entries().containsKey(key)) {
            missing(key, fix);
            return Optional.empty();
        }
        Optional<String> value = text(key);
        if (value.isPresent() && !value.get().isBlank()) return value;
        if (map.entries().get(key) instanceof YamlNode.Scalar) error(at(key), "empty " + key + ": " + fix);
        return Optional.empty();
    }

    /**
     * Reports that {@code key} is missing: at a present key spelt nearly like it ({@code titel},
     * {@code author}), which is then the mistake, else at the top of the file with {@code fix}.
     */
    void missing(String key, String fix) {
        Optional<String> misspelt = misspelling(key);
        if (misspelt.isPresent()) {
            error(
                    map.keyAt(misspelt.get()),
                    "missing " + key + ": the key \"" + misspelt.get()
                            + "\" looks like a misspelling of it; rename it to " + key);
        } else {
            error(SourcePosition.of(map.at().file(), 1), "missing " + key + ": " + fix);
        }
    }

    /** A key present in the front matter that is a near spelling of the missing {@code key}. */
    private Optional<String> misspelling(String key) {
        return map.entries().keySet().stream()
                .filter(k -> NearestName.isNear(k, key))
                .sorted()
                .findFirst();
    }

    private Optional<String> scalarText(String key, YamlNode node) {
        if (node instanceof YamlNode.Scalar s) {
            return s.isNull() ? Optional.empty() : Optional.of(s.value().strip());
        }
        error(node.at(), key + " must be a text, not " + node.kindName());
        return Optional.empty();
    }

    /** A list of texts; a single text counts as a list of one (authors: someone). */
    List<Item> texts(String key) {
        Optional<YamlNode> node = map.find(key);
        List<Item> items = new ArrayList<>();
        if (node.isEmpty()) return items;
        if (node.get() instanceof YamlNode.Scalar s) {
            if (!s.isNull() && !s.value().isBlank())
                items.add(new Item(s.value().strip(), s.at()));
            return items;
        }
        if (!(node.get() instanceof YamlNode.Sequence seq)) {
            error(
                    node.get().at(),
                    key + " must be a list of texts, not " + node.get().kindName());
            return items;
        }
        for (YamlNode item : seq.items()) {
            if (item instanceof YamlNode.Scalar s && !s.isNull() && !s.value().isBlank()) {
                items.add(new Item(s.value().strip(), s.at()));
            } else if (item instanceof YamlNode.Scalar) {
                error(item.at(), "empty entry in " + key);
            } else {
                error(item.at(), "each entry of " + key + " must be a text, not " + item.kindName());
            }
        }
        return items;
    }

    Optional<Boolean> bool(String key) {
        Optional<String> raw = text(key);
        if (raw.isEmpty()) return Optional.empty();
        return switch (raw.get()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                error(at(key), key + " must be true or false, not \"" + raw.get() + "\"");
                yield Optional.empty();
            }
        };
    }

    Optional<YamlNode.Mapping> mapping(String key) {
        Optional<YamlNode> node = map.find(key);
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar s && s.isNull()) return Optional.empty();
        if (node.get() instanceof YamlNode.Mapping m) return Optional.of(m);
        error(
                node.get().at(),
                key + " must be a mapping (key: value lines), not " + node.get().kindName());
        return Optional.empty();
    }

    Optional<YamlNode.Sequence> sequence(String key) {
        Optional<YamlNode> node = map.find(key);
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar s && s.isNull()) return Optional.empty();
        if (node.get() instanceof YamlNode.Sequence m) return Optional.of(m);
        error(node.get().at(), key + " must be a list, not " + node.get().kindName());
        return Optional.empty();
    }

    /** A text with where it was written. */
    public record Item(String value, SourcePosition at) {}
}
