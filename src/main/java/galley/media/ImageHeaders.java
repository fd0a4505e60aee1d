package galley.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads an image's format, size and metadata facts from its headers ({@link #probe}), and checks that its image data
 * is all there ({@link #requireComplete}). Works on bytes: a prefix of the file for a probe, all of it otherwise.
 */
final class ImageHeaders {

    private static final int VP8X_ANIMATION = 0x02;
    private static final int VP8X_XMP = 0x04;
    private static final int VP8X_EXIF = 0x08;

    private ImageHeaders() {}

    static ImageFormat sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF)
            return ImageFormat.JPEG;
        if (Exif.startsWith(b, 0, "\u0089PNG\r\n\u001A\n")) return ImageFormat.PNG;
        if (Exif.startsWith(b, 0, "GIF87a") || Exif.startsWith(b, 0, "GIF89a")) return ImageFormat.GIF;
        if (Exif.startsWith(b, 0, "RIFF") && Exif.startsWith(b, 8, "WEBP")) return ImageFormat.WEBP;
        if (Exif.startsWith(b, 4, "ftyp") && ImageSize.avif(buffer(b)).isPresent()) return ImageFormat.AVIF;
        String text = new String(b, 0, Math.min(b.length, 4096), StandardCharsets.UTF_8);
        if (text.contains("<svg")) return ImageFormat.SVG;
        return ImageFormat.OTHER;
    }

    /**
     * The probe of an image whose first {@code bytes.length} bytes are given, of {@code fileSize}; empty when its
     * headers go on past the prefix (read it all and ask again).
     */
    static Optional<ImageProbe> probe(byte[] bytes, long fileSize) throws ImageException {
        ImageFormat format = sniff(bytes);
        try {
            return Optional.of(
                    switch (format) {
                        case JPEG -> jpeg(bytes);
                        case PNG -> png(bytes);
                        case GIF -> gif(bytes);
                        case WEBP -> webp(bytes);
                        case AVIF -> avif(bytes);
                        case SVG -> svg(bytes);
                        case OTHER -> new ImageProbe(ImageFormat.OTHER, 0, 0, 1, false, false, false, 0);
                    });
        } catch (IndexOutOfBoundsException e) {
            if (bytes.length < fileSize) return Optional.empty();
            throw truncated(format, bytes.length, format == ImageFormat.GIF ? "before its trailer" : "in its headers");
        }
    }

    private static ImageProbe jpeg(byte[] b) throws ImageException {
        Exif exif = Exif.NONE;
        boolean xmpGps = false;
        JpegSegments.Segment frame = null;
        for (JpegSegments.Segment s : JpegSegments.headers(b)) {
            if (s.marker() == JpegSegments.APP1 && Exif.startsWith(b, s.data(), "Exif\0\0") && exif == Exif.NONE) {
                exif = Exif.parse(b, s.data() + 6, s.end());
            } else if (s.marker() == JpegSegments.APP1 && Exif.startsWith(b, s.data(), "http://ns.adobe.com/")) {
                xmpGps |= Exif.xmpHasGps(b, s.data(), s.end());
            } else if (s.isFrameHeader() && frame == null) {
                frame = s;
            }
        }
        if (frame == null) throw new ImageException("corrupt JPEG (no frame header before its image data)");
        int at = frame.data();
        int bitDepth = b[at] & 0xFF;
        int height = JpegSegments.u16(b, at + 1);
        int width = JpegSegments.u16(b, at + 3);
        int components = b[at + 5] & 0xFF;
        if (width == 0 || height == 0) {
            throw new ImageException("unsupported JPEG (its frame header gives no size: " + width + "x" + height + ")");
        }
        boolean turned = exif.orientation() >= 5;
        return new ImageProbe(
                ImageFormat.JPEG,
                turned ? height : width,
                turned ? width : height,
                exif.orientation(),
                false,
                exif.hasGps() || xmpGps,
                components == 4,
                bitDepth);
    }

    private static ImageProbe png(byte[] b) throws ImageException {
        ByteBuffer bb = buffer(b);
        int width = 0, height = 0, bitDepth = 0;
        boolean animated = false, gps = false;
        for (int pos = 8; ; ) {
            int length = bb.getInt(pos);
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int data = pos + 8;
            if (length < 0) throw new ImageException("corrupt PNG (a " + type + " chunk of length " + length + ")");
            switch (type) {
                case "IHDR" -> {
                    width = bb.getInt(data);
                    height = bb.getInt(data + 4);
                    bitDepth = b[data + 8] & 0xFF;
                }
                case "acTL" -> animated = bb.getInt(data) > 1;
                case "eXIf" -> gps |= Exif.parse(b, data, data + length).hasGps();
                case "tEXt", "iTXt", "zTXt" -> gps |= PngText.hasLocation(type, b, data, data + length);
                default -> {}
            }
            if (type.equals("IDAT") || type.equals("IEND")) break;
            pos = data + length + 4;
        }
        if (width <= 0 || height <= 0) throw new ImageException("corrupt PNG (no image header)");
        return new ImageProbe(ImageFormat.PNG, width, height, 1, animated, gps, false, bitDepth);
    }

    /** GIF: the logical screen's size; animated when a second frame follows (which needs the whole file). */
    private static ImageProbe gif(byte[] b) throws ImageException {
        ByteBuffer le = buffer(b).order(ByteOrder.LITTLE_ENDIAN);
        int width = le.getShort(6) & 0xFFFF;
        int height = le.getShort(8) & 0xFFFF;
        int frames = GifBlocks.walk(b).frames();
        return new ImageProbe(ImageFormat.GIF, width, height, 1, frames > 1, false, false, 8);
    }

    private static ImageProbe webp(byte[] b) throws ImageException {
        ImageSize size = ImageSize.webp(buffer(b)).orElseThrow(() -> new ImageException("corrupt WebP (no size)"));
        boolean animated = false, gps = false;
        if (Exif.startsWith(b, 12, "VP8X")) {
            int flags = b[20] & 0xFF;
            animated = (flags & VP8X_ANIMATION) != 0;
            if ((flags & (VP8X_EXIF | VP8X_XMP)) != 0) {
                for (WebpChunks.Chunk c : WebpChunks.walk(b)) {
                    if (c.is("EXIF"))
                        gps |= Exif.parse(b, c.data(), c.dataEnd()).hasGps();
                    if (c.is("XMP ")) gps |= Exif.xmpHasGps(b, c.data(), c.dataEnd());
                }
            }
        }
        return new ImageProbe(ImageFormat.WEBP, size.width(), size.height(), 1, animated, gps, false, 8);
    }

    /** AVIF: the primary image's size; an image sequence (brand avis) is animated. Its metadata is not read. */
    private static ImageProbe avif(byte[] b) throws ImageException {
        ImageSize size = ImageSize.avif(buffer(b)).orElseThrow(() -> new ImageException("corrupt AVIF (no size)"));
        int ftyp = buffer(b).getInt(0);
        boolean sequence = false;
        for (int p = 8; p + 4 <= Math.min(ftyp, b.length); p += 4) {
            if (p != 12 && Exif.startsWith(b, p, "avis")) sequence = true;
        }
        return new ImageProbe(ImageFormat.AVIF, size.width(), size.height(), 1, sequence, false, false, 0);
    }

    private static ImageProbe svg(byte[] b) {
        Optional<ImageSize> size = ImageSize.svg(buffer(b));
        return new ImageProbe(
                ImageFormat.SVG,
                size.map(ImageSize::width).orElse(0),
                size.map(ImageSize::height).orElse(0),
                1,
                false,
                false,
                false,
                0);
    }

    /**
     * Checks that the whole image is in {@code b} (a JPEG's end-of-image marker, a PNG's IEND, a GIF's trailer, the
     * RIFF length of a WebP) and returns where it ends: decoders fill in what is missing with grey and publish it.
     */
    static int requireComplete(ImageFormat format, byte[] b) throws ImageException {
        try {
            int end = switch (format) {
                case JPEG -> {
                    var headers = JpegSegments.headers(b);
                    yield JpegSegments.imageEnd(b, headers.get(headers.size() - 1));
                }
                case PNG -> pngEnd(b);
                case GIF -> GifBlocks.walk(b).end();
                case WEBP -> {
                    long riff = (buffer(b).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xFFFFFFFFL) + 8;
                    if (riff > b.length) {
                        throw new ImageException("truncated WebP (ends after " + ImageText.count(b.length) + " of "
                                + ImageText.count(riff) + " bytes)");
                    }
                    yield (int) riff;
                }
                default -> b.length;
            };
            if (end < 0) throw truncated(format, b.length, "before its end-of-image marker");
            return end;
        } catch (IndexOutOfBoundsException e) {
            String where = switch (format) {
                case PNG -> "before its IEND chunk";
                case GIF -> "before its trailer";
                default -> "in its headers";
            };
            throw truncated(format, b.length, where);
        }
    }

    private static int pngEnd(byte[] b) {
        ByteBuffer bb = buffer(b);
        for (int pos = 8; ; ) {
            int length = bb.getInt(pos);
            int end = pos + 12 + length;
            if (length < 0 || end > b.length) throw new IndexOutOfBoundsException(end);
            if (Exif.startsWith(b, pos + 4, "IEND")) return end;
            pos = end;
        }
    }

    static ImageException truncated(ImageFormat format, int length, String where) {
        String name = format == ImageFormat.WEBP ? "WebP" : format.name();
        return new ImageException(
                "truncated " + name + " (ends after " + ImageText.count(length) + " bytes, " + where + ")");
    }

    private static ByteBuffer buffer(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
    }
}
