package galley.media;

import static galley.media.ImageFixtures.cornered;
import static galley.media.ImageFixtures.exif;
import static galley.media.ImageFixtures.jpeg;
import static galley.media.ImageFixtures.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import galley.media.ImageFixtures.ExifContent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageProbeTest {

    @TempDir
    Path tmp;

    private final ImageProcessor images = new ImageProcessor(ImageSettings.defaults());

    private ImageProbe probe(byte[] bytes) throws IOException, ImageException {
        Path file = tmp.resolve("image");
        Files.write(file, bytes);
        return images.probe(file);
    }

    @Test
    void plainJpeg() throws Exception {
        assertEquals(
                new ImageProbe(ImageFormat.JPEG, 400, 300, 1, false, false, false, 8), probe(jpeg(cornered(400, 300))));
    }

    @Test
    void jpegTurnedByExifOrientationIsMeasuredAsDisplayed() throws Exception {
        byte[] turned = ImageFixtures.withExif(jpeg(cornered(400, 300)), exif(ExifContent.orientation(6)), null);
        assertEquals(new ImageProbe(ImageFormat.JPEG, 300, 400, 6, false, false, false, 8), probe(turned));
        byte[] flipped = ImageFixtures.withExif(jpeg(cornered(400, 300)), exif(ExifContent.orientation(3)), null);
        assertEquals(new ImageProbe(ImageFormat.JPEG, 400, 300, 3, false, false, false, 8), probe(flipped));
    }

    @Test
    void gpsInExifOrXmpIsFound() throws Exception {
        byte[] photo = jpeg(cornered(64, 48));
        byte[] exifGps = ImageFixtures.withExif(photo, exif(new ExifContent(1, true, null, null, "SN-1")), null);
        assertEquals(true, probe(exifGps).hasGps());
        byte[] xmpGps = ImageFixtures.withExif(
                photo, exif(new ExifContent(1, false, null, null, null)), ImageFixtures.XMP_WITH_GPS);
        assertEquals(true, probe(xmpGps).hasGps());
        byte[] none = ImageFixtures.withExif(photo, exif(new ExifContent(1, false, "A. Reporter", null, "SN-1")), null);
        assertEquals(false, probe(none).hasGps());
    }

    @Test
    void cmykJpegIsTold() throws Exception {
        int[][][] cmyk = new int[16][16][];
        for (int[][] row : cmyk) Arrays.fill(row, new int[] {0, 0, 0, 0});
        ImageProbe probe = probe(ImageFixtures.cmykJpeg(cmyk));
        assertEquals(new ImageProbe(ImageFormat.JPEG, 16, 16, 1, false, false, true, 8), probe);
    }

    @Test
    void pngBitDepthAndApngAnimation() throws Exception {
        BufferedImage deep = new BufferedImage(30, 20, BufferedImage.TYPE_USHORT_GRAY);
        assertEquals(new ImageProbe(ImageFormat.PNG, 30, 20, 1, false, false, false, 16), probe(png(deep)));
        byte[] actl = ByteBuffer.allocate(8).putInt(3).putInt(0).array(); // three frames, looping
        byte[] apng = ImageFixtures.withChunk(png(cornered(30, 20)), "acTL", actl);
        assertEquals(new ImageProbe(ImageFormat.PNG, 30, 20, 1, true, false, false, 8), probe(apng));
    }

    @Test
    void gifIsAnimatedWithASecondFrame() throws Exception {
        assertEquals(
                new ImageProbe(ImageFormat.GIF, 40, 30, 1, true, false, false, 8),
                probe(ImageFixtures.animatedGif(40, 30, 3)));
        assertEquals(
                new ImageProbe(ImageFormat.GIF, 40, 30, 1, false, false, false, 8),
                probe(ImageFixtures.animatedGif(40, 30, 1)));
    }

    @Test
    void webpAnimationFlagIsRead() throws Exception {
        // The headers an animated WebP starts with: RIFF, VP8X with the animation flag and a 200x100 canvas, ANIM.
        ByteBuffer b = ByteBuffer.allocate(12 + 18 + 14).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8X".getBytes(StandardCharsets.US_ASCII))
                .putInt(10)
                .put((byte) 0x02)
                .put(new byte[3]);
        b.put(new byte[] {(byte) 199, 0, 0, 99, 0, 0});
        b.put("ANIM".getBytes(StandardCharsets.US_ASCII)).putInt(6).putInt(0).putShort((short) 0);
        assertEquals(new ImageProbe(ImageFormat.WEBP, 200, 100, 1, true, false, false, 8), probe(b.array()));
    }

    @Test
    void webpWrittenByTheEncoderIsAStillImage() throws Exception {
        byte[] webp = new ImageEncoder(ImageSettings.defaults()).encode(cornered(120, 80), ImageFormat.WEBP);
        assertEquals(new ImageProbe(ImageFormat.WEBP, 120, 80, 1, false, false, false, 8), probe(webp));
    }

    @Test
    void svgWithAndWithoutASize() throws Exception {
        byte[] sized = "<svg xmlns='http://www.w3.org/2000/svg' width='120' height='80'></svg>"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(new ImageProbe(ImageFormat.SVG, 120, 80, 1, false, false, false, 0), probe(sized));
        byte[] unsized = "<svg xmlns='http://www.w3.org/2000/svg'></svg>".getBytes(StandardCharsets.UTF_8);
        assertEquals(new ImageProbe(ImageFormat.SVG, 0, 0, 1, false, false, false, 0), probe(unsized));
    }

    @Test
    void otherFilesAreOther() throws Exception {
        assertEquals(
                new ImageProbe(ImageFormat.OTHER, 0, 0, 1, false, false, false, 0),
                probe("%PDF-1.7".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void headersCutShortAreATruncatedImage() throws Exception {
        byte[] photo = jpeg(cornered(64, 48));
        ImageException e = assertThrows(ImageException.class, () -> probe(Arrays.copyOf(photo, 100)));
        assertEquals("truncated JPEG (ends after 100 bytes, in its headers)", e.getMessage());
        ImageException missing = assertThrows(ImageException.class, () -> images.probe(tmp.resolve("absent.jpg")));
        assertEquals("no such file", missing.getMessage());
    }

    @Test
    void headersBeyondTheFirstReadAreFound() throws Exception {
        // 300 KB of APP2 segments before the frame header: past what probe reads first.
        byte[] photo = jpeg(cornered(64, 48));
        for (int i = 0; i < 6; i++) photo = ImageFixtures.withSegment(photo, 0xE2, new byte[50_000]);
        photo = ImageFixtures.withExif(photo, exif(new ExifContent(8, true, null, null, null)), null);
        assertEquals(new ImageProbe(ImageFormat.JPEG, 48, 64, 8, false, true, false, 8), probe(photo));
    }
}
