package galley.media;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPWriteParam;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes an sRGB raster as JPEG, PNG or WebP with no metadata: no EXIF, XMP or ICC profile, only what each format
 * needs (a JPEG's JFIF header). Browsers take untagged images as sRGB, which is what the rasters are.
 */
final class ImageEncoder {

    private static final String JDK_JPEG_WRITER = "com.sun.imageio.plugins.jpeg.JPEGImageWriter";
    private static final String JDK_PNG_WRITER = "com.sun.imageio.plugins.png.PNGImageWriter";

    private final ImageSettings settings;

    ImageEncoder(ImageSettings settings) {
        this.settings = settings;
    }

    byte[] encode(BufferedImage image, ImageFormat format) throws ImageException {
        return switch (format) {
            case JPEG -> write(opaque(image), writer("jpeg", JDK_JPEG_WRITER), jpegParam());
            case PNG -> write(straightAlpha(image), writer("png", JDK_PNG_WRITER), null);
            case WEBP -> write(straightAlpha(image), writer("webp", ""), webpParam());
            default -> throw new IllegalArgumentException("not an encodable format: " + format);
        };
    }

    private ImageWriteParam jpegParam() {
        JPEGImageWriteParam param = new JPEGImageWriteParam(Locale.ROOT);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(settings.jpegQuality() / 100f);
        if (settings.progressiveJpeg()) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT); // optimised Huffman tables come with it
        } else {
            param.setOptimizeHuffmanTables(true);
        }
        return param;
    }

    private ImageWriteParam webpParam() {
        WebPWriteParam param = new WebPWriteParam(Locale.ROOT);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(CompressionType.Lossy);
        param.setCompressionQuality(settings.webpQuality() / 100f);
        param.setMethod(settings.webpMethod());
        param.setThreadLevel(0); // one thread: the same bytes every time, and the caller runs sources in parallel
        return param;
    }

    private static byte[] write(BufferedImage image, ImageWriter writer, ImageWriteParam param) throws ImageException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException | RuntimeException e) {
            throw new ImageException("could not encode the image (" + ImageText.detail(e, "encoder failure") + ")", e);
        } catch (LinkageError e) { // libwebp not loadable on this platform
            throw new ImageException("cannot encode WebP here (" + e.getMessage() + ")", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The named writer (the JDK's own, whatever else is registered), or the first for the format. */
    private static ImageWriter writer(String format, String preferred) throws ImageException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        ImageWriter chosen = null;
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (chosen == null || writer.getClass().getName().equals(preferred)) {
                if (chosen != null) chosen.dispose();
                chosen = writer;
            } else {
                writer.dispose();
            }
        }
        if (chosen == null) throw new ImageException("no " + format + " encoder is available");
        return chosen;
    }

    /** A JPEG has no alpha: transparent parts go on white, as a page's background most likely is. */
    private static BufferedImage opaque(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) return image;
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** PNG and WebP store straight (not premultiplied) alpha. */
    private static BufferedImage straightAlpha(BufferedImage image) {
        if (!image.getColorModel().isAlphaPremultiplied()) return image;
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
