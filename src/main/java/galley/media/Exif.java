package galley.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The few EXIF facts Galley reads or keeps, from a TIFF structure (a JPEG's APP1 after {@code Exif\0\0}, a PNG's
 * {@code eXIf} chunk, a WebP's {@code EXIF} chunk): the orientation, whether there is a location, and the artist and
 * copyright fields, kept when the rest (GPS, camera serial, maker notes) is removed.
 *
 * @param artist the raw ASCII value of tag 0x013B with its NUL, or empty
 * @param copyright the raw ASCII value of tag 0x8298, or empty
 */
record Exif(int orientation, boolean hasGps, byte[] artist, byte[] copyright) {

    static final Exif NONE = new Exif(1, false, new byte[0], new byte[0]);

    private static final int ORIENTATION = 0x0112;
    private static final int ARTIST = 0x013B;
    private static final int COPYRIGHT = 0x8298;
    private static final int GPS_IFD = 0x8825;
    private static final int GPS_VERSION = 0x0000;
    private static final int TYPE_ASCII = 2;
    private static final int TYPE_SHORT = 3;

    /**
     * The facts in {@code tiff[from, to)}. A damaged structure gives what could be read before the damage: the
     * orientation 1 and no location when nothing could (a location that cannot be read cannot be shown either, and
     * {@link MetadataStripper} drops the whole block anyway).
     */
    static Exif parse(byte[] bytes, int from, int to) {
        if (to - from >= 6 && startsWith(bytes, from, "Exif\0\0")) from += 6; // some PNG and WebP writers keep it
        ByteBuffer tiff = ByteBuffer.wrap(bytes, from, to - from).slice();
        try {
            if (tiff.get(0) == 'I' && tiff.get(1) == 'I') tiff.order(ByteOrder.LITTLE_ENDIAN);
            else if (tiff.get(0) != 'M' || tiff.get(1) != 'M') return NONE;
            if (u16(tiff, 2) != 42) return NONE;
            int ifd = tiff.getInt(4);
            int entries = u16(tiff, ifd);
            int orientation = 1;
            boolean gps = false;
            byte[] artist = new byte[0];
            byte[] copyright = new byte[0];
            for (int i = 0; i < entries; i++) {
                int entry = ifd + 2 + 12 * i;
                int tag = u16(tiff, entry);
                if (tag == ORIENTATION) {
                    int value = u16(tiff, entry + 8);
                    if (value >= 1 && value <= 8) orientation = value;
                } else if (tag == GPS_IFD) {
                    gps = hasLocation(tiff, tiff.getInt(entry + 8));
                } else if (tag == ARTIST && u16(tiff, entry + 2) == TYPE_ASCII) {
                    artist = ascii(tiff, entry);
                } else if (tag == COPYRIGHT && u16(tiff, entry + 2) == TYPE_ASCII) {
                    copyright = ascii(tiff, entry);
                }
            }
            return new Exif(orientation, gps, artist, copyright);
        } catch (IndexOutOfBoundsException e) {
            return NONE;
        }
    }

    /** A GPS directory with any entry but the version: phones with location off write the version alone. */
    private static boolean hasLocation(ByteBuffer tiff, int gpsIfd) {
        int entries = u16(tiff, gpsIfd);
        for (int i = 0; i < entries; i++) {
            if (u16(tiff, gpsIfd + 2 + 12 * i) != GPS_VERSION) return true;
        }
        return false;
    }

    private static byte[] ascii(ByteBuffer tiff, int entry) {
        int count = tiff.getInt(entry + 4);
        if (count < 0 || count > 64 * 1024) return new byte[0];
        int at = count <= 4 ? entry + 8 : tiff.getInt(entry + 8);
        byte[] value = new byte[count];
        tiff.get(at, value);
        return value;
    }

    /** Whether anything is worth keeping once the rest is removed. */
    boolean keepsAnything() {
        return orientation != 1 || artist.length > 0 || copyright.length > 0;
    }

    /**
     * A new TIFF structure (big-endian, no {@code Exif\0\0} prefix) with only the orientation, artist and copyright:
     * no GPS, serial number, maker notes, dates or thumbnail.
     */
    byte[] kept() {
        int count = (orientation != 1 ? 1 : 0) + (artist.length > 0 ? 1 : 0) + (copyright.length > 0 ? 1 : 0);
        int valuesAt = 8 + 2 + 12 * count + 4;
        ByteBuffer ifd = ByteBuffer.allocate(valuesAt + artist.length + copyright.length + 2);
        ifd.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) count);
        ByteArrayOutputStream values = new ByteArrayOutputStream();
        if (orientation != 1) {
            ifd.putShort((short) ORIENTATION).putShort((short) TYPE_SHORT).putInt(1);
            ifd.putShort((short) orientation).putShort((short) 0);
        }
        for (int tag : new int[] {ARTIST, COPYRIGHT}) {
            byte[] value = tag == ARTIST ? artist : copyright;
            if (value.length == 0) continue;
            ifd.putShort((short) tag).putShort((short) TYPE_ASCII).putInt(value.length);
            if (value.length <= 4) {
                ifd.put(value).put(new byte[4 - value.length]);
            } else {
                ifd.putInt(valuesAt + values.size());
                values.writeBytes(value);
                if (values.size() % 2 == 1) values.write(0); // TIFF values start at even offsets
            }
        }
        ifd.putInt(0); // no next directory (the thumbnail's)
        byte[] out = new byte[valuesAt + values.size()];
        ifd.flip().get(out, 0, valuesAt);
        System.arraycopy(values.toByteArray(), 0, out, valuesAt, values.size());
        return out;
    }

    /** Whether an XMP packet gives coordinates ({@code exif:GPSLatitude} as an attribute or element). */
    static boolean xmpHasGps(byte[] bytes, int from, int to) {
        String xmp = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        return xmp.contains("GPSLatitude") || xmp.contains("GPSLongitude");
    }

    static boolean startsWith(byte[] bytes, int at, String ascii) {
        if (at < 0 || at + ascii.length() > bytes.length) return false;
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[at + i] != (byte) ascii.charAt(i)) return false;
        }
        return true;
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xFFFF;
    }
}
