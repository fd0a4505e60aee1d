package galley.model;

import java.time.Instant;
import java.util.Objects;

/** A published correction: when it was made and what it says (Markdown, one paragraph). */
public record Correction(Instant date, String text) {
    public Correction {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(text, "text");
    }
}
