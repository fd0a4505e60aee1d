package galley.config;

import java.util.List;
import java.util.Optional;

/**
 * How images in {@code content/media/} are published ({@code images:} in site.yaml): the widths
 * of the resized copies (derivatives) made of each photo, whether a WebP copy is made beside the
 * original format, the encoders' quality, and whether originals are published without their
 * location data.
 *
 * @param widths ascending, each from {@link #MIN_WIDTH} to {@link #MAX_WIDTH}; empty: no
 *     derivatives (originals only, as before)
 * @param webp a WebP copy at each width beside the JPEG or PNG one
 * @param jpegQuality 1–100
 * @param webpQuality 1–100
 * @param stripOriginalMetadata originals are published without EXIF/XMP location data
 * @param sizes the {@code sizes} attribute of images in the article column: how wide they are
 *     shown, so that the browser picks the copy it needs before the stylesheet is loaded
 * @param social the image of link previews of pages that have none of their own (the front page,
 *     lists, an article without images): a {@code /media/} path, decoded
 */
public record ImageOptions(
        List<Integer> widths,
        boolean webp,
        int jpegQuality,
        int webpQuality,
        boolean stripOriginalMetadata,
        String sizes,
        Optional<String> social) {

    public static final int MIN_WIDTH = 16;
    public static final int MAX_WIDTH = 8192;

    /**
     * The widths Galley makes when site.yaml does not say: phones (320, 480), the shipped theme's
     * article column at one and two device pixels per CSS pixel (672 and 1,344: 42rem), and
     * wider screens (960, 1920). A browser takes the narrowest copy at least as wide as it shows
     * the image; a copy far wider than that is bytes for nothing (Lighthouse's "properly size
     * images" counts them), so the column's own widths are among them.
     */
    public static final List<Integer> DEFAULT_WIDTHS = List.of(320, 480, 672, 960, 1344, 1920);

    public ImageOptions {
        widths = List.copyOf(widths);
        for (int i = 0; i < widths.size(); i++) {
            int w = widths.get(i);
            if (w < MIN_WIDTH || w > MAX_WIDTH) throw new IllegalArgumentException("image width " + w);
            if (i > 0 && w <= widths.get(i - 1)) throw new IllegalArgumentException("widths not ascending: " + widths);
        }
        if (jpegQuality < 1 || jpegQuality > 100) throw new IllegalArgumentException("jpegQuality " + jpegQuality);
        if (webpQuality < 1 || webpQuality > 100) throw new IllegalArgumentException("webpQuality " + webpQuality);
        java.util.Objects.requireNonNull(sizes, "sizes");
        java.util.Objects.requireNonNull(social, "social");
    }

    /**
     * The shipped theme's article column: 42rem wide from a 44rem window, else the window less
     * the page's side padding.
     */
    public static final String DEFAULT_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";

    public static ImageOptions defaults() {
        return new ImageOptions(DEFAULT_WIDTHS, true, 82, 78, false, DEFAULT_SIZES, Optional.empty());
    }

    /** No derivatives: originals only ({@code build --no-images}, a quick preview). */
    public ImageOptions withoutDerivatives() {
        return new ImageOptions(List.of(), webp, jpegQuality, webpQuality, stripOriginalMetadata, sizes, social);
    }

    /** Whether any derivative is made. */
    public boolean derivatives() {
        return !widths.isEmpty();
    }
}
