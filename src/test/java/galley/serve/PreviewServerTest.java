package galley.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the preview server answers: pages with the reload script (never written to disk), pretty
 * URLs, the site's 404 page, no caching, GET and HEAD only, and nothing outside the site however
 * the path is spelled. One served project for all (nothing here changes the sources).
 */
class PreviewServerTest {

    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-SITE";

    @TempDir
    static Path dir;

    private static ServedProject served;

    @BeforeAll
    static void serve() throws Exception {
        served = ServedProject.start(dir.resolve("project"));
        Files.writeString(dir.resolve("project/secret.txt"), SECRET);
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        // A link in the site to a file outside it: a server that follows links would publish it.
        Files.createSymbolicLink(served.site().resolve("leak.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(served.site().resolve("leak-folder"), dir.resolve("project"));
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    @Test
    void servesPagesAsHtmlWithTheReloadScriptThatTheFileOnDiskHasNot() throws Exception {
        String page = served.pagePath("harbour");
        HttpResponse<String> r = served.get(page);
        assertEquals(200, r.statusCode(), served.toString());
        assertEquals(
                "text/html; charset=utf-8",
                r.headers().firstValue("content-type").orElse(""));
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""));
        assertTrue(r.body().contains("Harbour reopens"), r.body());
        assertTrue(r.body().contains("new EventSource('/__galley/events"), r.body());
        assertTrue(r.body().indexOf("<script>(function(){var es=") < r.body().lastIndexOf("</body>"));
        String onDisk = Files.readString(served.site().resolve(page.substring(1) + "index.html"));
        assertFalse(onDisk.contains("__galley"), onDisk);
        assertEquals(onDisk, r.body().replace(ReloadScript.element(versionIn(r.body())), ""));
    }

    private static String versionIn(String body) {
        int at = body.indexOf("?since=") + "?since=".length();
        return body.substring(at, body.indexOf('\'', at));
    }

    @Test
    void prettyUrlsServeTheFolderIndexAndRedirectAFolderWithoutItsSlash() throws Exception {
        HttpResponse<String> home = served.get("/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("Test Ledger"));
        HttpResponse<String> sections = served.get("/sections/");
        assertEquals(200, sections.statusCode());
        assertEquals(
                Files.readString(served.site().resolve("sections/index.html")).length(),
                sections.body()
                        .replace(ReloadScript.element(versionIn(sections.body())), "")
                        .length());
        HttpResponse<String> noSlash = served.get("/sections/business?x=1");
        assertEquals(301, noSlash.statusCode());
        assertEquals(
                "/sections/business/?x=1",
                noSlash.headers().firstValue("location").orElse(""));
        assertEquals("no-store", noSlash.headers().firstValue("cache-control").orElse(""));
    }

    @Test
    void anUnknownPathGetsTheSitesOwn404PageWithStatus404() throws Exception {
        HttpResponse<String> r = served.get("/no/such/page/");
        assertEquals(404, r.statusCode());
        String page = Files.readString(served.site().resolve("404.html"));
        assertEquals(page, r.body().replace(ReloadScript.element(versionIn(r.body())), ""));
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""));
        assertEquals(404, served.get("/__galley/anything").statusCode());
        assertEquals(404, served.get("/harbour.md").statusCode());
    }

    @Test
    void otherFilesHaveTheirTypes() throws Exception {
        HttpResponse<String> css = served.get("/css/galley.css");
        assertEquals(200, css.statusCode());
        assertEquals(
                "text/css; charset=utf-8",
                css.headers().firstValue("content-type").orElse(""));
        assertEquals(Files.readString(served.site().resolve("css/galley.css")), css.body());
        HttpResponse<String> feed = served.get("/feed.xml");
        assertEquals(200, feed.statusCode());
        assertEquals(
                "application/xml; charset=utf-8",
                feed.headers().firstValue("content-type").orElse(""));
        assertEquals("image/x-icon", ContentTypes.of("favicon.ico"));
        assertEquals("image/avif", ContentTypes.of("a.AVIF"));
        assertEquals("font/woff2", ContentTypes.of("f.woff2"));
        assertEquals("application/octet-stream", ContentTypes.of("data.bin"));
    }

    @Test
    void headAnswersLikeGetWithoutABodyAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> get = served.get("/css/galley.css");
        HttpResponse<String> head = served.send("HEAD", "/css/galley.css");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(
                Long.toString(get.body().getBytes(StandardCharsets.UTF_8).length),
                head.headers().firstValue("content-length").orElse(""));
        assertEquals(200, served.send("HEAD", "/").statusCode());
        HttpResponse<String> post = served.send("POST", "/");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));
        assertEquals("no-store", post.headers().firstValue("cache-control").orElse(""));
        assertEquals(405, served.send("DELETE", "/index.html").statusCode());
    }

    @Test
    void noSpellingOfAPathLeadsOutOfTheSite() throws Exception {
        for (String target : List.of(
                "/../pom.xml",
                "/../../secret.txt",
                "/../../../secret.txt",
                "/%2e%2e/%2e%2e/secret.txt",
                "/%2E%2E/%2E%2E/%2E%2E/secret.txt",
                "/%252e%252e/%252e%252e/secret.txt",
                "/..%2f..%2fsecret.txt",
                "/..%2F..%2F..%2Fsecret.txt",
                "/a\\..\\..\\secret.txt",
                "/%5c..%5c..%5csecret.txt",
                "/.%2e/.%2e/secret.txt",
                "/./secret.txt",
                "//secret.txt",
                "/secret.txt%00.html",
                "/leak.txt",
                "/leak-folder/secret.txt",
                "/leak-folder/")) {
            ServedProject.RawAnswer answer = served.raw(target);
            assertTrue(
                    answer.status() == 400 || answer.status() == 404,
                    target + " answered " + answer.status() + ": " + answer.body());
            assertFalse(answer.body().contains(SECRET), target + " leaked the file outside the site");
        }
        assertEquals(400, served.raw("/%2e%2e/secret.txt").status());
        assertEquals(400, served.raw("/%252e%252e/secret.txt").status());
        assertEquals(400, served.raw("/..%2fsecret.txt").status());
        assertEquals(404, served.raw("/leak.txt").status());
    }
}
