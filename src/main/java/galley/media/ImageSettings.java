package galley.media;

/**
 * How {@link ImageProcessor} encodes renditions and how much decoded raster it may hold at once.
 *
 * @param jpegQuality 1 to 100 (libjpeg's scale)
 * @param webpQuality 1 to 100 (libwebp's lossy quality)
 * @param progressiveJpeg progressive JPEGs (slightly smaller, and drawn coarse-to-fine) instead of baseline ones
 * @param memoryBudgetBytes the decoded rasters held at once, summed over all threads calling {@code derive}; a source
 *     that needs more than the whole budget waits until it can have it all to itself
 * @param webpMethod libwebp's effort, 0 (fastest) to 6 (smallest files); 4 is libwebp's and cwebp's default. WebP
 *     encoding is most of what {@code derive} costs, and lower methods trade a little file size for much less
 *     time (measured in docs/images.md)
 */
public record ImageSettings(
        int jpegQuality, int webpQuality, boolean progressiveJpeg, long memoryBudgetBytes, int webpMethod) {

    /** The default WebP method: libwebp's own. */
    public static final int DEFAULT_WEBP_METHOD = 4;

    /** The floor of the default budget: a 24-megapixel photo's rasters, and some. */
    private static final long MINIMUM_DEFAULT_BUDGET = 256L << 20;

    public ImageSettings {
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality " + jpegQuality + "; expected 1 to 100");
        }
        if (webpQuality < 1 || webpQuality > 100) {
            throw new IllegalArgumentException("WebP quality " + webpQuality + "; expected 1 to 100");
        }
        if (memoryBudgetBytes <= 0) throw new IllegalArgumentException("memory budget " + memoryBudgetBytes);
        if (webpMethod < 0 || webpMethod > 6) {
            throw new IllegalArgumentException("WebP method " + webpMethod + "; expected 0 to 6");
        }
    }

    /** With libwebp's default method. */
    public ImageSettings(int jpegQuality, int webpQuality, boolean progressiveJpeg, long memoryBudgetBytes) {
        this(jpegQuality, webpQuality, progressiveJpeg, memoryBudgetBytes, DEFAULT_WEBP_METHOD);
    }

    /**
     * JPEG quality 82 and WebP 78 (where both look alike on photos, and near what image CDNs default to),
     * progressive JPEGs, and half the heap for rasters (at least 256 MiB). The budget changes only how many sources
     * are decoded at once, never the output.
     */
    public static ImageSettings defaults() {
        long half = Runtime.getRuntime().maxMemory() / 2;
        return new ImageSettings(82, 78, true, Math.max(MINIMUM_DEFAULT_BUDGET, half), DEFAULT_WEBP_METHOD);
    }
}
