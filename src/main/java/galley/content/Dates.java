package galley.content;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Front-matter dates: ISO-8601 with an offset ({@code 2025-11-24T09:12:00+02:00}, {@code Z}), a
 * local date-time ({@code 2025-11-24T09:12}, taken in site.timezone) or a bare date
 * ({@code 2025-11-24}, midnight in site.timezone). A space may stand for the {@code T}, as YAML
 * timestamps allow.
 */
public final class Dates {

    private static final Pattern BARE_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern HAS_OFFSET = Pattern.compile(".*(Z|z|[+-]\\d{2}:?\\d{2})$");

    private Dates() {}

    public static Optional<Instant> parse(String raw, ZoneId zone) {
        String s = raw.strip();
        try {
            if (BARE_DATE.matcher(s).matches()) {
                return Optional.of(LocalDate.parse(s).atStartOfDay(zone).toInstant());
            }
            if (s.length() > 10 && s.charAt(10) == ' ')
                s = s.substring(0, 10) + 'T' + s.substring(11).strip();
            s = s.replaceFirst("\\s+(?=(Z|z|[+-]\\d{2}:?\\d{2})$)", "");
            if (HAS_OFFSET.matcher(s).matches()) {
                String normalized = s.replaceFirst("z$", "Z").replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
                return Optional.of(OffsetDateTime.parse(normalized).toInstant());
            }
            return Optional.of(LocalDateTime.parse(s).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
