package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import galley.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search page and its yearly indexes: what they hold, in which order, and when they change. */
class SearchIndexTest {

    /** Served under /news/, so that every URL in the indexes shows the base path. */
    private static final String PROJECT =
            TestProject.BASE.replace("base_url: https://example.org/", "base_url: https://example.org/news/") + """
            -- content/articles/2025/01/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-01-01T00:30:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port, Ships]
            summary: "The port is open again."
            ---
            The harbour reopened.

            A second paragraph.
            -- content/articles/2024/12/ferry.md --
            ---
            title: "Ferry returns"
            date: 2024-12-31T23:30:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port]
            ---
            The ferry is back.
            -- content/articles/2024/06/rowing.md --
            ---
            title: "Rowing season opens"
            date: 2024-06-01T09:00:00+02:00
            section: Sport
            authors: [ann-lee]
            ---
            Boats are out.
            """;

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(Files.readString(file));
    }

    private static List<String> titles(JsonNode index) {
        List<String> titles = new ArrayList<>();
        index.forEach(e -> titles.add(e.get("t").asText()));
        return titles;
    }

    @Test
    void oneIndexPerYearNewestFirstListedByTheManifest(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, PROJECT);
        p.build().assertOk();
        Path site = p.site();

        // Years in the site's time zone (Kyiv): 23:30 on 31 December is 2024 there.
        JsonNode manifest = json(site.resolve("search/index.json"));
        assertEquals(
                "{\"years\":[{\"year\":\"2025\",\"url\":\"/news/search/2025.json\",\"count\":1},"
                        + "{\"year\":\"2024\",\"url\":\"/news/search/2024.json\",\"count\":2}]}",
                manifest.toString());
        assertEquals(List.of("Harbour reopens"), titles(json(site.resolve("search/2025.json"))));
        assertEquals(List.of("Ferry returns", "Rowing season opens"), titles(json(site.resolve("search/2024.json"))));

        JsonNode harbour = json(site.resolve("search/2025.json")).get(0);
        assertEquals("/news/2025/01/01/harbour/", harbour.get("u").asText());
        assertEquals("2025-01-01T00:30:00+02:00", harbour.get("d").asText());
        assertEquals("Business", harbour.get("s").asText());
        assertEquals("[\"Ann Lee\"]", harbour.get("a").toString());
        assertEquals("[\"Port\",\"Ships\"]", harbour.get("g").toString());
        assertEquals("The port is open again.", harbour.get("x").asText());
        assertFalse(harbour.has("body"), "bodies are not indexed");
        // No tags: the field is left out rather than an empty list.
        assertFalse(json(site.resolve("search/2024.json")).get(1).has("g"));

        // The page: a labelled search form that works without the script (it reloads with ?q=),
        // the manifest's address for the script, and a message for readers without JavaScript.
        Document page = Jsoup.parse(site.resolve("search/index.html").toFile(), "UTF-8");
        assertEquals("/news/search/", page.selectFirst("form[role=search]").attr("action"));
        assertEquals(
                "/news/search/index.json", page.selectFirst("form[role=search]").attr("data-manifest"));
        assertEquals("search-q", page.selectFirst("form label").attr("for"));
        assertEquals("q", page.selectFirst("#search-q").attr("name"));
        assertEquals("status", page.selectFirst("#search-status").attr("role"));
        assertTrue(
                page.selectFirst("script[src]").attr("src").matches("/news/assets/search\\.[0-9a-f]{10}\\.js"),
                page.selectFirst("script[src]").toString());
        assertTrue(page.selectFirst("noscript").text().contains("needs JavaScript"));
        assertTrue(Files.isRegularFile(site.resolve("js/search.js")));
        // Every page links to it.
        Document home = Jsoup.parse(site.resolve("index.html").toFile(), "UTF-8");
        assertEquals(
                List.of("/news/search/", "/news/search/"),
                home.select("a:containsOwn(Search)").eachAttr("href"));
    }

    @Test
    void aBodyEditLeavesTheIndexesAloneAndATitleEditChangesOnlyItsYear(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, PROJECT);
        p.build().assertOk();
        Path harbour = p.root().resolve("content/articles/2025/01/harbour.md");
        Files.writeString(
                harbour, Files.readString(harbour).replace("A second paragraph.", "A second paragraph, longer."));
        // The article's page and the site's full-content feeds change; no search file does.
        assertEquals(List.of("2025/01/01/harbour/index.html", "feed.xml", "rss.xml"), changes(p, tmp, "body.txt"));

        Path ferry = p.root().resolve("content/articles/2024/12/ferry.md");
        Files.writeString(ferry, Files.readString(ferry).replace("Ferry returns", "Ferry returns to the quay"));
        List<String> changed = changes(p, tmp, "title.txt");
        assertTrue(changed.contains("search/2024.json"), changed.toString());
        assertFalse(changed.contains("search/2025.json") || changed.contains("search/index.json"), changed.toString());
        assertEquals(
                List.of("Ferry returns to the quay", "Rowing season opens"),
                titles(json(p.site().resolve("search/2024.json"))));
    }

    @Test
    void anEmptyArchiveHasAnEmptyManifest(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp, TestProject.BASE);
        p.build().assertOk();
        assertEquals("{}", json(p.site().resolve("search/index.json")).toString());
        assertTrue(Files.isRegularFile(p.site().resolve("search/index.html")));
    }

    private static List<String> changes(TestProject p, Path tmp, String name) throws IOException {
        Path file = tmp.resolve(name);
        p.build("--changes", file.toString()).assertOk();
        return Files.readAllLines(file);
    }
}
