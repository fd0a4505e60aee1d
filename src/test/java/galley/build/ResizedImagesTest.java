package galley.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Photos in {@code content/media/} get resized copies at the configured widths, named in the
 * pages' {@code srcset}; the copies are made once and kept across builds (a text edit or a no-op
 * decodes nothing); an incremental build equals a clean one after images are added, replaced
 * and deleted.
 */
class ResizedImagesTest {

    private static final String PROJECT = TestProject.BASE + """
            -- content/articles/2025/11/pier.md --
            ---
            title: "The old pier"
            date: 2025-11-10T09:00:00+02:00
            section: Business
            authors: [ann-lee]
            image:
              src: /media/2025/pier.jpg
              alt: "The pier at dawn"
            ---
            The pier, before the storm.

            ![The plan of the quay](/media/2025/plan.png)

            ![A small map](/media/2025/map.png)
            """;

    private static final Pattern SRCSET = Pattern.compile("srcset=\"([^\"]*)\"");

    /** The default widths below 1000 pixels, and 1000: the copies of the 1000-pixel hero. */
    private static final int[] PIER_WIDTHS = {320, 480, 672, 960, 1000};

    /** And of the 700-pixel body image. */
    private static final int[] PLAN_WIDTHS = {320, 480, 672, 700};

    private static String srcset(String name, String format, int... widths) {
        List<String> candidates = new ArrayList<>();
        for (int w : widths) candidates.add("/media/2025/" + name + "." + w + "w." + format + " " + w + "w");
        return String.join(", ", candidates);
    }

    @Test
    void photosGetCopiesAtEachWidthBelowTheirOwnAndPagesNameThem(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path media = photos(p);
        p.build().assertOk();

        Path site = p.site().resolve("media/2025");
        List<String> expected = new ArrayList<>(List.of("map.png", "pier.jpg", "plan.png"));
        for (int w : PIER_WIDTHS) expected.addAll(List.of("pier." + w + "w.jpg", "pier." + w + "w.webp"));
        for (int w : PLAN_WIDTHS) expected.addAll(List.of("plan." + w + "w.png", "plan." + w + "w.webp"));
        assertEquals(expected.stream().sorted().toList(), names(site));
        // Each copy has the width its name says, the height in proportion.
        for (String name : names(site)) {
            Matcher m = Pattern.compile(".*\\.(\\d+)w\\.(jpg|png)").matcher(name);
            if (!m.matches()) continue;
            BufferedImage copy = ImageIO.read(site.resolve(name).toFile());
            int width = Integer.parseInt(m.group(1));
            assertEquals(width, copy.getWidth(), name);
            int expectedHeight = name.startsWith("pier") ? width / 2 : Math.round(width * 400f / 700);
            assertEquals(expectedHeight, copy.getHeight(), 1, name);
        }

        String page = Files.readString(p.site().resolve("2025/11/10/pier/index.html"));
        // The hero: a <picture> with the WebP copies, the JPEG copies as fallback, not lazy.
        assertTrue(
                page.contains("<source type=\"image/webp\" srcset=\"" + srcset("pier", "webp", PIER_WIDTHS) + "\""),
                page);
        assertTrue(
                page.contains("<img src=\"/media/2025/pier.1000w.jpg\" srcset=\"" + srcset("pier", "jpg", PIER_WIDTHS)
                        + "\""),
                page);
        assertTrue(page.contains("width=\"1000\" height=\"500\" fetchpriority=\"high\">"), page);
        // Link previews get the widest copy, not the original.
        assertTrue(
                page.contains("<meta property=\"og:image\" content=\"https://example.org/media/2025/pier.1000w.jpg\">"),
                page);
        assertTrue(page.contains("\"image\":[\"https://example.org/media/2025/pier.1000w.jpg\"]"), page);
        // A body image: its copies, its size, lazy.
        assertTrue(
                page.contains(
                        "<picture><source type=\"image/webp\" srcset=\"" + srcset("plan", "webp", PLAN_WIDTHS) + "\""),
                page);
        assertTrue(
                page.contains("<img src=\"/media/2025/plan.700w.png\" alt=\"The plan of the quay\" srcset=\""
                        + srcset("plan", "png", PLAN_WIDTHS) + "\""),
                page);
        assertTrue(
                page.contains("width=\"700\" height=\"400\" loading=\"lazy\" decoding=\"async\" /></picture>")
                        || page.contains("width=\"700\" height=\"400\" loading=\"lazy\" decoding=\"async\"></picture>"),
                page);
        // A small image: the original, with its size.
        assertTrue(
                page.contains(
                        "<img src=\"/media/2025/map.png\" alt=\"A small map\" width=\"200\" height=\"100\" loading=\"lazy\""),
                page);
        // Every URL of every srcset is a file of the site.
        Matcher m = SRCSET.matcher(page);
        int named = 0;
        while (m.find()) {
            for (String candidate : m.group(1).split(", ")) {
                String url = candidate.substring(0, candidate.indexOf(' '));
                assertTrue(Files.isRegularFile(p.site().resolve(url.substring(1))), url);
                named++;
            }
        }
        assertEquals(2 * (PIER_WIDTHS.length + PLAN_WIDTHS.length), named);
    }

