package galley.media;

import galley.config.ImageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resized copies (derivatives) Galley publishes of one photo in {@code content/media/}, and
 * how pages name them in {@code srcset}. A pure function of the image's path, its size and the
 * site's {@link ImageOptions}, so that a page can be rendered (and its key computed) before, and
 * apart from, the copies being made.
 *
 * <p>Which widths: every configured width narrower than the image, and the image's own width when
 * it lies between the smallest and the largest configured one (so that the sharpest copy is there
 * too); never wider than the image (no upscaling). An image no wider than the smallest configured
 * width gets none: it is already small, and the page shows the original. Only JPEG and PNG photos
 * are resized (a GIF may be animated, an SVG scales by itself, WebP and AVIF are already compact).
 *
 * <p>Names: {@code /media/2025/11/pier.jpg} at 640 pixels is {@code /media/2025/11/pier.640w.jpg},
 * and {@code pier.640w.webp} in WebP, beside the original, which stays at its URL.
 *
 * @param mediaPath the original's site path ({@code /media/...}, decoded)
 * @param size the original's size as shown (orientation applied)
 * @param variants ascending by width, the original's format first at each width
 */
public record ResponsiveImage(String mediaPath, ImageSize size, List<Variant> variants) {

    public ResponsiveImage {
        variants = List.copyOf(variants);
    }

    /**
     * One derivative.
     *
     * @param format the file type ({@code jpg}, {@code png}, {@code webp}): the name's extension
     * @param path its site path ({@code /media/...}, decoded)
     */
    public record Variant(int width, int height, String format, String path) {}

    /** The derivatives of {@code mediaPath}, or empty when it gets none (see the class comment). */
    public static Optional<ResponsiveImage> plan(String mediaPath, ImageSize size, ImageOptions options) {
        Optional<String> format = resizedFormat(mediaPath);
        if (format.isEmpty() || !options.derivatives()) return Optional.empty();
        List<Integer> configured = options.widths();
        List<Integer> widths = new ArrayList<>();
        for (int w : configured) if (w < size.width()) widths.add(w);
        int own = size.width();
        if (own > configured.get(0) && own <= configured.get(configured.size() - 1) && !widths.contains(own)) {
            widths.add(own);
        }
        if (widths.isEmpty()) return Optional.empty();
        String stem = mediaPath.substring(0, mediaPath.lastIndexOf('.'));
        List<Variant> variants = new ArrayList<>();
        for (int w : widths) {
            int h = heightAt(size, w);
            variants.add(new Variant(w, h, format.get(), stem + "." + w + "w." + format.get()));
            if (options.webp()) variants.add(new Variant(w, h, "webp", stem + "." + w + "w.webp"));
        }
        return Optional.of(new ResponsiveImage(mediaPath, size, variants));
    }

    /** The height of a copy {@code width} pixels wide, in the original's proportions (at least 1). */
    static int heightAt(ImageSize size, int width) {
        return Math.max(1, (int) Math.round((double) size.height() * width / size.width()));
    }

    /** The format a media file is resized in, from its name: {@code jpg} or {@code png}; empty for others. */
    public static Optional<String> resizedFormat(String mediaPath) {
        // Called for every media file of every build: compared in place, no substring.
        int slash = mediaPath.lastIndexOf('/');
        int dot = mediaPath.lastIndexOf('.');
        if (dot <= slash + 1) return Optional.empty();
        int length = mediaPath.length() - dot - 1;
        if (length == 3 && mediaPath.regionMatches(true, dot + 1, "jpg", 0, 3)
                || length == 4 && mediaPath.regionMatches(true, dot + 1, "jpeg", 0, 4)) return JPG;
        if (length == 3 && mediaPath.regionMatches(true, dot + 1, "png", 0, 3)) return PNG;
        return Optional.empty();
    }

    private static final Optional<String> JPG = Optional.of("jpg");

    private static final Optional<String> PNG = Optional.of("png");

    /**
     * The original that {@code mediaPath} would be a resized copy of ({@code pier.jpg} for
     * {@code pier.640w.webp}), when such an original exists ({@code exists}): the copy would be
     * written over it. Empty for every other name.
     */
    public static Optional<String> copyOf(String mediaPath, Predicate<String> exists) {
        Matcher m = COPY_NAME.matcher(mediaPath);
        if (!m.matches()) return Optional.empty();
        for (String ext : List.of(".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG")) {
            if (exists.test(m.group(1) + ext)) return Optional.of(m.group(1) + ext);
        }
        return Optional.empty();
    }

    private static final Pattern COPY_NAME = Pattern.compile("(.+)\\.[1-9][0-9]*w\\.(?:jpg|png|webp)");

    /** The copies in the original's format, ascending: the {@code <img srcset>}. */
    public List<Variant> fallback() {
        return variants.stream().filter(v -> !v.format().equals("webp")).toList();
    }

    /** The WebP copies, ascending: a {@code <source type="image/webp" srcset>}; empty without WebP. */
    public List<Variant> webp() {
        return variants.stream().filter(v -> v.format().equals("webp")).toList();
    }

    /** The widest copy in the original's format: the {@code src} of a browser without {@code srcset}. */
    public Variant largestFallback() {
        List<Variant> f = fallback();
        return f.get(f.size() - 1);
    }

    /** A {@code srcset} value: each variant's URL (made by {@code url} from its site path) and width. */
    public static String srcset(List<Variant> variants, Function<String, String> url) {
        StringBuilder s = new StringBuilder();
        for (Variant v : variants) {
            if (s.length() > 0) s.append(", ");
            s.append(url.apply(v.path())).append(' ').append(v.width()).append('w');
        }
        return s.toString();
    }
}
