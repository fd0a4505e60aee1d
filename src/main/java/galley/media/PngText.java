package galley.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PNG text chunks ({@code tEXt}, {@code iTXt}, {@code zTXt}), some of which carry metadata other programs wrote: XMP
 * under {@code XML:com.adobe.xmp}, and EXIF, IPTC or XMP hex-encoded under {@code Raw profile type …} (ImageMagick).
 */
final class PngText {

    /** Text past this is not read: a chunk that inflates further is taken to hold a location. */
    private static final int MAX_TEXT = 4 << 20;

    private PngText() {}

    static String keyword(byte[] b, int data, int end) {
        int nul = data;
        while (nul < end && b[nul] != 0) nul++;
        return new String(b, data, nul - data, StandardCharsets.ISO_8859_1);
    }

    /** Whether the chunk holds embedded metadata (XMP or a raw profile), which {@code withoutLocation} drops. */
    static boolean isEmbeddedMetadata(byte[] b, int data, int end) {
        String keyword = keyword(b, data, end);
        return keyword.equals("XML:com.adobe.xmp") || keyword.startsWith("Raw profile type");
    }

    /**
     * Whether a {@code type} chunk may give a location: XMP with GPS coordinates, a raw EXIF profile (hex-encoded;
     * taken to have one without decoding it), or other text that names GPS.
     */
    static boolean hasLocation(String type, byte[] b, int data, int end) {
        String keyword = keyword(b, data, end);
        if (keyword.equals("Raw profile type exif") || keyword.equals("Raw profile type APP1")) return true;
        String text = text(type, b, data, end, keyword.length());
        return text.contains("GPS"); // XMP's exif:GPSLatitude, or a caption that names it
    }

    /** The chunk's text, inflated if compressed (zTXt: a method byte; iTXt: a flag, a method, language and key). */
    private static String text(String type, byte[] b, int data, int end, int keywordLength) {
        int at = data + keywordLength + 1;
        boolean compressed = false;
        if (type.equals("zTXt")) {
            compressed = true;
            at++;
        } else if (type.equals("iTXt")) {
            compressed = at < end && b[at] != 0;
            at += 2;
            for (int nul = 0; nul < 2 && at < end; at++) { // language tag, translated keyword
                if (b[at] == 0) nul++;
            }
        }
        if (at >= end) return "";
        if (!compressed) return new String(b, at, end - at, StandardCharsets.ISO_8859_1);
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(b, at, end - at);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished() && out.size() < MAX_TEXT) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                out.write(buffer, 0, n);
            }
            return out.size() >= MAX_TEXT ? "GPS" : out.toString(StandardCharsets.ISO_8859_1);
        } catch (DataFormatException e) {
            return "";
        } finally {
            inflater.end();
        }
    }
}