    @Test
    void copiesAreMadeOnceAndKeptByTextEditsAndNoOps(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path media = photos(p);
        assertTrue(verbose(p).contains("2 images resized, 0 from the image cache"));
        assertTrue(verbose(p).contains("nothing changed"));
        Path article = p.root().resolve("content/articles/2025/11/pier.md");
        Files.writeString(article, Files.readString(article).replace("the storm.", "the storm came."));
        String edit = verbose(p);
        assertFalse(edit.contains("images resized") && !edit.contains("0 images resized"), edit);
        // A new article and a retitle: the copies are kept, not decoded.
        Files.writeString(article, Files.readString(article).replace("The old pier", "The older pier"));
        assertTrue(verbose(p).contains("0 images resized, 0 from the image cache"));
        // A touched original (same bytes, a checkout) comes from the image cache.
        Files.setLastModifiedTime(media.resolve("pier.jpg"), FileTime.fromMillis(1_700_000_000_000L));
        assertTrue(verbose(p).contains("0 images resized, 1 from the image cache"));
        // So does a build after the site was deleted.
        deleteTree(p.site());
        assertTrue(verbose(p).contains("0 images resized, 2 from the image cache"));
    }

    @Test
    void replacedAndDeletedImagesBuildAsACleanBuildDoes(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path media = photos(p);
        buildAndCompare(p, tmp);
        byte[] before = Files.readAllBytes(p.site().resolve("media/2025/pier.672w.jpg"));

        // The same photo in other colours (the same size): only it and its copies change; the pages
        // that show it name the same files, and stay as they are.
        jpeg(media.resolve("pier.jpg"), 1000, 500, Color.GREEN);
        Files.setLastModifiedTime(media.resolve("pier.jpg"), FileTime.fromMillis(1_600_000_000_000L));
        Path changes = tmp.resolve("changes.txt");
        String log = verbose(p, "--changes", changes.toString());
        assertTrue(log.contains("1 images resized, 0 from the image cache"), log);
        List<String> expectedChanges = new ArrayList<>(List.of("media/2025/pier.jpg"));
        for (int w : PIER_WIDTHS)
            expectedChanges.addAll(List.of("media/2025/pier." + w + "w.jpg", "media/2025/pier." + w + "w.webp"));
        assertEquals(
                expectedChanges.stream().sorted().toList(),
                Files.readAllLines(changes).stream().sorted().toList());
        buildAndCompare(p, tmp);

        // Replaced by a photo of another colour and size: new copies, the page names the new widths.
        jpeg(media.resolve("pier.jpg"), 800, 600, Color.RED);
        Files.setLastModifiedTime(media.resolve("pier.jpg"), FileTime.fromMillis(1_700_000_000_000L));
        buildAndCompare(p, tmp);
        assertNotEquals(
                Arrays.toString(before),
                Arrays.toString(Files.readAllBytes(p.site().resolve("media/2025/pier.672w.jpg"))));
        assertFalse(
                Files.exists(p.site().resolve("media/2025/pier.960w.jpg")), "a width the new photo is narrower than");
        assertTrue(Files.readString(p.site().resolve("2025/11/10/pier/index.html"))
                .contains("width=\"800\" height=\"600\""));

        // A body image replaced by a small one: the page shows it without copies.
        png(media.resolve("plan.png"), 100, 50);
        Files.setLastModifiedTime(media.resolve("plan.png"), FileTime.fromMillis(1_700_000_000_000L));
        buildAndCompare(p, tmp);
        assertFalse(Files.exists(p.site().resolve("media/2025/plan.320w.png")));

        // Deleted: its copies go with it, and the page warns of it.
        Files.delete(media.resolve("pier.jpg"));
        TestProject.Run run = buildAndCompare(p, tmp);
        assertFalse(Files.exists(p.site().resolve("media/2025/pier.320w.webp")));
        assertTrue(
                run.err().contains("missing media file /media/2025/pier.jpg")
                        || run.err().contains("pier.jpg"),
                run.err());

        // Other settings: other widths, no WebP.
        jpeg(media.resolve("pier.jpg"), 1000, 500, Color.BLUE);
        p.add("""
                -- content/site.yaml --
                title: "Test Ledger"
                base_url: https://example.org/
                language: en
                timezone: Europe/Kyiv
                page_size: 2
                images:
                  widths: [500, 250]
                  webp: false
                """);
        buildAndCompare(p, tmp);
        assertEquals(
                List.of("map.png", "pier.250w.jpg", "pier.500w.jpg", "pier.jpg", "plan.png"),
                names(p.site().resolve("media/2025")));
        assertFalse(
                Files.readString(p.site().resolve("2025/11/10/pier/index.html")).contains("webp"));

        // None: originals only.
        p.add("""
                -- content/site.yaml --
                title: "Test Ledger"
                base_url: https://example.org/
                language: en
                timezone: Europe/Kyiv
                page_size: 2
                images:
                  widths: []
                """);
        buildAndCompare(p, tmp);
        assertEquals(List.of("map.png", "pier.jpg", "plan.png"), names(p.site().resolve("media/2025")));
    }

