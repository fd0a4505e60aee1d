package galley.diag;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A place in a source file: 1-based line and column, with the file relative to the project root.
 * Prints as {@code content/articles/2025/11/talks.md:6:10}, the form editors jump to. A line or
 * column of 0 means "not known" and is left out when printed.
 */
public record SourcePosition(Path file, int line, int column) implements Comparable<SourcePosition> {

    public SourcePosition {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column are 1-based (0 = unknown)");
        }
    }

    public static SourcePosition of(Path file) {
        return new SourcePosition(file, 0, 0);
    }

    public static SourcePosition of(Path file, int line) {
        return new SourcePosition(file, line, 0);
    }

    @Override
    public int compareTo(SourcePosition o) {
        int c = filePath().compareTo(o.filePath());
        if (c != 0) return c;
        c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }

    private String filePath() {
        // Always '/' so output is the same on every OS and matches git's paths.
        return file.toString().replace('\\', '/');
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(filePath());
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) sb.append(':').append(column);
        }
        return sb.toString();
    }
}
