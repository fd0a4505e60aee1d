package galley.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A time given on the command line (--now, --date): ISO-8601 with an offset, or a bare date. */
final class TimeOption {

    private TimeOption() {}

    /**
     * The instant {@code raw} names, or empty when it is not ISO-8601. A bare date
     * ({@code 2025-11-26}) is midnight in {@code zone}.
     */
    static Optional<Instant> parse(String raw, ZoneId zone) {
        try {
            if (raw.length() == 10)
                return Optional.of(LocalDate.parse(raw).atStartOfDay(zone).toInstant());
            return Optional.of(OffsetDateTime.parse(raw).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(raw));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