    @Test
    void anImageThatCannotBeReadIsAnErrorAtItsPathAndTheSiteIsKept(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path media = photos(p);
        p.build().assertOk();
        Map<String, String> before = TestProject.tree(p.site());
        byte[] whole = Files.readAllBytes(media.resolve("pier.jpg"));
        Files.write(media.resolve("pier.jpg"), Arrays.copyOf(whole, whole.length / 3));
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(
                run.diagnostics().stream().anyMatch(l -> l.startsWith("content/media/2025/pier.jpg: error: ")),
                run.toString());
        assertEquals(before, TestProject.tree(p.site()), "the previous site changed");
    }

    @Test
    void aHugeOriginalIsWarnedOf(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path media = p.root().resolve("content/media/2025");
        jpeg(media.resolve("pier.jpg"), 1000, 500, Color.BLUE);
        png(media.resolve("plan.png"), 700, 400);
        // A JPEG whose frame header says 9000 x 8000 pixels (72 megapixels).
        jpeg(media.resolve("map.png"), 16, 16, Color.BLUE);
        byte[] bytes = Files.readAllBytes(media.resolve("map.png"));
        for (int i = 2; i + 9 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xC0) {
                bytes[i + 5] = (byte) (8000 >> 8);
                bytes[i + 6] = (byte) (8000 & 0xFF);
                bytes[i + 7] = (byte) (9000 >> 8);
                bytes[i + 8] = (byte) (9000 & 0xFF);
                break;
            }
        }
        Files.delete(media.resolve("map.png"));
        Files.write(media.resolve("map.jpg"), bytes);
        p.add(PROJECT.substring(PROJECT.indexOf("-- content/articles")).replace("map.png", "map.jpg"));
        TestProject.Run run = p.build();
        assertTrue(
                run.diagnostics()
                        .contains("content/media/2025/map.jpg: warning: this image is 9000 x 8000 pixels,"
                                + " 0.0 MB: readers who open the original download it, and a first build decodes it; resize it"
                                + " to 4,000 pixels or less before committing"),
                run.toString());
    }

    @Test
    void aFileNamedLikeACopyOfAnotherIsAnError(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path media = photos(p);
        jpeg(media.resolve("pier.640w.jpg"), 640, 320, Color.RED);
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(
                List.of("content/media/2025/pier.640w.jpg: error: named like a resized copy of media/2025/pier.jpg,"
                        + " which Galley writes at this path; rename this file"),
                run.diagnostics());
    }

    @Test
    void anArticleWithoutAHeroIsPreviewedWithItsFirstBodyImage(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), TestProject.BASE + """
                -- content/articles/2025/11/quay.md --
                ---
                title: "The quay"
                date: 2025-11-11T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                ---
                Words first, [a link](/media/2025/report.pdf), an [outside image](https://example.com/x.jpg).

                ![Gone](/media/2025/missing.jpg) ![The quay at noon](/media/2025/quay.jpg) ![Later](/media/2025/map.png)
                -- content/articles/2025/11/plain.md --
                ---
                title: "No pictures"
                date: 2025-11-12T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                ---
                Only words.
                """);
        Path media = p.root().resolve("content/media/2025");
        jpeg(media.resolve("quay.jpg"), 800, 400, Color.BLUE);
        png(media.resolve("map.png"), 700, 400);
        Files.write(media.resolve("report.pdf"), new byte[] {1});
        p.build().assertOk();
        String quay = Files.readString(p.site().resolve("2025/11/11/quay/index.html"));
        assertTrue(
                quay.contains("<meta property=\"og:image\" content=\"https://example.org/media/2025/quay.800w.jpg\">"),
                quay);
        assertTrue(quay.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"), quay);
        assertTrue(quay.contains("\"image\":[\"https://example.org/media/2025/quay.800w.jpg\"]"), quay);
        String plain = Files.readString(p.site().resolve("2025/11/12/plain/index.html"));
        assertFalse(plain.contains("og:image"), plain);
        assertFalse(plain.contains("/media/"), plain);
    }

    @Test
    void checkWarnsOfAHeroNarrowerThanTheColumnShowsIt(@TempDir Path tmp) throws IOException {
        assertEquals(672, SiteCheck.widestShown("(min-width: 44rem) 42rem, calc(100vw - 2rem)"));
        assertEquals(800, SiteCheck.widestShown("(min-width: 1000px) 800px, 100vw"));
        assertEquals(0, SiteCheck.widestShown("100vw"));
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path media = p.root().resolve("content/media/2025");
        jpeg(media.resolve("pier.jpg"), 600, 300, Color.BLUE);
        png(media.resolve("plan.png"), 700, 400);
        png(media.resolve("map.png"), 200, 100);
        TestProject.Run run = TestProject.run("check", "--root", p.root().toString(), "--now", TestProject.NOW);
        assertTrue(
                run.diagnostics()
                        .contains("content/articles/2025/11/pier.md:1: warning: the hero image"
                                + " /media/2025/pier.jpg is 600 pixels wide, and the article column shows it up to 672: it"
                                + " looks soft, stretched; use a photo at least 1344 pixels wide (twice the column, for"
                                + " high-density screens)"),
                run.toString());
        jpeg(media.resolve("pier.jpg"), 1400, 700, Color.BLUE);
        run = TestProject.run("check", "--root", p.root().toString(), "--now", TestProject.NOW);
        assertFalse(run.err().contains("looks soft"), run.toString());
    }

    @Test
    void pagesWithoutAnImageArePreviewedWithTheSitesSocialImage(@TempDir Path tmp) throws IOException {
        String settings = TestProject.BASE.replace(
                "page_size: 2\n", "page_size: 2\nimages:\n  social: /media/brand/card one.png\n");
        TestProject p = TestProject.write(tmp.resolve("p"), settings + PROJECT.substring(TestProject.BASE.length()));
        Path media = photos(p);
        TestProject.Run missing = p.build();
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals(
                List.of("content/site.yaml:6:1: error: images.social: there is no content/media/brand/card one.png;"
                        + " add the image there, or remove the setting"),
                missing.diagnostics());
        png(p.root().resolve("content/media/brand/card one.png"), 1200, 630);
        p.build().assertOk();
        String home = Files.readString(p.site().resolve("index.html"));
        assertTrue(
                home.contains(
                        "<meta property=\"og:image\" content=\"https://example.org/media/brand/card%20one.png\">"),
                home);
        assertTrue(home.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"), home);
        String article = Files.readString(p.site().resolve("2025/11/10/pier/index.html"));
        assertTrue(
                article.contains(
                        "<meta property=\"og:image\" content=\"https://example.org/media/2025/pier.1000w.jpg\">"),
                article);
    }

    @Test
    void checkNamesImagesNoPageShows(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT + """
                -- content/articles/2025/11/quay.md --
                ---
                title: "The quay"
                date: 2025-11-11T09:00:00+02:00
                section: Business
                authors: [ann-lee]
                ---
                <figure><img src="/media/2025/raw%20one.png" alt="Shown by raw HTML"></figure>

                [The report](/media/2025/report.pdf)
                """);
        Path media = p.root().resolve("content/media/2025");
        jpeg(media.resolve("pier.jpg"), 400, 200, Color.BLUE);
        png(media.resolve("plan.png"), 70, 40);
        png(media.resolve("map.png"), 20, 10);
        png(media.resolve("raw one.png"), 20, 10);
        png(media.resolve("forgotten.png"), 20, 10);
        Files.write(media.resolve("report.pdf"), new byte[] {1});
        Files.write(media.resolve("unlinked.pdf"), new byte[] {1});
        TestProject.Run run = TestProject.run("check", "--root", p.root().toString(), "--now", TestProject.NOW);
        List<String> about = run.diagnostics().stream()
                .filter(l -> l.startsWith("content/media/"))
                .toList();
        assertEquals(
                List.of("content/media/2025/forgotten.png: warning: no published article, author or page shows this"
                        + " image; use it, or delete it (it is published at /media/2025/forgotten.png all the same)"),
                about,
                run.toString());
    }

    @Test
    void twoPhotosOfOneNameButTheirExtensionAreAnError(@TempDir Path tmp) throws IOException {
        TestProject p = TestProject.write(tmp.resolve("p"), PROJECT);
        Path media = photos(p);
        png(media.resolve("pier.png"), 800, 400);
        jpeg(media.resolve("plan.jpeg"), 800, 400, Color.RED);
        TestProject.Run run = p.build();
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(
                List.of(
                        "content/media/2025/pier.png: error: has the name of media/2025/pier.jpg but for its extension:"
                                + " their resized copies would be written over each other; rename one of them",
                        "content/media/2025/plan.png: error: has the name of media/2025/plan.jpeg but for its"
                                + " extension: their resized copies would be written over each other; rename one of them"),
                run.diagnostics());
        // Without copies there is nothing to collide.
        Path settings = p.root().resolve("content/site.yaml");
        Files.writeString(settings, Files.readString(settings) + "images:\n  widths: []\n");
        p.build().assertOk();
    }

    // ------------------------------------------------------------------ helpers

    private static String verbose(TestProject p, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("build", "--root", p.root().toString(), "--now", TestProject.NOW, "--verbose"));
        args.addAll(List.of(extra));
        TestProject.Run run = TestProject.run(args.toArray(String[]::new));
        run.assertOk();
        return run.err();
    }

    private static TestProject.Run buildAndCompare(TestProject p, Path tmp) throws IOException {
        TestProject.Run incremental = p.build().assertOk();
        p.assertSiteEqualsCleanBuild(tmp);
        return incremental;
    }

    /** The project's three images: the hero (1000 x 500), a body image (700 x 400) and a small one (200 x 100). */
    private static Path photos(TestProject p) throws IOException {
        Path media = p.root().resolve("content/media/2025");
        jpeg(media.resolve("pier.jpg"), 1000, 500, Color.BLUE);
        png(media.resolve("plan.png"), 700, 400);
        png(media.resolve("map.png"), 200, 100); // narrower than the smallest width: no copies
        return media;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static void jpeg(Path file, int width, int height, Color color) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ImageIO.write(image, "jpg", file.toFile());
    }

    static void png(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0, 128, 0, 160));
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    @SuppressWarnings("unused")
    private static Map<String, String> sorted(Map<String, String> m) {
        return new TreeMap<>(m);
    }
}
