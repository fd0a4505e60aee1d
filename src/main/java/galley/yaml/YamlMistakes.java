package galley.yaml;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error in the words of the mistake an author made, at the place where it was made.
 * SnakeYAML reports where it gave up ("expected ',' or ']', but got &lt;stream end&gt;" at the
 * end of the front matter), which for an unclosed {@code [} or quote is lines away from the
 * mistake and names none of it.
 */
final class YamlMistakes {

    /** Where (0-based line and column of the text) and what. */
    record Explained(int line, int column, String message) {}

    private static final String INDENTED = "this line is indented differently from the keys above it: keys start at"
            + " the beginning of the line, and the lines of a nested value (image: src, alt) are indented by the same spaces";

    private YamlMistakes() {}

    /**
     * True when line {@code index} is indented under a {@code key: value} line that already has
     * its value: YAML reads it as more words of that value, then fails at its colon.
     */
    private static boolean continuesAValue(String[] lines, int index) {
        if (index <= 0 || index >= lines.length || !lines[index].startsWith(" ")) return false;
        int previous = index - 1;
        while (previous >= 0
                && (lines[previous].isBlank() || lines[previous].stripLeading().startsWith("#"))) previous--;
        if (previous < 0) return false;
        String above = lines[previous];
        int start = valueStart(above);
        int indent = above.length() - above.stripLeading().length();
        int ownIndent = lines[index].length() - lines[index].stripLeading().length();
        return start > 0 && start < above.length() && ownIndent > indent && !above.startsWith("- ", indent);
    }

    static Optional<Explained> explain(String text, MarkedYAMLException e) {
        String problem = String.valueOf(e.getProblem());
        String context = String.valueOf(e.getContext());
        Mark problemMark = e.getProblemMark();
        Mark contextMark = e.getContextMark();
        int problemLine = problemMark != null ? problemMark.getLine() : Integer.MAX_VALUE;
        String[] lines = text.split("\n", -1);

        // A quote left open runs on to the next quote, lines later, and the error surfaces there.
        Optional<Explained> quote = unclosedQuote(lines, problemLine);
        if (quote.isPresent()) return quote;
        if (context.contains("quoted scalar") && contextMark != null) {
            return Optional.of(new Explained(
                    contextMark.getLine(),
                    contextMark.getColumn(),
                    "this quoted text is never closed; add the closing quote"));
        }
        if (contextMark != null && (context.contains("flow sequence") || context.contains("flow mapping"))) {
            boolean list = context.contains("sequence");
            return Optional.of(
                    new Explained(
                            contextMark.getLine(),
                            contextMark.getColumn(),
                            list
                                    ? "the list opened here with [ is never closed; add ] after its last item, e.g. tags: [Port, Budget]"
                                    : "the map opened here with { is never closed; add } after its last entry, e.g. links: { x: \"https://x.com/...\" }"));
        }
        if (problemMark == null) return Optional.empty();
        if (problem.startsWith("mapping values are not allowed here")
                && continuesAValue(lines, problemMark.getLine())) {
            String line = lines[problemMark.getLine()];
            return Optional.of(new Explained(
                    problemMark.getLine(), line.length() - line.stripLeading().length(), INDENTED));
        }
        if (problem.startsWith("mapping values are not allowed here")) {
            return Optional.of(new Explained(
                    problemMark.getLine(),
                    problemMark.getColumn(),
                    "a colon and a space inside a value end the key's value; put the whole value in quotes"
                            + quotedExample(lines, problemMark.getLine()).orElse("")));
        }
        if (problem.contains("cannot start any token")) {
            return Optional.of(new Explained(
                    problemMark.getLine(),
                    problemMark.getColumn(),
                    "a value cannot start with " + foundCharacter(problem) + " in YAML; put the whole value in quotes"
                            + quotedExample(lines, problemMark.getLine()).orElse("")));
        }
        if (problem.startsWith("expected <block end>") || context.contains("while parsing a block mapping")) {
            return Optional.of(
                    new Explained(
                            problemMark.getLine(),
                            problemMark.getColumn(),
                            "this line is indented differently from the keys above it: keys start at the beginning of the"
                                    + " line, and the lines of a nested value (image: src, alt) are indented by the same spaces"));
        }
        return Optional.empty();
    }

    /**
     * The first line at or before {@code lastLine} whose value opens a quote it does not close. A
     * quoted value may go on over lines in YAML, but in front matter that is nearly always a
     * forgotten quote, and this is asked only once the text has failed to parse.
     */
    private static Optional<Explained> unclosedQuote(String[] lines, int lastLine) {
        for (int i = 0; i < lines.length && i <= lastLine; i++) {
            String line = lines[i];
            int open = valueStart(line);
            if (open < 0 || open >= line.length()) continue;
            char q = line.charAt(open);
            if (q != '"' && q != '\'') continue;
            if (!closedOnLine(line, open, q)) {
                return Optional.of(new Explained(
                        i,
                        open,
                        "this quoted text is not closed on its line; add the closing " + q
                                + " at the end of the value"));
            }
        }
        return Optional.empty();
    }

    /** The column where the value of a {@code key: value} or {@code - value} line starts, or -1. */
    private static int valueStart(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') i++;
        if (i < line.length() && line.charAt(i) == '#') return -1;
        if (line.startsWith("- ", i)) {
            i += 2;
            while (i < line.length() && line.charAt(i) == ' ') i++;
            return i;
        }
        int colon = line.indexOf(": ", i);
        if (colon < 0 || line.charAt(i) == '"' || line.charAt(i) == '\'') return -1;
        i = colon + 2;
        while (i < line.length() && line.charAt(i) == ' ') i++;
        return i;
    }

    private static boolean closedOnLine(String line, int open, char q) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (q == '"' && c == '\\') {
                i++;
            } else if (c == q) {
                if (q == '\'' && i + 1 < line.length() && line.charAt(i + 1) == '\'') i++; // '' is a quote
                else return true;
            }
        }
        return false;
    }

    /** The character in SnakeYAML's "found character '@' that cannot start any token". */
    private static String foundCharacter(String problem) {
        int a = problem.indexOf('\'');
        int b = problem.indexOf('\'', a + 1);
        return a >= 0 && b == a + 2 ? problem.substring(a, b + 1) : "this character";
    }

    /** ", e.g. title: \"Ferry strike: day two\"" for the line's own key and value. */
    private static Optional<String> quotedExample(String[] lines, int lineIndex) {
        if (lineIndex >= lines.length) return Optional.empty();
        String line = lines[lineIndex];
        int colon = line.indexOf(": ");
        if (colon <= 0) return Optional.empty();
        String value = line.substring(colon + 2).strip();
        if (value.isEmpty() || value.length() > 80) return Optional.empty();
        return Optional.of(", e.g. " + line.substring(0, colon).strip() + ": \""
                + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
}
