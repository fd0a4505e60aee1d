package galley.media;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Images made in Java for the media tests: photos with EXIF, CMYK JPEGs, transparent PNGs, animated GIFs. */
final class ImageFixtures {

    private ImageFixtures() {}

    /** A smooth picture with four coloured corner blocks, so that where a corner went can be seen. */
    static BufferedImage cornered(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(120, 120, 120), width, height, new Color(160, 160, 160)));
        g.fillRect(0, 0, width, height);
        int bw = width / 4, bh = height / 4;
        g.setColor(Color.RED); // top left
        g.fillRect(0, 0, bw, bh);
        g.setColor(Color.GREEN); // top right
        g.fillRect(width - bw, 0, bw, bh);
        g.setColor(Color.BLUE); // bottom left
        g.fillRect(0, height - bh, bw, bh);
        g.setColor(Color.YELLOW); // bottom right
        g.fillRect(width - bw, height - bh, bw, bh);
        g.dispose();
        return image;
    }

    static byte[] jpeg(BufferedImage image) {
        return jpeg(image, 0.92f);
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = jdkWriter("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        return write(writer, new IIOImage(image, null, null), param);
    }

    static byte[] png(BufferedImage image) {
        return write(jdkWriter("png"), new IIOImage(image, null, null), null);
    }

    /**
     * A CMYK JPEG as Photoshop writes them (an Adobe segment with transform 0, inverted values) and no ICC profile,
     * from {@code cmyk[y][x] = {c, m, y, k}} in 0..255.
     */
    static byte[] cmykJpeg(int[][][] cmyk) {
        return fourComponentJpeg(cmyk, false);
    }

    /**
     * A YCCK JPEG as Photoshop writes them (Adobe transform 2): the ink amounts of C, M and Y coded as if they were
     * R, G and B in YCbCr, and K inverted.
     */
    static byte[] ycckJpeg(int[][][] cmyk) {
        return fourComponentJpeg(cmyk, true);
    }

    private static byte[] fourComponentJpeg(int[][][] cmyk, boolean ycck) {
        int height = cmyk.length, width = cmyk[0].length;
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] ink = cmyk[y][x];
                int[] stored = {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]};
                if (ycck) {
                    double r = ink[0], g = ink[1], b = ink[2];
                    stored[0] = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                    stored[1] = (int) Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
                    stored[2] = (int) Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
                }
                for (int band = 0; band < 4; band++) {
                    raster.setSample(x, y, band, Math.max(0, Math.min(255, stored[band])));
                }
            }
        }
        ImageWriter writer = jdkWriter("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        ImageTypeSpecifier type = ImageTypeSpecifier.createInterleaved(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), new int[] {0, 1, 2, 3}, DataBuffer.TYPE_BYTE, true, false);
        IIOMetadata metadata = writer.getDefaultImageMetadata(type, param);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode sequence =
                (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("version", "100");
        adobe.setAttribute("flags0", "0");
        adobe.setAttribute("flags1", "0");
        adobe.setAttribute("transform", ycck ? "2" : "0");
        sequence.insertBefore(adobe, sequence.getFirstChild());
        try {
            metadata.setFromTree(format, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write(writer, new IIOImage(raster, null, metadata), param);
    }

    static byte[] animatedGif(int width, int height, int frames) {
        ImageWriter writer = jdkWriter("gif");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                g.setColor(i % 2 == 0 ? Color.RED : Color.BLUE);
                g.fillRect(0, 0, width, height);
                g.dispose();
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The JDK's own writer: the fixtures do not depend on which plugins are registered. */
    static ImageWriter jdkWriter(String format) {
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format); it.hasNext(); ) {
            ImageWriter writer = it.next();
            if (writer.getClass().getName().startsWith("com.sun.imageio")) return writer;
        }
        throw new IllegalStateException("no JDK writer for " + format);
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    // ---- EXIF and XMP ------------------------------------------------------------------------------------

    /** What the EXIF block written by {@link #exif} holds. */
    record ExifContent(int orientation, boolean gps, String artist, String copyright, String serial) {
        static ExifContent orientation(int orientation) {
            return new ExifContent(orientation, false, null, null, null);
        }
    }

    /**
     * A little-endian TIFF structure as a phone writes it: IFD0 with Make, Orientation, Artist and Copyright and
     * pointers to an EXIF directory (a body serial number) and a GPS directory (latitude 50°27'N, longitude 30°31'E).
     */
    static byte[] exif(ExifContent content) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        // IFD0 at 8 with up to 6 entries; values area from 200
        int values = 200;
        java.util.List<int[]> entries = new java.util.ArrayList<>(); // tag, type, count, value-or-offset
        java.util.Map<Integer, byte[]> data = new java.util.LinkedHashMap<>();
        entries.add(new int[] {0x010F, 2, 7, values});
        data.put(values, "Galley\0".getBytes(StandardCharsets.US_ASCII));
        values += 8;
        entries.add(new int[] {0x0112, 3, 1, content.orientation()});
        if (content.artist() != null) {
            byte[] v = (content.artist() + "\0").getBytes(StandardCharsets.US_ASCII);
            entries.add(new int[] {0x013B, 2, v.length, values});
            data.put(values, v);
            values += v.length + 1 & ~1;
        }
        if (content.copyright() != null) {
            byte[] v = (content.copyright() + "\0").getBytes(StandardCharsets.US_ASCII);
            entries.add(new int[] {0x8298, 2, v.length, values});
            data.put(values, v);
            values += v.length + 1 & ~1;
        }
        int exifIfd = 600, gpsIfd = 800;
        if (content.serial() != null) entries.add(new int[] {0x8769, 4, 1, exifIfd});
        if (content.gps()) entries.add(new int[] {0x8825, 4, 1, gpsIfd});
        b.position(8);
        b.putShort((short) entries.size());
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            if (e[1] == 3) b.putShort((short) e[3]).putShort((short) 0);
            else b.putInt(e[3]);
        }
        b.putInt(0);
        data.forEach((at, v) -> b.put(at, v));
        if (content.serial() != null) {
            byte[] v = (content.serial() + "\0").getBytes(StandardCharsets.US_ASCII);
            b.position(exifIfd);
            b.putShort((short) 1)
                    .putShort((short) 0xA431)
                    .putShort((short) 2)
                    .putInt(v.length)
                    .putInt(exifIfd + 20);
            b.putInt(0);
            b.put(exifIfd + 20, v);
        }
        if (content.gps()) {
            b.position(gpsIfd);
            b.putShort((short) 5);
            b.putShort((short) 0x0000).putShort((short) 1).putInt(4).put(new byte[] {2, 3, 0, 0});
            b.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
            b.putShort((short) 0x0002).putShort((short) 5).putInt(3).putInt(gpsIfd + 100);
            b.putShort((short) 0x0003).putShort((short) 2).putInt(2).put(new byte[] {'E', 0, 0, 0});
            b.putShort((short) 0x0004).putShort((short) 5).putInt(3).putInt(gpsIfd + 124);
            b.putInt(0);
            b.position(gpsIfd + 100);
            b.putInt(50).putInt(1).putInt(27).putInt(1).putInt(0).putInt(1);
            b.putInt(30).putInt(1).putInt(31).putInt(1).putInt(0).putInt(1);
        }
        return java.util.Arrays.copyOf(b.array(), 1000);
    }

    static final String XMP_WITH_GPS = "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
            + "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
            + "<rdf:Description xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='50,27.0N'"
            + " exif:GPSLongitude='30,31.0E'/></rdf:RDF></x:xmpmeta><?xpacket end='w'?>";

    /** {@code jpeg} with an APP1 EXIF segment (and an APP1 XMP one, if given) after its JFIF header. */
    static byte[] withExif(byte[] jpeg, byte[] tiff, String xmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int afterApp0 = 2 + 2 + JpegSegments.u16(jpeg, 4);
        out.write(jpeg, 0, afterApp0);
        segment(out, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff));
        if (xmp != null) {
            segment(out, 0xE1, ("http://ns.adobe.com/xap/1.0/\0" + xmp).getBytes(StandardCharsets.UTF_8));
        }
        out.write(jpeg, afterApp0, jpeg.length - afterApp0);
        return out.toByteArray();
    }

    /** {@code jpeg} with a segment added after its JFIF header. */
    static byte[] withSegment(byte[] jpeg, int marker, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int afterApp0 = 2 + 2 + JpegSegments.u16(jpeg, 4);
        out.write(jpeg, 0, afterApp0);
        segment(out, marker, data);
        out.write(jpeg, afterApp0, jpeg.length - afterApp0);
        return out.toByteArray();
    }

    static void segment(ByteArrayOutputStream out, int marker, byte[] data) {
        out.write(0xFF);
        out.write(marker);
        out.write((data.length + 2) >> 8);
        out.write(data.length + 2);
        out.writeBytes(data);
    }

    /** {@code png} with {@code chunk} inserted after IHDR. */
    static byte[] withChunk(byte[] png, String type, byte[] data) {
        int afterIhdr = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length)
                .put(type.getBytes(StandardCharsets.ISO_8859_1))
                .put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        out.writeBytes(chunk.array());
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    static boolean contains(byte[] haystack, String ascii) {
        return indexOf(haystack, ascii.getBytes(StandardCharsets.ISO_8859_1)) >= 0;
    }
}
