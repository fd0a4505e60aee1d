package galley.media;

import static galley.media.ImageFixtures.contains;
import static galley.media.ImageFixtures.cornered;
import static galley.media.ImageFixtures.exif;
import static galley.media.ImageFixtures.jpeg;
import static galley.media.ImageFixtures.png;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.media.ImageFixtures.ExifContent;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePrivacyTest {

    @TempDir
    Path tmp;

    private final ImageProcessor images = new ImageProcessor(ImageSettings.defaults());

    private Path file(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static final ExifContent PHONE = new ExifContent(6, true, "A. Reporter", "(c) Galley News", "SN-40512");

    /**
     * A phone photo: EXIF with GPS, a serial number, orientation, artist and copyright; XMP with coordinates; an sRGB
     * ICC profile; Photoshop IPTC naming a place; a comment; and a second image after the end marker.
     */
    static byte[] phonePhoto() {
        byte[] photo = jpeg(cornered(400, 300));
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        photo = ImageFixtures.withSegment(
                photo, 0xE2, ImageFixtures.concat("ICC_PROFILE\0\1\1".getBytes(StandardCharsets.ISO_8859_1), icc));
        photo = ImageFixtures.withSegment(
                photo, 0xED, "Photoshop 3.0\08BIM City: Kyiv".getBytes(StandardCharsets.ISO_8859_1));
        photo = ImageFixtures.withSegment(photo, 0xFE, "taken at 50.45N 30.52E".getBytes(StandardCharsets.ISO_8859_1));
        photo = ImageFixtures.withExif(photo, exif(PHONE), ImageFixtures.XMP_WITH_GPS);
        byte[] secondImage = ImageFixtures.withExif(jpeg(cornered(40, 30)), exif(PHONE), null);
        return ImageFixtures.concat(photo, secondImage);
    }

    @Test
    void derivativesCarryNoMetadataAtAll() throws Exception {
        Path photo = file("phone.jpg", phonePhoto());
        assertTrue(images.probe(photo).hasGps());
        List<Derivative> made = images.derive(
                photo,
                List.of(
                        new Rendition(300, ImageFormat.JPEG),
                        new Rendition(300, ImageFormat.WEBP),
                        new Rendition(150, ImageFormat.PNG)));
        for (Derivative d : made) {
            byte[] bytes = d.bytes();
            for (String trace : List.of(
                    "Exif", "http://ns.adobe.com", "GPS", "ICC_PROFILE", "Photoshop", "SN-40512", "Reporter", "Kyiv")) {
                assertFalse(contains(bytes, trace), d + " contains " + trace);
            }
            assertFalse(images.probe(file("d", bytes)).hasGps(), d.toString());
        }
        // The JPEG has its JFIF header, tables, frame and scans, and no other application segment.
        byte[] jpeg = made.get(0).bytes();
        for (JpegSegments.Segment s : JpegSegments.headers(jpeg)) {
            boolean app = s.marker() >= 0xE0 && s.marker() <= 0xEF || s.marker() == JpegSegments.COM;
            if (app)
                assertTrue(
                        s.marker() == JpegSegments.APP0 && Exif.startsWith(jpeg, s.data(), "JFIF\0"),
                        "APP" + (s.marker() - 0xE0));
        }
        // The PNG has only IHDR, IDAT and IEND; the WebP only image chunks.
        assertEquals(
                List.of("IHDR", "IDAT", "IEND"),
                pngChunkTypes(made.get(2).bytes()).stream().distinct().toList());
        for (WebpChunks.Chunk c : WebpChunks.walk(made.get(1).bytes())) {
            assertTrue(
                    c.is("VP8 ") || c.is("VP8L") || c.is("VP8X") || c.is("ALPH"),
                    new String(made.get(1).bytes(), c.start(), 4, StandardCharsets.US_ASCII));
        }
        // ...and yet it was turned by the orientation the metadata gave.
        assertEquals(List.of(300, 400), List.of(made.get(0).width(), made.get(0).height()));
    }

    @Test
    void withoutLocationKeepsTheScansByteForByte() throws Exception {
        byte[] original = phonePhoto();
        Path photo = file("phone.jpg", original);
        byte[] stripped = images.withoutLocation(photo);

        ImageProbe probe = images.probe(file("stripped.jpg", stripped));
        assertEquals(new ImageProbe(ImageFormat.JPEG, 300, 400, 6, false, false, false, 8), probe);
        for (String gone : List.of("GPS", "http://ns.adobe.com", "SN-40512", "Photoshop", "Kyiv", "50.45N")) {
            assertFalse(contains(stripped, gone), gone);
        }
        assertTrue(contains(stripped, "ICC_PROFILE"), "the colour profile stays");
        Exif kept = exifOf(stripped);
        assertEquals("A. Reporter\0", new String(kept.artist(), StandardCharsets.US_ASCII));
        assertEquals("(c) Galley News\0", new String(kept.copyright(), StandardCharsets.US_ASCII));
        assertEquals(6, kept.orientation());

        // From the first scan to the end marker, the same bytes; the second image after it is gone.
        byte[] scans = scans(original);
        assertArrayEquals(scans, scans(stripped));
        assertTrue(Arrays.equals(scans, 0, scans.length, stripped, stripped.length - scans.length, stripped.length));
        assertArrayEquals(pixels(original), pixels(stripped));
    }

    @Test
    void withoutLocationOfAPngDropsExifGpsAndXmpAndKeepsOtherText() throws Exception {
        byte[] png = png(cornered(60, 40));
        byte[] withMetadata = ImageFixtures.withChunk(
                png, "tEXt", "Title\0Flood in the valley".getBytes(StandardCharsets.ISO_8859_1));
        withMetadata = ImageFixtures.withChunk(
                withMetadata,
                "iTXt",
                ("XML:com.adobe.xmp\0\0\0\0\0" + ImageFixtures.XMP_WITH_GPS).getBytes(StandardCharsets.UTF_8));
        withMetadata = ImageFixtures.withChunk(withMetadata, "eXIf", exif(PHONE));
        Path source = file("chart.png", withMetadata);
        assertTrue(images.probe(source).hasGps());

        byte[] stripped = images.withoutLocation(source);
        assertFalse(images.probe(file("stripped.png", stripped)).hasGps());
        assertEquals(List.of("IHDR", "eXIf", "tEXt", "IDAT", "IEND"), pngChunkTypes(stripped));
        assertFalse(contains(stripped, "GPS"));
        assertFalse(contains(stripped, "SN-40512"));
        assertTrue(contains(stripped, "Flood in the valley"));
        assertArrayEquals(pixels(withMetadata), pixels(stripped));
    }

    @Test
    void withoutLocationOfAWebpDropsExifGpsAndXmp() throws Exception {
        byte[] simple = new ImageEncoder(ImageSettings.defaults()).encode(cornered(120, 80), ImageFormat.WEBP);
        assertTrue(Exif.startsWith(simple, 12, "VP8 "));
        byte[] vp8 = Arrays.copyOfRange(simple, 12, simple.length);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(webpChunk("VP8X", new byte[] {0x0C, 0, 0, 0, 119, 0, 0, 79, 0, 0}));
        body.writeBytes(vp8);
        body.writeBytes(webpChunk("EXIF", exif(PHONE)));
        body.writeBytes(webpChunk("XMP ", ImageFixtures.XMP_WITH_GPS.getBytes(StandardCharsets.UTF_8)));
        ByteBuffer riff = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray());
        Path source = file("photo.webp", riff.array());
        assertTrue(images.probe(source).hasGps());

        byte[] stripped = images.withoutLocation(source);
        assertEquals(
                new ImageProbe(ImageFormat.WEBP, 120, 80, 1, false, false, false, 8),
                images.probe(file("s.webp", stripped)));
        assertFalse(contains(stripped, "GPS"));
        assertFalse(contains(stripped, "SN-40512"));
        assertTrue(contains(stripped, "Reporter"));
        assertTrue(ImageFixtures.indexOf(stripped, vp8) > 0, "the image chunk, unchanged");
        assertEquals(
                stripped.length - 8,
                ByteBuffer.wrap(stripped).order(ByteOrder.LITTLE_ENDIAN).getInt(4));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(stripped));
        assertEquals(120, decoded.getWidth());
    }

    private static byte[] webpChunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }

    private static Exif exifOf(byte[] jpeg) throws ImageException {
        for (JpegSegments.Segment s : JpegSegments.headers(jpeg)) {
            if (s.marker() == JpegSegments.APP1 && Exif.startsWith(jpeg, s.data(), "Exif\0\0")) {
                return Exif.parse(jpeg, s.data() + 6, s.end());
            }
        }
        throw new AssertionError("no EXIF");
    }

    /** From the first SOS to the end of image. */
    private static byte[] scans(byte[] jpeg) throws ImageException {
        List<JpegSegments.Segment> headers = JpegSegments.headers(jpeg);
        JpegSegments.Segment sos = headers.get(headers.size() - 1);
        return Arrays.copyOfRange(jpeg, sos.start(), JpegSegments.imageEnd(jpeg, sos));
    }

    private static int[] pixels(byte[] image) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
        return decoded.getRGB(0, 0, decoded.getWidth(), decoded.getHeight(), null, 0, decoded.getWidth());
    }

    private static List<String> pngChunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(png);
        for (int pos = 8; pos < png.length; pos += 12 + b.getInt(pos)) {
            types.add(new String(png, pos + 4, 4, StandardCharsets.US_ASCII));
        }
        return types;
    }
}
