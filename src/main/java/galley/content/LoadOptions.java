package galley.content;

import java.time.Instant;
import java.util.Objects;

/**
 * Which articles a build publishes.
 *
 * @param now the build clock: articles dated after it are left out unless {@code future}
 * @param drafts include {@code draft: true} articles
 * @param future include articles dated after {@code now}
 */
public record LoadOptions(Instant now, boolean drafts, boolean future) {
    public LoadOptions {
        Objects.requireNonNull(now, "now");
    }
}
