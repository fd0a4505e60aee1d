package galley.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The intrinsic width and height of an image file, in CSS pixels as a browser shows it, read from
 * the file's header without decoding its pixels: JPEG (the frame header; its Exif orientation
 * applied, as browsers rotate such photos), PNG (IHDR), GIF (the logical screen), WebP, AVIF and
 * SVG. Anything else, or a file that cannot be read or parsed, has no known size: the caller
 * leaves {@code width} and {@code height} out.
 *
 * <p>Not through {@code javax.imageio}, whose readers' {@code getWidth} read only the header too:
 * its first call costs about 60 ms of CPU (the plugin registry and the native JPEG codec; 11 ms
 * here), a fixed cost of every cold build with an image, and after that a file costs about the
 * same either way (40–100 µs of CPU, mostly opening it; 2,000 JPEGs, a loaded 2-core machine).
 * A GIF's size here is its logical screen, as browsers show it (ImageIO gives the first frame's).
 */
public record ImageSize(int width, int height) {

    /** How much of a file is read at once: the headers that matter come first (a JPEG's may be found further on). */
    private static final int HEAD = 16 * 1024;

    public ImageSize {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size " + width + "x" + height);
    }

    /** The size of the image in {@code file}, or empty when it is not known. Never throws. */
    public static Optional<ImageSize> read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = head(channel);
            if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
                return jpeg(channel, head).map(s -> exifRotated(head) ? new ImageSize(s.height(), s.width()) : s);
            }
            if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)
                    && startsWith(head, 12, 'I', 'H', 'D', 'R')
                    && head.limit() >= 24) {
                return size(head.getInt(16) & 0xFFFFFFFFL, head.getInt(20) & 0xFFFFFFFFL);
            }
            if (startsWith(head, 0, 'G', 'I', 'F', '8') && head.limit() >= 10) {
                ByteBuffer le = head.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                return size(le.getShort(6) & 0xFFFF, le.getShort(8) & 0xFFFF);
            }
            if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) return webp(head);
            if (startsWith(head, 4, 'f', 't', 'y', 'p')) return avif(head);
            return svg(head);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ByteBuffer head(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEAD, channel.size()));
        while (head.hasRemaining() && channel.read(head) >= 0) {
            // until the buffer is full or the file ends
        }
        return head.flip().order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * JPEG: the size in the first frame header (SOF0 to SOF15 but DHT, JPG and DAC), found by
     * walking the segments from the start; segments past the head (a large Exif thumbnail or ICC
     * profile before the frame) are stepped over by reading at their offsets.
     */
    private static Optional<ImageSize> jpeg(FileChannel channel, ByteBuffer head) throws IOException {
        long size = channel.size();
        long pos = 2;
        ByteBuffer at = ByteBuffer.allocate(9);
        for (int segments = 0; segments < 10_000 && pos + 4 <= size; segments++) {
            ByteBuffer b;
            int i;
            if (pos + 9 <= head.limit()) {
                b = head;
                i = (int) pos;
            } else {
                at.clear();
                while (at.hasRemaining() && channel.read(at, pos + at.position()) >= 0) {
                    // until 9 bytes or the end of the file
                }
                b = at.flip();
                i = 0;
                if (b.limit() < 4) return Optional.empty();
            }
            if ((b.get(i) & 0xFF) != 0xFF) return Optional.empty();
            int marker = b.get(i + 1) & 0xFF;
            if (marker == 0xFF) { // fill byte
                pos++;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) return Optional.empty(); // the end, or image data: no frame header
            if (marker >= 0xD0 && marker <= 0xD8 || marker == 0x01) { // markers without a length
                pos += 2;
                continue;
            }
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) {
                if (b.limit() < i + 9) return Optional.empty();
                return size(b.getShort(i + 7) & 0xFFFF, b.getShort(i + 5) & 0xFFFF);
            }
            int length = b.getShort(i + 2) & 0xFFFF;
            if (length < 2) return Optional.empty();
            pos += 2 + length;
        }
        return Optional.empty();
    }

    /**
     * Whether a JPEG's Exif orientation (tag 0x0112 in IFD0 of its APP1 segment) turns it a quarter
     * (values 5 to 8), which browsers apply: width and height are then the other way round.
     */
    static boolean exifRotated(ByteBuffer head) {
        int pos = 2;
        while (pos + 4 <= head.limit() && (head.get(pos) & 0xFF) == 0xFF) {
            int marker = head.get(pos + 1) & 0xFF;
            if (marker == 0xDA || marker == 0xD9) return false; // image data: no Exif before it
            int length = head.getShort(pos + 2) & 0xFFFF;
            int data = pos + 4;
            if (marker == 0xE1 && data + 14 <= head.limit() && startsWith(head, data, 'E', 'x', 'i', 'f', 0, 0)) {
                int tiff = data + 6;
                ByteBuffer t =
                        head.duplicate().order(head.get(tiff) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                int ifd = tiff + t.getInt(tiff + 4);
                if (ifd < tiff || ifd + 2 > head.limit()) return false;
                int entries = t.getShort(ifd) & 0xFFFF;
                for (int i = 0; i < entries && ifd + 2 + 12 * i + 12 <= head.limit(); i++) {
                    int entry = ifd + 2 + 12 * i;
                    if ((t.getShort(entry) & 0xFFFF) == 0x0112) {
                        int orientation = t.getShort(entry + 8) & 0xFFFF;
                        return orientation >= 5 && orientation <= 8;
                    }
                }
                return false;
            }
            pos = data + length - 2;
        }
        return false;
    }

    /** WebP: the lossy (VP8), lossless (VP8L) or extended (VP8X) header that follows the RIFF header. */
    static Optional<ImageSize> webp(ByteBuffer head) {
        ByteBuffer b = head.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (startsWith(b, 12, 'V', 'P', '8', ' ') && b.limit() >= 30 && startsWith(b, 23, 0x9D, 0x01, 0x2A)) {
            return size(b.getShort(26) & 0x3FFF, b.getShort(28) & 0x3FFF);
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'L') && b.limit() >= 25 && (b.get(20) & 0xFF) == 0x2F) {
            int bits = b.getInt(21);
            return size((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'X') && b.limit() >= 30) {
            return size(uint24(b, 24) + 1, uint24(b, 27) + 1);
        }
        return Optional.empty();
    }

    /**
     * AVIF (an ISO base media file with the brand avif or avis): the largest image spatial extent
     * ({@code ispe}) in {@code meta/iprp/ipco}, the primary image's (the others are thumbnails,
     * grid tiles or an alpha plane), turned if an {@code irot} property turns by a quarter.
     */
    static Optional<ImageSize> avif(ByteBuffer head) {
        int ftyp = head.getInt(0);
        boolean avif = false;
        for (int p = 8; p + 4 <= Math.min(ftyp, head.limit()); p += 4) {
            if (p != 12 && (startsWith(head, p, 'a', 'v', 'i', 'f') || startsWith(head, p, 'a', 'v', 'i', 's')))
                avif = true;
        }
        if (!avif) return Optional.empty();
        int[] found = new int[3]; // width, height, quarter turns
        boxes(head, ftyp, head.limit(), found);
        if (found[0] == 0) return Optional.empty();
        return found[2] % 2 == 1 ? size(found[1], found[0]) : size(found[0], found[1]);
    }

    /** Walks the boxes in {@code [from, to)}, into meta, iprp and ipco, noting ispe and irot. */
    private static void boxes(ByteBuffer b, int from, int to, int[] found) {
        int pos = from;
        while (pos + 8 <= to) {
            long size = b.getInt(pos) & 0xFFFFFFFFL;
            if (size == 0) size = to - pos; // to the end
            if (size < 8 || pos + size > to) size = to - pos; // cut off by the head: look inside what is there
            int end = (int) (pos + size);
            int body = pos + 8;
            if (startsWith(b, pos + 4, 'm', 'e', 't', 'a')) {
                boxes(b, body + 4, end, found); // a full box: version and flags first
            } else if (startsWith(b, pos + 4, 'i', 'p', 'r', 'p') || startsWith(b, pos + 4, 'i', 'p', 'c', 'o')) {
                boxes(b, body, end, found);
            } else if (startsWith(b, pos + 4, 'i', 's', 'p', 'e') && body + 12 <= end) {
                long w = b.getInt(body + 4) & 0xFFFFFFFFL;
                long h = b.getInt(body + 8) & 0xFFFFFFFFL;
                if (w * h > (long) found[0] * found[1] && w <= Integer.MAX_VALUE && h <= Integer.MAX_VALUE) {
                    found[0] = (int) w;
                    found[1] = (int) h;
                }
            } else if (startsWith(b, pos + 4, 'i', 'r', 'o', 't') && body < end) {
                found[2] = b.get(body) & 0x03;
            } else if (startsWith(b, pos + 4, 'm', 'd', 'a', 't')) {
                return; // the image data: the properties come before it
            }
            pos = end;
        }
    }

    private static final Pattern SVG_TAG = Pattern.compile("<svg\\b([^>]*)>");
    private static final Pattern LENGTH = Pattern.compile("\\s*(\\d*\\.?\\d+)\\s*(?:px)?\\s*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?");

    /**
     * SVG: the root element's {@code width} and {@code height} when given in pixels (or without a
     * unit); with only one of them or neither, the other from the {@code viewBox}'s proportions (the
     * size a browser gives an image whose width is set by CSS, as the theme's is). Percentages and
     * other units have no size known here.
     */
    static Optional<ImageSize> svg(ByteBuffer head) {
        String text = StandardCharsets.UTF_8.decode(head.duplicate()).toString();
        Matcher tag = SVG_TAG.matcher(text);
        if (!tag.find()) return Optional.empty();
        String attributes = " " + tag.group(1);
        Optional<String> width = attribute(attributes, "width");
        Optional<String> height = attribute(attributes, "height");
        double w = width.map(ImageSize::pixels).orElse(0.0);
        double h = height.map(ImageSize::pixels).orElse(0.0);
        if (width.isPresent() && w <= 0 || height.isPresent() && h <= 0)
            return Optional.empty(); // a unit not known here
        if (w > 0 && h > 0) return size(w, h);
        Optional<String> viewBox = attribute(attributes, "viewBox");
        if (viewBox.isEmpty()) return Optional.empty();
        Matcher n = NUMBER.matcher(viewBox.get());
        double[] box = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!n.find()) return Optional.empty();
            box[i] = Double.parseDouble(n.group());
        }
        if (box[2] <= 0 || box[3] <= 0) return Optional.empty();
        if (w > 0) return size(w, w * box[3] / box[2]);
        if (h > 0) return size(h * box[2] / box[3], h);
        return size(box[2], box[3]);
    }

    private static Optional<String> attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')")
                .matcher(attributes);
        if (!m.find()) return Optional.empty();
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** A length in pixels, or 0 if it has another unit. */
    private static double pixels(String value) {
        Matcher m = LENGTH.matcher(value);
        return m.matches() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static Optional<ImageSize> size(double width, double height) {
        long w = Math.round(width);
        long h = Math.round(height);
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) return Optional.empty();
        return Optional.of(new ImageSize((int) w, (int) h));
    }

    private static int uint24(ByteBuffer b, int at) {
        return (b.get(at) & 0xFF) | (b.get(at + 1) & 0xFF) << 8 | (b.get(at + 2) & 0xFF) << 16;
    }

    private static boolean startsWith(ByteBuffer b, int at, int... bytes) {
        if (at < 0 || at + bytes.length > b.limit()) return false;
        for (int i = 0; i < bytes.length; i++) {
            if ((b.get(at + i) & 0xFF) != bytes[i]) return false;
        }
        return true;
    }
}
