package galley.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * An original's bytes without its location and other identifying metadata, losslessly: the image data is copied,
 * never decoded. What stays: a JPEG's JFIF, ICC profile and Adobe segments, every PNG chunk that is not metadata, and
 * of EXIF only the orientation, artist and copyright, in a new EXIF block. What goes: the rest of EXIF (GPS, camera
 * and lens serial numbers, maker notes, dates, the thumbnail), XMP, IPTC (Photoshop's APP13, which names places),
 * comments, and bytes after the image (a phone's second image or motion-photo video, with their own EXIF).
 */
final class MetadataStripper {

    private MetadataStripper() {}

    static byte[] strip(ImageFormat format, byte[] b) throws ImageException {
        int end = ImageHeaders.requireComplete(format, b);
        return switch (format) {
            case JPEG -> jpeg(b, end);
            case PNG -> png(b, end);
            case WEBP -> webp(b, end);
            case AVIF -> avif(b);
            default -> b; // GIF and SVG carry no EXIF; OTHER is not read
        };
    }

    private static byte[] jpeg(byte[] b, int end) throws ImageException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(0xFF);
        out.write(JpegSegments.SOI);
        boolean exifDone = false;
        for (JpegSegments.Segment s : JpegSegments.headers(b)) {
            int m = s.marker();
            if (m == JpegSegments.SOS) {
                out.write(b, s.start(), end - s.start()); // the scans, byte for byte, through EOI
                break;
            }
            if (m == JpegSegments.APP1 && !exifDone && Exif.startsWith(b, s.data(), "Exif\0\0")) {
                exifDone = true;
                Exif exif = Exif.parse(b, s.data() + 6, s.end());
                if (exif.keepsAnything()) {
                    byte[] tiff = exif.kept();
                    int length = 2 + 6 + tiff.length;
                    out.write(0xFF);
                    out.write(JpegSegments.APP1);
                    out.write(length >> 8);
                    out.write(length);
                    out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
                    out.writeBytes(tiff);
                }
            } else if (keeps(b, s)) {
                out.write(b, s.start(), s.end() - s.start());
            }
        }
        return out.toByteArray();
    }

    /** Tables and frame headers, and the application segments that say how to show the image. */
    private static boolean keeps(byte[] b, JpegSegments.Segment s) {
        int m = s.marker();
        if (m == JpegSegments.APP0) return Exif.startsWith(b, s.data(), "JFIF\0");
        if (m == JpegSegments.APP2) return Exif.startsWith(b, s.data(), "ICC_PROFILE\0");
        if (m == JpegSegments.APP14) return Exif.startsWith(b, s.data(), "Adobe");
        return !(m >= 0xE0 && m <= 0xEF) && m != JpegSegments.COM;
    }

    private static byte[] png(byte[] b, int end) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, 8);
        for (int pos = 8; pos < end; ) {
            int length = bb.getInt(pos);
            int data = pos + 8;
            int next = data + length + 4;
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("eXIf")) {
                Exif exif = Exif.parse(b, data, data + length);
                if (exif.keepsAnything()) pngChunk(out, "eXIf", exif.kept());
            } else if (!(isText(type)
                    && (PngText.isEmbeddedMetadata(b, data, data + length)
                            || PngText.hasLocation(type, b, data, data + length)))) {
                out.write(b, pos, next - pos);
            }
            pos = next;
        }
        return out.toByteArray();
    }

    private static boolean isText(String type) {
        return type.equals("tEXt") || type.equals("iTXt") || type.equals("zTXt");
    }

    private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length)
                .put(type.getBytes(StandardCharsets.ISO_8859_1))
                .put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        out.writeBytes(chunk.array());
    }

    /** WebP: EXIF rewritten like a JPEG's, XMP dropped, and the VP8X flags and RIFF length made to agree. */
    private static byte[] webp(byte[] b, int end) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(b.length);
        int flagsAt = -1;
        boolean exifKept = false;
        for (WebpChunks.Chunk c : WebpChunks.walk(Arrays.copyOf(b, end))) {
            if (c.is("XMP ")) continue;
            if (c.is("EXIF")) {
                Exif exif = Exif.parse(b, c.data(), c.dataEnd());
                if (exif.keepsAnything()) {
                    byte[] tiff = exif.kept();
                    body.writeBytes(new byte[] {'E', 'X', 'I', 'F'});
                    body.writeBytes(ByteBuffer.allocate(4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(tiff.length)
                            .array());
                    body.writeBytes(tiff);
                    if (tiff.length % 2 == 1) body.write(0);
                    exifKept = true;
                }
                continue;
            }
            if (c.is("VP8X")) flagsAt = 12 + body.size() + 8;
            body.write(b, c.start(), c.end() - c.start());
        }
        byte[] out = new byte[12 + body.size()];
        System.arraycopy(b, 0, out, 0, 12);
        System.arraycopy(body.toByteArray(), 0, out, 12, body.size());
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(4, out.length - 8);
        if (flagsAt >= 0) {
            out[flagsAt] &= (byte) ~0x0C; // neither EXIF nor XMP
            if (exifKept) out[flagsAt] |= 0x08;
        }
        return out;
    }

    /**
     * AVIF keeps EXIF and XMP as items inside its boxes, which would need rewriting the item tables and offsets; a
     * file with such an item is refused instead of published with them.
     */
    private static byte[] avif(byte[] b) throws ImageException {
        String head = new String(b, 0, Math.min(b.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        int mdat = head.indexOf("mdat");
        String boxes = mdat < 0 ? head : head.substring(0, mdat);
        if (boxes.contains("Exif") || boxes.contains("application/rdf+xml")) {
            throw new ImageException("AVIF with EXIF or XMP metadata: its location cannot be removed here;"
                    + " remove the metadata before publishing, or publish it with strip_original_metadata off");
        }
        return b;
    }
}
