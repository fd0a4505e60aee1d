package galley.media;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a source image once, subsampled while reading, into an sRGB raster turned upright: {@code TYPE_INT_RGB}, or
 * {@code TYPE_INT_ARGB_PRE} with alpha.
 */
final class SourceDecoder {

    /** The reader used for each format, by class name, so that the output does not depend on plugin order. */
    private static final String TWELVEMONKEYS_JPEG = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader";

    private SourceDecoder() {}

    /** The source's pixels, {@code subsampling} to one in each direction, upright and in sRGB. */
    static BufferedImage decode(byte[] bytes, ImageProbe probe, int subsampling) throws ImageException {
        BufferedImage raw = read(bytes, probe.format(), subsampling);
        return upright(toSrgb(raw), probe.orientation());
    }

    private static BufferedImage read(byte[] bytes, ImageFormat format, int subsampling) throws ImageException {
        ImageReader reader = reader(format);
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            ImageReadParam param = reader.getDefaultReadParam();
            if (subsampling > 1 && format != ImageFormat.WEBP) {
                // the middle pixel of each block, not its corner: no half-block shift of the picture
                int offset = subsampling / 2;
                param.setSourceSubsampling(subsampling, subsampling, offset, offset);
            }
            BufferedImage image = reader.read(0, param);
            for (String warning : warnings) {
                if (isDamage(warning)) throw new ImageException("corrupt " + name(format) + " (" + warning + ")");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            throw new ImageException(
                    "corrupt " + name(format) + " (" + ImageText.detail(e, "unreadable image data") + ")", e);
        } catch (LinkageError e) { // libwebp not loadable on this platform
            throw new ImageException(name(format) + " images cannot be decoded here (" + e.getMessage() + ")", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * A reader warning that means pixels are missing or wrong (libjpeg's "Corrupt JPEG data", a truncated file), not
     * one about how colours were converted or about stray bytes between segments, which every JPEG decoder skips.
     */
    static boolean isDamage(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        if (w.contains("extraneous bytes")) return false;
        return w.contains("corrupt") || w.contains("truncated") || w.contains("premature") || w.contains("missing eoi");
    }

    private static ImageReader reader(ImageFormat format) throws ImageException {
        Iterator<ImageReader> readers =
                ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
        ImageReader first = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            boolean wanted =
                    format != ImageFormat.JPEG || reader.getClass().getName().equals(TWELVEMONKEYS_JPEG);
            if (wanted && first == null) first = reader;
            else reader.dispose();
        }
        if (first == null) throw new ImageException(name(format) + " images cannot be decoded here (no decoder)");
        return first;
    }

    /**
     * In sRGB: a CMYK or YCCK JPEG comes converted by TwelveMonkeys; an image left in an embedded ICC profile's
     * space is converted here. Grey is kept as it is: Java's grey colour space is linear, so converting through it
     * would lighten every grey JPEG and PNG (their values are already gamma-encoded like sRGB).
     */
    private static BufferedImage toSrgb(BufferedImage raw) {
        ColorSpace space = raw.getColorModel().getColorSpace();
        if (space.isCS_sRGB() || space.getType() == ColorSpace.TYPE_GRAY) return raw;
        boolean alpha = raw.getColorModel().hasAlpha();
        BufferedImage srgb = new BufferedImage(
                raw.getWidth(), raw.getHeight(), alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        return new ColorConvertOp(null).filter(raw, srgb);
    }

    /**
     * Turned and flipped by the EXIF orientation, as {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB_PRE}: Java2D scales
     * int rasters on a faster path than the 3-byte ones JPEGs decode to, which repays the copy once there are several
     * renditions (the copy is counted in {@link ImageProcessor}'s memory estimate).
     */
    static BufferedImage upright(BufferedImage image, int orientation) {
        boolean alpha = image.getColorModel().hasAlpha();
        if (orientation == 1 && !alpha && image.getType() == BufferedImage.TYPE_INT_RGB) return image;
        int w = image.getWidth();
        int h = image.getHeight();
        boolean turned = orientation >= 5;
        BufferedImage out = new BufferedImage(
                turned ? h : w, turned ? w : h, alpha ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.drawImage(image, orientation(orientation, w, h), null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The transform that takes the stored {@code w}×{@code h} pixels to their displayed places (EXIF 2.32, 4.6.4). */
    static AffineTransform orientation(int orientation, int w, int h) {
        return switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0); // mirrored left to right
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h); // half a turn
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h); // mirrored top to bottom
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0); // a quarter turn clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w); // transversed
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w); // a quarter turn anticlockwise
            default -> new AffineTransform();
        };
    }

    static String name(ImageFormat format) {
        return format == ImageFormat.WEBP ? "WebP" : format.name();
    }
}
