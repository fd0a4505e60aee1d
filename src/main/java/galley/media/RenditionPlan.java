package galley.media;

import java.awt.Rectangle;

/**
 * Where a rendition comes from in an upright source and at what size: the crop (in the source's own pixels, as if
 * decoded whole) and the output size, which is never wider than the crop.
 *
 * @param cropX left of the crop in source pixels, possibly fractional
 * @param cropWidth width of the crop in source pixels
 */
record RenditionPlan(
        Rendition rendition, double cropX, double cropY, double cropWidth, double cropHeight, int width, int height) {

    /** The plan for {@code rendition} of an upright {@code sourceWidth}×{@code sourceHeight} image. */
    static RenditionPlan of(Rendition rendition, int sourceWidth, int sourceHeight) {
        double x = 0, y = 0, w = sourceWidth, h = sourceHeight;
        double ratio = rendition.aspectRatio();
        if (ratio > 0) {
            if (ratio > (double) sourceWidth / sourceHeight) { // wider than the source: cut top and bottom
                h = sourceWidth / ratio;
                y = clamp(rendition.focusY() * sourceHeight - h / 2, 0, sourceHeight - h);
            } else { // narrower: cut the sides
                w = sourceHeight * ratio;
                x = clamp(rendition.focusX() * sourceWidth - w / 2, 0, sourceWidth - w);
            }
        }
        int width = (int) Math.max(1, Math.min(rendition.width(), Math.floor(w + 1e-9)));
        double heightPerWidth = ratio > 0 ? 1 / ratio : (double) sourceHeight / sourceWidth;
        int height = (int) Math.max(1, Math.round(width * heightPerWidth));
        return new RenditionPlan(rendition, x, y, w, h, width, height);
    }

    /** The crop in a raster decoded at one pixel in {@code subsampling}, {@code rasterWidth}×{@code rasterHeight}. */
    Rectangle region(int subsampling, int rasterWidth, int rasterHeight) {
        double s = subsampling;
        int x = (int) Math.round(cropX / s);
        int y = (int) Math.round(cropY / s);
        int w = (int) Math.max(1, Math.min(rasterWidth - x, Math.round(cropWidth / s)));
        int h = (int) Math.max(1, Math.min(rasterHeight - y, Math.round(cropHeight / s)));
        return new Rectangle(x, y, w, h);
    }

    /**
     * The largest subsampling that still leaves the crop at least twice the output in the decoded raster: reading
     * one pixel in s picks pixels without averaging them, and the halving steps that follow hide that only while
     * they have pixels to average.
     */
    int maxSubsampling() {
        return (int) Math.max(1, Math.floor(cropWidth / (2.0 * width)));
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
