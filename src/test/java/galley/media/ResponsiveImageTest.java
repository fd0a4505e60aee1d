package galley.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import galley.config.ImageOptions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which copies a photo gets and how they are named: a pure function of its path, its size and the settings. */
class ResponsiveImageTest {

    private static final ImageOptions DEFAULTS = ImageOptions.defaults();

    private static List<Integer> widths(int width, int height, ImageOptions options) {
        return ResponsiveImage.plan("/media/a/pier.jpg", new ImageSize(width, height), options)
                .map(r -> r.fallback().stream()
                        .map(ResponsiveImage.Variant::width)
                        .toList())
                .orElse(List.of());
    }

    @Test
    void everyConfiguredWidthBelowThePhotosAndItsOwnWhenWithinTheRange() {
        assertEquals(List.of(320, 480, 672, 960, 1344, 1920), widths(4000, 3000, DEFAULTS));
        assertEquals(List.of(320, 480, 672, 960, 1000), widths(1000, 500, DEFAULTS));
        assertEquals(List.of(320, 480, 672, 960), widths(960, 500, DEFAULTS), "its own width is one of them");
        assertEquals(List.of(320, 321), widths(321, 100, DEFAULTS));
        assertEquals(List.of(), widths(320, 100, DEFAULTS), "no wider than the smallest: the original only");
        assertEquals(List.of(), widths(4000, 3000, DEFAULTS.withoutDerivatives()));
    }

    @Test
    void copiesAreNamedBesideTheOriginalInItsFormatAndWebp() {
        ResponsiveImage r = ResponsiveImage.plan("/media/a/Pier Head.JPEG", new ImageSize(700, 350), DEFAULTS)
                .orElseThrow();
        assertEquals(
                List.of(
                        new ResponsiveImage.Variant(320, 160, "jpg", "/media/a/Pier Head.320w.jpg"),
                        new ResponsiveImage.Variant(320, 160, "webp", "/media/a/Pier Head.320w.webp"),
                        new ResponsiveImage.Variant(480, 240, "jpg", "/media/a/Pier Head.480w.jpg"),
                        new ResponsiveImage.Variant(480, 240, "webp", "/media/a/Pier Head.480w.webp"),
                        new ResponsiveImage.Variant(672, 336, "jpg", "/media/a/Pier Head.672w.jpg"),
                        new ResponsiveImage.Variant(672, 336, "webp", "/media/a/Pier Head.672w.webp"),
                        new ResponsiveImage.Variant(700, 350, "jpg", "/media/a/Pier Head.700w.jpg"),
                        new ResponsiveImage.Variant(700, 350, "webp", "/media/a/Pier Head.700w.webp")),
                r.variants());
        assertEquals("/media/a/Pier Head.700w.jpg", r.largestFallback().path());
        assertEquals(
                "/m/a/Pier Head.320w.webp 320w, /m/a/Pier Head.480w.webp 480w, /m/a/Pier Head.672w.webp 672w,"
                        + " /m/a/Pier Head.700w.webp 700w",
                ResponsiveImage.srcset(r.webp(), p -> p.replace("/media/", "/m/")));
    }

    @Test
    void onlyJpegAndPngAreResized() {
        for (String name : List.of("a.jpg", "a.JPG", "a.jpeg", "a.Jpeg"))
            assertEquals(Optional.of("jpg"), ResponsiveImage.resizedFormat("/media/" + name), name);
        assertEquals(Optional.of("png"), ResponsiveImage.resizedFormat("/media/a.PNG"));
        for (String name : List.of("a.gif", "a.webp", "a.svg", "a.avif", "a.pdf", "jpg", ".jpg", "a.jpgx", "x.jpg/a"))
            assertEquals(Optional.empty(), ResponsiveImage.resizedFormat("/media/" + name), name);
    }

    @Test
    void aFileNamedLikeACopyOfAnExistingOriginalIsFound() {
        Set<String> media = Set.of("/media/a/pier.jpg", "/media/a/map.PNG");
        assertEquals(
                Optional.of("/media/a/pier.jpg"), ResponsiveImage.copyOf("/media/a/pier.640w.webp", media::contains));
        assertEquals(Optional.of("/media/a/map.PNG"), ResponsiveImage.copyOf("/media/a/map.320w.png", media::contains));
        assertEquals(Optional.empty(), ResponsiveImage.copyOf("/media/a/quay.640w.jpg", media::contains));
        assertEquals(Optional.empty(), ResponsiveImage.copyOf("/media/a/pier.0640w.jpg", media::contains));
        assertEquals(Optional.empty(), ResponsiveImage.copyOf("/media/a/pier.640.jpg", media::contains));
    }
}
