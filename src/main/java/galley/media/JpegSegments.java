package galley.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The marker segments of a JPEG up to its first scan, and where its image data ends. Reads past the end of the array
 * throw {@link IndexOutOfBoundsException}: the caller tells a prefix it read from a truncated file.
 */
final class JpegSegments {

    static final int SOI = 0xD8;
    static final int EOI = 0xD9;
    static final int SOS = 0xDA;
    static final int APP0 = 0xE0;
    static final int APP1 = 0xE1;
    static final int APP2 = 0xE2;
    static final int APP14 = 0xEE;
    static final int COM = 0xFE;

    /** One marker segment: {@code bytes[start]} is its 0xFF, its data runs from {@code start + 4} to {@code end}. */
    record Segment(int marker, int start, int end) {
        int data() {
            return start + 4;
        }

        boolean isFrameHeader() {
            return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        }
    }

    private JpegSegments() {}

    /** The segments after SOI up to and including the first SOS (the last in the list). */
    static List<Segment> headers(byte[] b) throws ImageException {
        List<Segment> segments = new ArrayList<>();
        int pos = 2;
        while (true) {
            if ((b[pos] & 0xFF) != 0xFF) {
                throw new ImageException("corrupt JPEG (no marker at byte " + ImageText.count(pos) + ")");
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                pos++;
                continue;
            }
            if (marker == SOI || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) { // no length
                pos += 2;
                continue;
            }
            if (marker == EOI) throw new ImageException("corrupt JPEG (it ends before its image data)");
            int length = u16(b, pos + 2);
            if (length < 2) throw new ImageException("corrupt JPEG (a segment of length " + length + ")");
            Segment segment = new Segment(marker, pos, pos + 2 + length);
            if (segment.end() > b.length) throw new IndexOutOfBoundsException(segment.end());
            segments.add(segment);
            if (marker == SOS) return segments;
            pos = segment.end();
        }
    }

    /**
     * The offset just past the EOI marker, found by reading the entropy-coded data after {@code sos} (and any further
     * tables and scans of a progressive JPEG); -1 if the data stops first. Bytes after EOI (a phone's second image or
     * video) are not the image's.
     */
    static int imageEnd(byte[] b, Segment sos) {
        int pos = sos.end();
        int n = b.length;
        while (pos < n - 1) {
            if ((b[pos] & 0xFF) != 0xFF) {
                pos++;
                continue;
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0x00 || marker >= 0xD0 && marker <= 0xD7) { // a stuffed 0xFF or a restart marker
                pos += 2;
            } else if (marker == 0xFF) {
                pos++;
            } else if (marker == EOI) {
                return pos + 2;
            } else { // another table or scan header
                if (pos + 4 > n) return -1;
                pos += 2 + u16(b, pos + 2);
            }
        }
        return -1;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }
}
