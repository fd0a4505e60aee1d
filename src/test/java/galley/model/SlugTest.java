package galley.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            """)
    void slugFoldsAccentsAndJoinsRuns(String name, String slug) {
        assertEquals(slug, Slug.of(name));
    }

    @ParameterizedTest
    @CsvSource({"politics,true", "Politics,false", "a--b,false", "-a,false", "київ,true", "'',false"})
    void validSlugsAreTheirOwnSlug(String slug, boolean valid) {
        assertEquals(valid, Slug.isValid(slug));
    }
}
