package galley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.views.Views;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/themes.md documents the data model templates receive: under "## View records", one
 * {@code ### Name} heading per view record and a {@code | field | type | meaning |} table of its
 * components. This test fails when a record gains, loses or retypes a component, or a record is
 * added or removed, without the doc following.
 */
class ThemesDocTest {

    /** The class whose nested records templates see: the only use of its name (and its import) here. */
    private static final Class<?> VIEWS = Views.class;

    private static final Path DOC = Path.of("docs", "themes.md");
    private static final String SECTION = "## View records";

    @Test
    void everyViewRecordAndFieldIsDocumentedAndNothingElse() throws IOException {
        Map<String, Class<?>> records = viewRecords();
        Map<String, Map<String, String>> documented = documentedRecords(Files.readString(DOC, StandardCharsets.UTF_8));

        assertFalse(records.isEmpty(), "no records found in " + VIEWS.getName());
        assertEquals(
                new TreeSet<>(records.keySet()),
                new TreeSet<>(documented.keySet()),
                DOC + ": the '### Name' headings under '" + SECTION + "' must be exactly the view records");

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Class<?>> e : records.entrySet()) {
            Map<String, String> rows = documented.get(e.getKey());
            Map<String, String> fields = new LinkedHashMap<>();
            for (RecordComponent c : e.getValue().getRecordComponents())
                fields.put(c.getName(), typeName(c.getGenericType()));
            for (Map.Entry<String, String> f : fields.entrySet()) {
                if (!rows.containsKey(f.getKey())) {
                    problems.add(e.getKey() + "." + f.getKey() + " (" + f.getValue() + ") has no row");
                } else if (!rows.get(f.getKey()).equals(f.getValue())) {
                    problems.add(e.getKey() + "." + f.getKey() + " is documented as " + rows.get(f.getKey()) + ", is "
                            + f.getValue());
                }
            }
            for (String row : rows.keySet()) {
                if (!fields.containsKey(row)) problems.add(e.getKey() + "." + row + " is documented but is no field");
            }
            if (problems.isEmpty()) {
                assertEquals(
                        List.copyOf(fields.keySet()),
                        List.copyOf(rows.keySet()),
                        DOC + ": " + e.getKey() + "'s rows must be in the record's order");
            }
        }
        assertTrue(problems.isEmpty(), DOC + " does not match the view records:\n  " + String.join("\n  ", problems));
    }

    @Test
    void theParserReadsTablesUnderRecordHeadings() {
        String doc = """
                # T
                ### NotARecordSection
                | field | type | meaning |
                |---|---|---|
                | `ignored` | `String` | outside the section |
                ## View records
                ### Link
                Some text.

                | field | type | meaning |
                |---|---|---|
                | `name` | `String` | shown |
                | `url` | `List<Link>` | a \\| pipe |
                ### Moment
                ## Escaping
                ### Later
                """;
        Map<String, Map<String, String>> parsed = documentedRecords(doc);
        assertEquals(List.of("Link", "Moment"), List.copyOf(parsed.keySet()));
        assertEquals(Map.of("name", "String", "url", "List<Link>"), parsed.get("Link"));
        assertTrue(parsed.get("Moment").isEmpty());
    }

    /** Every record nested in {@link #VIEWS}, and every record its components reach, by simple name. */
    private static Map<String, Class<?>> viewRecords() {
        Map<String, Class<?>> found = new LinkedHashMap<>();
        Deque<Type> todo = new ArrayDeque<>();
        for (Class<?> nested : VIEWS.getDeclaredClasses()) if (nested.isRecord()) todo.add(nested);
        while (!todo.isEmpty()) {
            Type t = todo.pop();
            if (t instanceof ParameterizedType p) {
                todo.addAll(List.of(p.getActualTypeArguments()));
            } else if (t instanceof Class<?> c && c.isRecord()) {
                Class<?> seen = found.putIfAbsent(c.getSimpleName(), c);
                if (seen == null) {
                    for (RecordComponent rc : c.getRecordComponents()) todo.add(rc.getGenericType());
                } else {
                    assertEquals(seen, c, "two view records named " + c.getSimpleName());
                }
            }
        }
        return found;
    }

    /** {@code Optional<Picture>}, {@code Map<String, Object>}: the type as the doc's table spells it. */
    private static String typeName(Type t) {
        if (t instanceof ParameterizedType p) {
            return typeName(p.getRawType()) + "<"
                    + Arrays.stream(p.getActualTypeArguments())
                            .map(ThemesDocTest::typeName)
                            .collect(Collectors.joining(", "))
                    + ">";
        }
        if (t instanceof Class<?> c) return c.getSimpleName();
        return t.getTypeName();
    }

    /**
     * The doc's record tables: for each {@code ### Name} under {@link #SECTION} (up to the next
     * {@code ## } heading), the first two cells of each table row after the header, backticks removed.
     */
    static Map<String, Map<String, String>> documentedRecords(String doc) {
        Map<String, Map<String, String>> records = new LinkedHashMap<>();
        boolean inSection = false;
        Map<String, String> current = null;
        for (String line : doc.split("\n", -1)) {
            if (line.startsWith("## ")) {
                inSection = line.strip().equals(SECTION);
                current = null;
            } else if (inSection && line.startsWith("### ")) {
                current = new LinkedHashMap<>();
                records.put(line.substring(4).strip(), current);
            } else if (current != null && line.startsWith("|")) {
                String[] cells = line.replace("\\|", "\u0000").split("\\|", -1);
                if (cells.length < 4) continue;
                String field = unquote(cells[1]);
                if (field.equals("field") || field.matches("-+")) continue;
                String previous = current.put(field, unquote(cells[2]));
                assertTrue(previous == null, "field " + field + " listed twice");
            }
        }
        return records;
    }

    private static String unquote(String cell) {
        return cell.replace('\u0000', '|').strip().replace("`", "");
    }
}
