package galley.yaml;

import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML as positioned {@link YamlNode}s without constructing any Java object from it.
 *
 * <p>SnakeYAML only composes the node graph here; no constructor runs, so no tag can instantiate a
 * class. Explicit tags other than the standard ones are refused, aliases, nesting and size are
 * capped (a "billion laughs" file fails fast), and duplicate keys are errors.
 */
public final class SafeYaml {

    /** Largest YAML block we read; front matter is metadata, not a place for megabytes. */
    public static final int MAX_CODE_POINTS = 1_000_000;

    public static final int MAX_ALIASES = 20;
    public static final int MAX_DEPTH = 20;

    private SafeYaml() {}

    /**
     * One resolver for every parse (it only reads its tables once made), knowing one implicit type:
     * merge keys, which the converter refuses by name. Values are taken as text whatever they look
     * like (a date, a list or a null is decided by the reader of each field), so SnakeYAML's regular
     * expressions for numbers, booleans, nulls and timestamps, run on every plain value, and a
     * resolver made per file were work with no use (a fifth of reading front matter).
     */
    private static final Resolver RESOLVER = new Resolver() {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.MERGE, MERGE, "<");
        }
    };

    /**
     * Parses {@code text}, whose first line is line {@code firstLine} (1-based) of {@code file}.
     * Problems are added to {@code diagnostics}; the result is empty if the text could not be read.
     */
    public static Optional<YamlNode> parse(String text, Path file, int firstLine, Diagnostics diagnostics) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        Node root;
        try {
            // Only the composer: no constructor exists, so no tag can ever build an object.
            Composer composer =
                    new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), RESOLVER, options);
            root = composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            if (!describe(e).contains("tab character")) {
                Optional<YamlMistakes.Explained> explained = YamlMistakes.explain(text, e);
                if (explained.isPresent()) {
                    YamlMistakes.Explained x = explained.get();
                    diagnostics.error(
                            new SourcePosition(file, firstLine + x.line(), x.column() + 1),
                            "invalid YAML: " + x.message());
                    return Optional.empty();
                }
            }
            String problem = describe(e);
            diagnostics.error(
                    position(file, firstLine, mark),
                    problem.startsWith("YAML tag") ? problem : "invalid YAML: " + problem);
            return Optional.empty();
        } catch (YAMLException e) {
            diagnostics.error(SourcePosition.of(file, firstLine), "invalid YAML: " + firstLineOf(e.getMessage()));
            return Optional.empty();
        } catch (RuntimeException e) {
            // SnakeYAML signals some limits (depth, size) with plain runtime exceptions.
            diagnostics.error(
                    SourcePosition.of(file, firstLine), "invalid YAML: " + firstLineOf(String.valueOf(e.getMessage())));
            return Optional.empty();
        }
        if (root == null) {
            return Optional.of(new YamlNode.Mapping(Map.of(), Map.of(), SourcePosition.of(file, firstLine)));
        }
        Converter converter = new Converter(file, firstLine, diagnostics);
        YamlNode node = converter.convert(root, 0);
        return converter.failed ? Optional.empty() : Optional.of(node);
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : firstLineOf(e.getMessage());
        if (problem.contains("(TAB)") || problem.contains("found character '\\t'")) {
            return "a tab character is not allowed in YAML indentation; use spaces";
        }
        if (problem.startsWith("Global tag is not allowed: ")) {
            return "YAML tag \""
                    + problem.substring("Global tag is not allowed: ".length()).replace(Tag.PREFIX, "!!")
                    + "\" is not allowed";
        }
        String context = e.getContext();
        return context != null ? problem + " (" + context + ")" : problem;
    }

    private static String firstLineOf(String message) {
        if (message == null) return "unreadable";
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }

    static SourcePosition position(Path file, int firstLine, Mark mark) {
        if (mark == null) return SourcePosition.of(file, firstLine);
        return new SourcePosition(file, firstLine + mark.getLine(), mark.getColumn() + 1);
    }

    /** Turns SnakeYAML nodes into YamlNodes, reporting what the content format does not allow. */
    private static final class Converter {
        private final Path file;
        private final int firstLine;
        private final Diagnostics diagnostics;
        private boolean failed;
        private int nodes;

        Converter(Path file, int firstLine, Diagnostics diagnostics) {
            this.file = file;
            this.firstLine = firstLine;
            this.diagnostics = diagnostics;
        }

        YamlNode convert(Node node, int depth) {
            SourcePosition at = position(file, firstLine, node.getStartMark());
            // Aliases are resolved by the composer into shared nodes; counting visits bounds the
            // expansion even where the alias cap would let a wide graph through.
            if (++nodes > 100_000 || depth > MAX_DEPTH) {
                fail(at, "YAML is too deeply nested or too large after expanding aliases");
                return new YamlNode.Scalar("", true, at);
            }
            checkTag(node, at);
            if (node instanceof ScalarNode s) {
                checkCharacters(s.getValue(), at);
                return new YamlNode.Scalar(s.getValue(), s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN, at);
            }
            if (node instanceof SequenceNode seq) {
                List<YamlNode> items = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    items.add(convert(item, depth + 1));
                }
                return new YamlNode.Sequence(items, at);
            }
            MappingNode map = (MappingNode) node;
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            Map<String, SourcePosition> keys = new LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                SourcePosition keyAt = position(file, firstLine, keyNode.getStartMark());
                if (!(keyNode instanceof ScalarNode key)) {
                    fail(
                            keyAt,
                            "a key must be a plain name, not "
                                    + (keyNode instanceof SequenceNode ? "a list" : "a mapping"));
                    continue;
                }
                if (key.getTag().equals(Tag.MERGE)) {
                    fail(keyAt, "YAML merge keys (<<) are not supported; write the keys out");
                    continue;
                }
                String name = key.getValue();
                checkCharacters(name, keyAt);
                if (entries.containsKey(name)) {
                    fail(
                            keyAt,
                            "duplicate key \"" + name + "\" (first at line "
                                    + keys.get(name).line() + ")");
                    continue;
                }
                keys.put(name, keyAt);
                entries.put(name, convert(tuple.getValueNode(), depth + 1));
            }
            return new YamlNode.Mapping(entries, keys, at);
        }

        /**
         * Escapes ("\\x01", "\\0", "\\uFFFE", a lone "\\uD800") can put characters into a value that
         * no page or feed may carry; raw ones are refused by SnakeYAML and {@link SourceText}.
         */
        private void checkCharacters(String value, SourcePosition at) {
            int bad = SourceText.firstForbiddenChar(value);
            if (bad >= 0) {
                fail(
                        at,
                        "YAML text contains the character " + SourceText.codePoint(value.codePointAt(bad))
                                + " (written as an escape), which pages and feeds cannot carry; remove it");
            }
        }

        private void checkTag(Node node, SourcePosition at) {
            // Implicit tags come from SnakeYAML's resolver and are the standard ones; any explicit
            // custom tag (!foo, !!python/object, !!java.net.URL) is refused outright.
            Tag tag = node.getTag();
            if (tag != null && !isStandard(tag)) {
                fail(at, "YAML tag \"" + tag.getValue().replace(Tag.PREFIX, "!!") + "\" is not allowed");
            }
        }

        private static boolean isStandard(Tag tag) {
            return tag.equals(Tag.STR)
                    || tag.equals(Tag.INT)
                    || tag.equals(Tag.FLOAT)
                    || tag.equals(Tag.BOOL)
                    || tag.equals(Tag.NULL)
                    || tag.equals(Tag.TIMESTAMP)
                    || tag.equals(Tag.SEQ)
                    || tag.equals(Tag.MAP)
                    || tag.equals(Tag.BINARY)
                    || tag.equals(Tag.MERGE);
        }

        private void fail(SourcePosition at, String message) {
            failed = true;
            diagnostics.error(at, message);
        }
    }
}
