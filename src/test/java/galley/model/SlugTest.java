package galley.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlugTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Politics                 | politics
            Trump & Russia           | trump-russia
            Économie                 | economie
            Kyiv’s defense           | kyivs-defense
            Kyiv's defense           | kyivs-defense
            Київ                     | київ
            Йорданія                 | йорданія
            ' Peace   Plan! '        | peace-plan
            F-16 jets                | f-16-jets
            Łódź                     | lodz
            Straße                   | strasse
            Ærø                      | aero
            ---                      | ''
            東京 2025                 | 東京-2025
            Café Culture             | cafe-culture
            NO                       | no
            ΟΔΟΣ                     | οδος
            a σ                      | a-σ
            ΣΙΣΥΦΟΣ ΑΣ               | σισυφος-ας
            """)
    void slugFoldsAccentsAndJoinsRuns(String name, String slug) {
        assertEquals(slug, Slug.of(name));
    }

    @ParameterizedTest
    @CsvSource({"politics,true", "Politics,false", "a--b,false", "-a,false", "київ,true", "'',false"})
    void validSlugsAreTheirOwnSlug(String slug, boolean valid) {
        assertEquals(valid, Slug.isValid(slug));
    }

    /** Names that differ only by full case folding or normalisation give one slug (issue #19). */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ſport                    | sport
            SPORT                    | ſport
            ΟΔΟΣ                     | οδοσ
            οδος                     | Οδοσ
            a ς                      | a-σ
            ΑΣ Β                     | ας-β
            ΑΣΒ                      | ασβ
            µg                       | μg
            ﬁnance                   | finance
            Ǆ                        | ǆ
            café                     | café
            Ω                        | ω
            Straße                   | STRASSE
            K                        | k
            """)
    void caseFoldedAndNormalisedNamesGiveOneSlug(String a, String b) {
        assertEquals(Slug.of(a), Slug.of(b));
        assertEquals(Slug.of(a), Normalizer.normalize(Slug.of(a), Normalizer.Form.NFC));
        assertTrue(Slug.isValid(Slug.of(a)), Slug.of(a));
    }

    @Test
    void defaultIgnorableCodePointsAreRemoved() {
        for (String invisible : List.of(
                "\u00AD",
                "\u034F",
                "\u061C",
                "\u115F",
                "\u1160",
                "\u180B",
                "\u200B",
                "\u200C",
                "\u200D",
                "\u200E",
                "\u202E",
                "\u2060",
                "\u2066",
                "\u3164",
                "\uFE0F",
                "\uFE00",
                "\uFEFF",
                "\uFFA0",
                "\uDB40\uDC20",
                "\uDB40\uDD00")) {
            assertEquals("peace-plan", Slug.of("Pea" + invisible + "ce Plan" + invisible), invisible);
            assertEquals("київ", Slug.of("Ки" + invisible + "їв"), invisible);
            assertEquals("", Slug.of(invisible), "nothing visible, no slug");
        }
        // A Hangul filler alone is a letter to Java, but shows nothing: no twin of "sport".
        assertEquals("sport", Slug.of("sport\u3164"));
        assertEquals(Slug.of("❤"), Slug.of("❤\uFE0F"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"con", "CON", "Nul", "prn", "aux", "com1", "COM9", "lpt1", "lpt9", "com0", "Con.", " aux "})
    void windowsDeviceNamesGetAnUnderscore(String name) {
        String slug = Slug.of(name);
        assertEquals(name.strip().replace(".", "").toLowerCase(Locale.ROOT) + "_", slug);
        assertTrue(Slug.isValid(slug), "the suffixed slug is a slug");
        assertFalse(Slug.isValid(slug.substring(0, slug.length() - 1)), "the device name is not");
        assertFalse(Slug.isReservedOnWindows(slug));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"con", "CON", "con.txt", "Con.Html", "nul.tar.gz", "com1", "LPT9.x", "com¹", "a.", "a ", "aux "})
    void windowsReservedNames(String name) {
        assertTrue(Slug.isReservedOnWindows(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cone", "console", "com", "com10", "lpt", "nul-1", "con_", "aux-armes", "x.y"})
    void namesWindowsAccepts(String name) {
        assertFalse(Slug.isReservedOnWindows(name));
        assertFalse(Slug.isReservedOnWindows(Slug.of(name)));
    }

    @Test
    void slugsEndWithALetterOrDigitAndTheLimitIsInBytes() {
        for (String name : List.of("end.", "end ", "end. . .", "ends…", "x\u3000")) {
            String slug = Slug.of(name);
            assertTrue(Character.isLetterOrDigit(slug.codePointBefore(slug.length())), slug);
        }
        assertTrue(Slug.fits("a".repeat(120)));
        assertFalse(Slug.fits("a".repeat(121)));
        assertTrue(Slug.fits("ї".repeat(60)), "60 two-byte letters are 120 bytes");
        assertFalse(Slug.fits("ї".repeat(61)));
        assertEquals(
                "tag \"x\" gives a slug of 121 bytes; a slug may have at most 120 bytes of UTF-8 (it names a folder): shorten the tag",
                Slug.lengthProblem("tag \"x\"", "a".repeat(121), "shorten the tag")
                        .orElseThrow());
    }
}
