package galley.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * A rendition made: its actual pixel size (never wider than the source: no upscaling) and its encoded bytes, which
 * carry no metadata (no EXIF, XMP or ICC profile) and are in sRGB.
 *
 * <p>The bytes are copied in and out, so a derivative stays as made; equality compares them.
 */
public record Derivative(Rendition rendition, int width, int height, byte[] bytes) {

    public Derivative {
        Objects.requireNonNull(rendition, "rendition");
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("derivative size " + width + "x" + height);
        bytes = bytes.clone();
    }

    /** A copy of the encoded image. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** How many bytes the encoded image has, without copying it. */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Derivative d
                && rendition.equals(d.rendition)
                && width == d.width
                && height == d.height
                && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rendition, width, height, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "Derivative[" + rendition + ", " + width + "x" + height + ", " + bytes.length + " bytes]";
    }
}
