package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import galley.testing.ArchiveGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #3's churn rule: publishing one new article changes the new article, the previous article
 * of its section, the front pages and newest numbered pages of its lists, feeds, its month's
 * sitemap, the sitemap index, the news sitemap, the tag and author indexes, the date pages of its
 * day, its year's search index and the search manifest, and nothing else.
 */
class PublishChurnTest {

    @Test
    void oneNewArticleChangesOnlyWhatItMust(@TempDir Path tmp) throws Exception {
        ArchiveGenerator.articles(600).writeTo(tmp);
        Path site = tmp.resolve("site");
        String now = ArchiveGenerator.NOW;
        TestProject.run("build", "--root", tmp.toString(), "--now", now, "--quiet")
                .assertOk();
        Map<String, String> before = TestProject.tree(site);

        ArchiveGenerator.addLatest(tmp);
        Path changesFile = tmp.resolve("changes.txt");
        TestProject.run("build", "--root", tmp.toString(), "--now", now, "--quiet", "--changes", changesFile.toString())
                .assertOk();
        Map<String, String> after = TestProject.tree(site);

        Set<String> changed = new TreeSet<>();
        for (String path : after.keySet()) if (!after.get(path).equals(before.get(path))) changed.add(path);
        for (String path : before.keySet()) if (!after.containsKey(path)) changed.add(path);
        assertEquals(
                changed,
                new TreeSet<>(Files.readAllLines(changesFile)),
                "--changes must list exactly the changed files");

        Set<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        String newArticle = added.stream()
                .filter(p -> p.matches("\\d{4}/\\d{2}/\\d{2}/[^/]+/index\\.html"))
                .findFirst()
                .orElseThrow();
        Document page = Jsoup.parse(after.get(newArticle));

        Set<String> lists =
                new TreeSet<>(List.of("", dayOf(newArticle, 1), dayOf(newArticle, 2), dayOf(newArticle, 3)));
        page.select("a[href]").forEach(a -> {
            String href = a.attr("href").substring(1);
            if (href.matches("(sections|tags|authors)/[^/]+/")) lists.add(href);
        });
        Set<String> allowed = new TreeSet<>(List.of(
                newArticle,
                "sitemap.xml",
                "sitemap-news.xml",
                "robots.txt",
                "tags/index.html",
                "authors/index.html",
                "sitemaps/" + dayOf(newArticle, 2).replace('/', '-').replaceAll("-$", "") + ".xml",
                "search/index.json",
                "search/" + dayOf(newArticle, 1).replace("/", "") + ".json"));
        page.select("a[rel=prev]").forEach(a -> allowed.add(a.attr("href").substring(1) + "index.html"));
        for (String list : lists) {
            allowed.add(list + "index.html");
            allowed.add(list + "feed.xml");
            allowed.add(list + "rss.xml");
            int newest = newestNumberedPage(before, list);
            for (int n = Math.max(1, newest); n <= newest + 1; n++) allowed.add(list + "page/" + n + "/index.html");
        }
        added.stream().filter(p -> p.startsWith("media/")).forEach(allowed::add); // the new article's own image
        List<String> unexpected = new ArrayList<>(changed);
        unexpected.removeAll(allowed);
        assertEquals(List.of(), unexpected, "changed but should not have; allowed: " + allowed);
        for (String must : List.of(
                newArticle,
                "index.html",
                "feed.xml",
                "rss.xml",
                "sitemap.xml",
                "tags/index.html",
                "search/index.json",
                "search/" + dayOf(newArticle, 1).replace("/", "") + ".json")) {
            assertTrue(changed.contains(must), must + " should have changed; changed: " + changed);
        }
        assertTrue(changed.size() < 60, changed.size() + " files changed: " + changed);
    }

    /** "2025/11/25/slug/index.html" -> "2025/", "2025/11/" or "2025/11/25/" for depth 1, 2, 3. */
    private static String dayOf(String articlePath, int depth) {
        String[] parts = articlePath.split("/");
        return String.join("/", List.of(parts).subList(0, depth)) + "/";
    }

    private static int newestNumberedPage(Map<String, String> tree, String list) {
        int newest = 0;
        for (int n = 1; tree.containsKey(list + "page/" + n + "/index.html"); n++) newest = n;
        return newest;
    }
}
