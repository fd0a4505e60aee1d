package galley.media;

import java.util.Objects;

/**
 * One rendition to make from a source: a width in pixels, an optional crop to an aspect ratio around a focal point,
 * and a format.
 *
 * @param aspectRatio width / height of the crop; 0 keeps the source's proportions (no crop)
 * @param focusX the point the crop keeps in view, 0 (left) to 1 (right); 0.5 is the centre
 * @param focusY likewise, 0 (top) to 1 (bottom)
 * @param format JPEG, PNG or WebP ({@link ImageFormat#encodable()})
 */
public record Rendition(int width, double aspectRatio, double focusX, double focusY, ImageFormat format) {

    public Rendition {
        Objects.requireNonNull(format, "format");
        if (width <= 0) throw new IllegalArgumentException("rendition width " + width + "; expected at least 1");
        if (!(aspectRatio >= 0) || Double.isInfinite(aspectRatio)) {
            throw new IllegalArgumentException("aspect ratio " + aspectRatio + "; expected width/height, or 0");
        }
        if (!(focusX >= 0 && focusX <= 1) || !(focusY >= 0 && focusY <= 1)) {
            throw new IllegalArgumentException("focus " + focusX + "," + focusY + "; expected 0 to 1 each");
        }
        if (!format.encodable()) {
            throw new IllegalArgumentException("rendition format " + format + "; expected JPEG, PNG or WEBP");
        }
    }

    /** A rendition of the whole image (no crop) at {@code width}. */
    public Rendition(int width, ImageFormat format) {
        this(width, 0, 0.5, 0.5, format);
    }

    /** Whether this rendition cuts the same part of a source as {@code other} (the same ratio and focus). */
    boolean sameCrop(Rendition other) {
        return aspectRatio == other.aspectRatio && focusX == other.focusX && focusY == other.focusY;
    }
}
