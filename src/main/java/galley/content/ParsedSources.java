package galley.content;

import galley.diag.Diagnostics;
import galley.model.Term;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@link ArchiveLoader} asks of a cache of parsed source files ({@code galley.cache.SourceCache}):
 * a file's parsed value, reused or parsed afresh, and the shared instance of a term.
 */
public interface ParsedSources {

    /** No cache: every file is parsed. */
    ParsedSources NONE = new ParsedSources() {
        @Override
        public <T> Optional<T> read(
                Path file,
                Optional<SourceTree.Stamp> stamp,
                Diagnostics diagnostics,
                Class<T> type,
                Function<Diagnostics, Optional<T>> parse) {
            Diagnostics local = new Diagnostics();
            Optional<T> value = parse.apply(local);
            local.sorted().forEach(diagnostics::add);
            return value;
        }

        @Override
        public Term term(Term t) {
            return t;
        }
    };

    /**
     * The parsed value of {@code file} (relative to the root) whose size and modification time are
     * {@code stamp}: reused, with its warnings reported again, or from {@code parse}, whose
     * diagnostics are reported in sorted order.
     */
    <T> Optional<T> read(
            Path file,
            Optional<SourceTree.Stamp> stamp,
            Diagnostics diagnostics,
            Class<T> type,
            Function<Diagnostics, Optional<T>> parse);

    /** The instance of {@code t} that reused values hold, or {@code t} itself. */
    Term term(Term t);
}
