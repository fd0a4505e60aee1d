package galley.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSizeTest {

    @TempDir
    Path tmp;

    private Optional<ImageSize> read(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        return ImageSize.read(file);
    }

    private static byte[] encode(String format, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format, out);
        return out.toByteArray();
    }

    @Test
    void jpegPngAndGifAsImageIoWritesThem() throws IOException {
        assertEquals(Optional.of(new ImageSize(120, 67)), read("a.jpg", encode("jpeg", 120, 67)));
        assertEquals(Optional.of(new ImageSize(3, 500)), read("a.png", encode("png", 3, 500)));
        assertEquals(Optional.of(new ImageSize(640, 1)), read("a.gif", encode("gif", 640, 1)));
        // The name does not matter, the bytes do.
        assertEquals(Optional.of(new ImageSize(33, 44)), read("photo.jpg", encode("png", 33, 44)));
    }

    @Test
    void onlyTheHeaderIsRead() throws IOException {
        // A PNG cut off after its header chunk, and a JPEG cut off where its scan's data would
        // start: no pixels to decode, and the size is known all the same.
        byte[] png = encode("png", 800, 450);
        assertEquals(Optional.of(new ImageSize(800, 450)), read("cut.png", Arrays.copyOf(png, 8 + 25)));
        byte[] jpeg = encode("jpeg", 801, 451);
        int sos = indexOf(jpeg, (byte) 0xFF, (byte) 0xDA);
        int length = (jpeg[sos + 2] & 0xFF) << 8 | jpeg[sos + 3] & 0xFF;
        assertEquals(Optional.of(new ImageSize(801, 451)), read("cut.jpg", Arrays.copyOf(jpeg, sos + 2 + length)));
    }

    @Test
    void aJpegWhoseFrameHeaderComesAfterLargeSegments() throws IOException {
        // An ICC profile or Exif thumbnail of tens of kilobytes before the frame header, and fill bytes.
        byte[] jpeg = encode("jpeg", 1280, 853);
        byte[] app2 = new byte[2 + 2 + 40_000];
        app2[0] = (byte) 0xFF;
        app2[1] = (byte) 0xE2;
        app2[2] = (byte) ((40_002) >> 8);
        app2[3] = (byte) 40_002;
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + app2.length * 2 + 3);
        out.put(jpeg, 0, 2)
                .put(app2)
                .put((byte) 0xFF)
                .put(app2)
                .put((byte) 0xFF)
                .put((byte) 0xFF)
                .put(jpeg, 2, jpeg.length - 2);
        assertEquals(
                Optional.of(new ImageSize(1280, 853)), read("big.jpg", Arrays.copyOf(out.array(), out.position())));
    }

    @Test
    void aJpegTurnedByItsExifOrientationHasItsSidesSwapped() throws IOException {
        byte[] jpeg = encode("jpeg", 400, 300);
        for (int orientation = 1; orientation <= 8; orientation++) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                ImageSize expected = orientation >= 5 ? new ImageSize(300, 400) : new ImageSize(400, 300);
                assertEquals(
                        Optional.of(expected),
                        read("exif.jpg", withExif(jpeg, orientation, order)),
                        "orientation " + orientation + " " + order);
            }
        }
    }

    /** {@code jpeg} with an APP1 Exif segment after its start marker, holding IFD0 with two entries, one the orientation. */
    private static byte[] withExif(byte[] jpeg, int orientation, ByteOrder order) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4).order(order);
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M')
                .put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        tiff.putShort((short) 42).putInt(8).putShort((short) 2);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(4).putInt(0); // Make, a value that does not matter
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = tiff.array();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + 6 + exif.length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + exif.length));
        out.put("Exif".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 0)
                .put((byte) 0)
                .put(exif);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    @Test
    void webpLossyLosslessAndExtended() throws IOException {
        // VP8: frame tag, start code, 14-bit width and height (the top two bits are scaling).
        ByteBuffer lossy = riff("VP8 ", 10)
                .put(new byte[] {0, 0, 0, (byte) 0x9D, 0x01, 0x2A})
                .putShort((short) (1200 | 0x4000))
                .putShort((short) 675);
        assertEquals(Optional.of(new ImageSize(1200, 675)), read("a.webp", lossy.array()));
        // VP8L: signature 0x2F, then width-1 and height-1 in 14 bits each.
        ByteBuffer lossless = riff("VP8L", 5).put((byte) 0x2F).putInt((1023 - 1) | (767 - 1) << 14);
        assertEquals(Optional.of(new ImageSize(1023, 767)), read("b.webp", lossless.array()));
        // VP8X: flags, three reserved bytes, canvas width-1 and height-1 in 24 bits each.
        ByteBuffer extended = riff("VP8X", 10)
                .putInt(0x10)
                .put(new byte[] {(byte) 0x3F, (byte) 0x42, (byte) 0x0F})
                .put(new byte[] {1, 0, 0});
        assertEquals(Optional.of(new ImageSize(1_000_000, 2)), read("c.webp", extended.array()));
    }

    private static ByteBuffer riff(String chunk, int chunkSize) {
        ByteBuffer b = ByteBuffer.allocate(20 + chunkSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(12 + chunkSize)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII));
        return b.put(chunk.getBytes(StandardCharsets.US_ASCII)).putInt(chunkSize);
    }

    @Test
    void avifFromTheLargestSpatialExtentTurnedByIrot() throws IOException {
        assertEquals(Optional.of(new ImageSize(1920, 1080)), read("a.avif", avif("avif", -1)));
        assertEquals(Optional.of(new ImageSize(1080, 1920)), read("b.avif", avif("avif", 1)));
        assertEquals(Optional.of(new ImageSize(1920, 1080)), read("c.avif", avif("avif", 2)));
        // Another ISO base media file (an MP4): not an image this reads.
        assertEquals(Optional.empty(), read("d.mp4", avif("isom", -1)));
    }

    /** ftyp (brand), then meta with iprp/ipco holding a thumbnail's ispe, the image's, and an irot when {@code turns} >= 0. */
    private static byte[] avif(String brand, int turns) {
        ByteBuffer b = ByteBuffer.allocate(200);
        b.putInt(20)
                .put("ftyp".getBytes(StandardCharsets.US_ASCII))
                .put(brand.getBytes(StandardCharsets.US_ASCII))
                .putInt(0)
                .put("mif1".getBytes(StandardCharsets.US_ASCII));
        int irot = turns >= 0 ? 9 : 0;
        int ipco = 8 + 20 + 20 + irot;
        int iprp = 8 + ipco;
        int meta = 12 + iprp;
        b.putInt(meta).put("meta".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        b.putInt(iprp).put("iprp".getBytes(StandardCharsets.US_ASCII));
        b.putInt(ipco).put("ipco".getBytes(StandardCharsets.US_ASCII));
        b.putInt(20)
                .put("ispe".getBytes(StandardCharsets.US_ASCII))
                .putInt(0)
                .putInt(320)
                .putInt(180);
        b.putInt(20)
                .put("ispe".getBytes(StandardCharsets.US_ASCII))
                .putInt(0)
                .putInt(1920)
                .putInt(1080);
        if (turns >= 0)
            b.putInt(9).put("irot".getBytes(StandardCharsets.US_ASCII)).put((byte) turns);
        b.putInt(8).put("mdat".getBytes(StandardCharsets.US_ASCII));
        return Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void svgFromItsRootElement() throws IOException {
        assertEquals(
                Optional.of(new ImageSize(300, 150)),
                svg("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"150px\">"));
        assertEquals(
                Optional.of(new ImageSize(32, 16)),
                svg(
                        "<?xml version=\"1.0\"?>\n<!-- a map -->\n<svg viewBox=\"0 0 32 16\" xmlns=\"http://www.w3.org/2000/svg\">"));
        assertEquals(Optional.of(new ImageSize(200, 100)), svg("<svg\n  width='200'\n  viewBox='-5 -5 64.0 32'>"));
        assertEquals(
                Optional.of(new ImageSize(48, 96)),
                svg("<svg stroke-width=\"3\" height=\"96\" viewBox=\"0,0,16,32\">"));
        // Relative or other units: the size depends on where it is shown.
        assertEquals(Optional.empty(), svg("<svg width=\"100%\" height=\"100%\" viewBox=\"0 0 10 10\">"));
        assertEquals(Optional.empty(), svg("<svg width=\"10cm\" height=\"5cm\">"));
        assertEquals(Optional.empty(), svg("<svg xmlns=\"http://www.w3.org/2000/svg\">"));
    }

    private Optional<ImageSize> svg(String start) throws IOException {
        return read("a.svg", (start + "<rect width=\"1\" height=\"1\"/></svg>\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anythingElseHasNoKnownSize() throws IOException {
        assertEquals(Optional.empty(), read("tiny.jpg", new byte[] {1, 2, 3}));
        assertEquals(Optional.empty(), read("empty.png", new byte[0]));
        assertEquals(Optional.empty(), read("broken.jpg", Arrays.copyOf(encode("jpeg", 10, 10), 30)));
        assertEquals(Optional.empty(), read("broken.png", Arrays.copyOf(encode("png", 10, 10), 20)));
        assertEquals(Optional.empty(), read("notes.txt", "no image here".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), read("a.webp", "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), ImageSize.read(tmp.resolve("missing.jpg")));
        assertEquals(Optional.empty(), ImageSize.read(tmp));
    }

    private static int indexOf(byte[] bytes, byte a, byte b) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == a && bytes[i + 1] == b) return i;
        }
        throw new AssertionError("not found");
    }
}
