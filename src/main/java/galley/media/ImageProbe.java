package galley.media;

import java.util.Objects;

/**
 * What a source image is, from its headers and metadata, without decoding pixels.
 *
 * @param width as displayed: the EXIF orientation applied (0 when not known: an SVG without a size, an {@link
 *     ImageFormat#OTHER} file)
 * @param height as displayed, like {@code width}
 * @param orientation the EXIF orientation, 1 to 8; 1 when there is none (only a JPEG's is read, as {@link ImageSize}
 *     does: browsers apply it)
 * @param animated more than one frame: an animated GIF, WebP, PNG (APNG) or AVIF sequence, which is passed through
 *     untouched
 * @param hasGps the file carries a location: an EXIF GPS directory with entries, or XMP GPS coordinates
 * @param cmyk a four-component JPEG (CMYK or YCCK), which needs converting to sRGB
 * @param bitDepth bits per sample (8, 12 for some JPEGs, 1 to 16 for PNG); 0 when not known (SVG, AVIF, OTHER)
 */
public record ImageProbe(
        ImageFormat format,
        int width,
        int height,
        int orientation,
        boolean animated,
        boolean hasGps,
        boolean cmyk,
        int bitDepth) {

    public ImageProbe {
        Objects.requireNonNull(format, "format");
        if (width < 0 || height < 0) throw new IllegalArgumentException("image size " + width + "x" + height);
        if (orientation < 1 || orientation > 8) throw new IllegalArgumentException("EXIF orientation " + orientation);
        if (bitDepth < 0) throw new IllegalArgumentException("bit depth " + bitDepth);
    }

    /** Whether the orientation turns the image a quarter (5 to 8): the stored pixels are {@code height} wide. */
    public boolean quarterTurned() {
        return orientation >= 5;
    }
}
