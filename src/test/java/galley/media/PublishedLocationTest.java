package galley.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a build publishes of a phone photo that carries where it was taken: the resized copies
 * never carry it; the original is published as it is with a warning that names it, or, with
 * {@code images.strip_original_metadata: true}, without its location.
 */
class PublishedLocationTest {

    private static final String ARTICLE = """
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
            """;

    private static final String WARNING = "content/media/2025/pier.jpg: warning: this photo carries the GPS position"
            + " where it was taken, and is published with it (its resized copies are not); set"
            + " images.strip_original_metadata: true in site.yaml to publish originals without location data";

    private static byte[] phonePhoto() {
        byte[] tiff =
                ImageFixtures.exif(new ImageFixtures.ExifContent(1, true, "Ann Lee", "(c) Test Ledger", "SN-4411"));
        return ImageFixtures.withExif(
                ImageFixtures.jpeg(ImageFixtures.cornered(1000, 500)), tiff, ImageFixtures.XMP_WITH_GPS);
    }

    @Test
    void copiesNeverCarryTheLocationAndThePublishedOriginalIsWarnedOf(@TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(tmp.resolve("p"), TestProject.BASE + ARTICLE);
        byte[] photo = phonePhoto();
        Path original = p.root().resolve("content/media/2025/pier.jpg");
        Files.createDirectories(original.getParent());
        Files.write(original, photo);
        ImageProcessor processor = new ImageProcessor(ImageSettings.defaults());
        assertTrue(processor.probe(original).hasGps(), "the fixture carries a location");

        TestProject.Run first = p.build().assertOk();
        assertEquals(List.of(WARNING), first.diagnostics());
        assertArrayEquals(photo, Files.readAllBytes(p.site().resolve("media/2025/pier.jpg")), "published as it is");
        List<Path> copies = copies(p.site().resolve("media/2025"));
        assertEquals(10, copies.size(), copies.toString()); // 320, 480, 672, 960 and 1000 pixels, JPEG and WebP
        for (Path copy : copies) {
            byte[] bytes = Files.readAllBytes(copy);
            assertFalse(processor.probe(copy).hasGps(), copy.toString());
            for (String trace : List.of("Exif", "GPS", "SN-4411", "Ann Lee", "xmpmeta", "50,27"))
                assertFalse(ImageFixtures.contains(bytes, trace), copy + " holds " + trace);
        }
        // The next build keeps the original and says so again.
        assertEquals(List.of(WARNING), p.build().assertOk().diagnostics());
    }

    @Test
    void strippedOriginalsKeepTheirPixelsAndCreditButNotTheirLocation(@TempDir Path tmp) throws Exception {
        TestProject p = TestProject.write(
                tmp.resolve("p"),
                TestProject.BASE.replace("page_size: 2\n", "page_size: 2\nimages:\n  strip_original_metadata: true\n")
                        + ARTICLE);
        Path original = p.root().resolve("content/media/2025/pier.jpg");
        Files.createDirectories(original.getParent());
        byte[] photo = phonePhoto();
        Files.write(original, photo);

        assertEquals(List.of(), p.build().assertOk().diagnostics());
        Path published = p.site().resolve("media/2025/pier.jpg");
        byte[] bytes = Files.readAllBytes(published);
        ImageProcessor processor = new ImageProcessor(ImageSettings.defaults());
        assertFalse(processor.probe(published).hasGps());
        assertFalse(ImageFixtures.contains(bytes, "SN-4411"));
        assertTrue(ImageFixtures.contains(bytes, "(c) Test Ledger"), "the credit stays");
        assertArrayEquals(photo, Files.readAllBytes(original), "content/ is never changed");
        // A clean build publishes the same.
        p.assertSiteEqualsCleanBuild(tmp);
    }

    private static List<Path> copies(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.\\d+w\\..*"))
                    .sorted()
                    .toList();
        }
    }
}
