package galley.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatesTest {

    private static final ZoneId KYIV = ZoneId.of("Europe/Kyiv");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2025-11-24T09:12:00+02:00, 2025-11-24T07:12:00Z",
        "2025-11-24T09:12+02:00,    2025-11-24T07:12:00Z",
        "2025-11-24T09:12:00Z,      2025-11-24T09:12:00Z",
        "2025-11-24 09:12:00 +0200, 2025-11-24T07:12:00Z",
        "2025-11-24,                2025-11-23T22:00:00Z",
        "2025-07-01,                2025-06-30T21:00:00Z",
        "2025-11-24T09:12,          2025-11-24T07:12:00Z",
        "2025-11-24T23:30:00-05:00, 2025-11-25T04:30:00Z",
    })
    void parsesIsoDatesInSiteZone(String raw, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), Dates.parse(raw, KYIV));
    }

    @ParameterizedTest
    @CsvSource({"2025-13-01", "24.11.2025", "yesterday", "2025-11-24T25:00:00Z", "2025-02-30", "''"})
    void rejectsWhatIsNotADate(String raw) {
        assertEquals(Optional.empty(), Dates.parse(raw, KYIV));
    }
}
