package galley.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** The earliest article left out of a build because it is dated after the build time: when, and which file. */
public record Scheduled(Instant date, Path source) {
    public Scheduled {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(source, "source");
    }
}
