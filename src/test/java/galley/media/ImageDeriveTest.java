package galley.media;

import static galley.media.ImageFixtures.cornered;
import static galley.media.ImageFixtures.exif;
import static galley.media.ImageFixtures.jpeg;
import static galley.media.ImageFixtures.png;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.media.ImageFixtures.ExifContent;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDeriveTest {

    @TempDir
    Path tmp;

    private final ImageProcessor images = new ImageProcessor(ImageSettings.defaults());

    private Path file(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    static BufferedImage decode(Derivative d) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(d.bytes()));
        assertEquals(d.width(), image.getWidth(), "decoded width of " + d);
        assertEquals(d.height(), image.getHeight(), "decoded height of " + d);
        return image;
    }

    private static final Map<Character, Color> CORNER_COLOURS =
            Map.of('R', Color.RED, 'G', Color.GREEN, 'B', Color.BLUE, 'Y', Color.YELLOW);

    static void assertColour(Color expected, int argb, int tolerance, String where) {
        Color actual = new Color(argb, true);
        boolean near = Math.abs(actual.getRed() - expected.getRed()) <= tolerance
                && Math.abs(actual.getGreen() - expected.getGreen()) <= tolerance
                && Math.abs(actual.getBlue() - expected.getBlue()) <= tolerance;
        assertTrue(near, where + ": expected " + expected + " within " + tolerance + ", was " + actual);
    }

    /** The corner blocks (red, green, blue, yellow at top left, top right, bottom left, bottom right) as displayed. */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"1, RGBY", "2, GRYB", "3, YBGR", "4, BYRG", "5, RBGY", "6, BRYG", "7, YGBR", "8, GYRB"})
    void exifOrientationIsApplied(int orientation, String corners) throws Exception {
        byte[] photo =
                ImageFixtures.withExif(jpeg(cornered(400, 300)), exif(ExifContent.orientation(orientation)), null);
        boolean turned = orientation >= 5;
        Derivative d = images.derive(file("turned.jpg", photo), List.of(new Rendition(200, ImageFormat.PNG)))
                .get(0);
        assertEquals(200, d.width());
        assertEquals(turned ? 267 : 150, d.height()); // 300/400 or 400/300 of 200, rounded
        BufferedImage out = decode(d);
        int w = out.getWidth(), h = out.getHeight();
        int[][] at = {{5, 5}, {w - 6, 5}, {5, h - 6}, {w - 6, h - 6}};
        for (int i = 0; i < 4; i++) {
            assertColour(
                    CORNER_COLOURS.get(corners.charAt(i)),
                    out.getRGB(at[i][0], at[i][1]),
                    40,
                    "corner " + i + " of orientation " + orientation);
        }
    }

    @Test
    void sizesAreExactAndNeverUpscaled() throws Exception {
        Path photo = file("photo.jpg", jpeg(cornered(1000, 750)));
        List<Rendition> wanted = List.of(
                new Rendition(640, ImageFormat.JPEG),
                new Rendition(333, ImageFormat.WEBP),
                new Rendition(2000, ImageFormat.JPEG),
                new Rendition(500, 16 / 9.0, 0.5, 0.5, ImageFormat.PNG),
                new Rendition(1500, 1.0, 0.5, 0.5, ImageFormat.WEBP));
        List<Derivative> made = images.derive(photo, wanted);
        int[][] sizes = {{640, 480}, {333, 250}, {1000, 750}, {500, 281}, {750, 750}};
        for (int i = 0; i < sizes.length; i++) {
            Derivative d = made.get(i);
            assertEquals(wanted.get(i), d.rendition(), "in the order asked");
            assertEquals(sizes[i][0] + "x" + sizes[i][1], d.width() + "x" + d.height(), d.toString());
            decode(d);
        }
    }

    @Test
    void aWideCropOfATallImageKeepsTheFocusedPart() throws Exception {
        BufferedImage tall = new BufferedImage(600, 1200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tall.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 600, 1200);
        g.setColor(Color.RED);
        g.fillRect(0, 0, 600, 200); // the top sixth: a face, say
        g.setColor(Color.BLUE);
        g.fillRect(0, 1000, 600, 200);
        g.dispose();
        Path source = file("tall.png", png(tall));
        Rendition top = new Rendition(320, 16 / 9.0, 0.5, 0.1, ImageFormat.PNG);
        Rendition bottom = new Rendition(320, 16 / 9.0, 0.5, 0.9, ImageFormat.PNG);
        List<Derivative> made = images.derive(source, List.of(top, bottom));
        BufferedImage kept = decode(made.get(0));
        assertEquals(180, kept.getHeight());
        // 600/(16/9) = 337.5 source rows from the top: the red 200 are the top 59%, the blue never shows.
        assertColour(Color.RED, kept.getRGB(160, 2), 3, "top of the crop at focus 0.1");
        assertColour(Color.RED, kept.getRGB(160, 100), 3, "middle of the red band");
        assertColour(Color.GRAY, kept.getRGB(160, 177), 3, "bottom of the crop at focus 0.1");
        BufferedImage low = decode(made.get(1));
        assertColour(Color.BLUE, low.getRGB(160, 177), 3, "bottom of the crop at focus 0.9");
        assertColour(Color.GRAY, low.getRGB(160, 2), 3, "top of the crop at focus 0.9");
    }

    @Test
    void downscalingAveragesFineDetailInsteadOfPickingPixels() throws Exception {
        // One-pixel black and white stripes: any scaler that picks pixels shows stripes or solid black or white;
        // one that averages shows an even mid grey.
        BufferedImage stripes = new BufferedImage(1999, 400, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < stripes.getWidth(); x++) {
            int v = x % 2 == 0 ? 0 : 0xFFFFFF;
            for (int y = 0; y < stripes.getHeight(); y++) stripes.setRGB(x, y, v);
        }
        Derivative d = images.derive(file("stripes.png", png(stripes)), List.of(new Rendition(300, ImageFormat.PNG)))
                .get(0);
        BufferedImage out = decode(d);
        assertEquals(60, out.getHeight());
        for (int x = 0; x < out.getWidth(); x++) {
            int grey = out.getRGB(x, 30) & 0xFF;
            assertTrue(grey >= 110 && grey <= 145, "x=" + x + ": " + grey);
        }
    }

    @Test
    void transparencyIsKeptInPngAndWebpAndGoesOnWhiteInJpeg() throws Exception {
        BufferedImage half = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = half.createGraphics();
        g.setColor(new Color(200, 0, 0, 255));
        g.fillRect(100, 0, 100, 100); // the left half stays transparent
        g.dispose();
        List<Derivative> made = images.derive(
                file("half.png", png(half)),
                List.of(
                        new Rendition(100, ImageFormat.PNG),
                        new Rendition(100, ImageFormat.WEBP),
                        new Rendition(100, ImageFormat.JPEG)));
        for (Derivative d : made.subList(0, 2)) {
            BufferedImage out = decode(d);
            assertTrue(out.getColorModel().hasAlpha(), d + " has alpha");
            assertEquals(0, out.getRGB(10, 25) >>> 24, d + ": transparent on the left");
            assertEquals(255, out.getRGB(90, 25) >>> 24, d + ": opaque on the right");
            assertColour(new Color(200, 0, 0), out.getRGB(90, 25), 12, d + " on the right");
        }
        // A WebP source with alpha, read through libwebp, keeps it too.
        byte[] webpSource = made.get(1).bytes();
        Derivative fromWebp = images.derive(file("half.webp", webpSource), List.of(new Rendition(50, ImageFormat.PNG)))
                .get(0);
        BufferedImage again = decode(fromWebp);
        assertEquals(0, again.getRGB(5, 12) >>> 24, "transparent on the left of a WebP source");
        assertEquals(255, again.getRGB(45, 12) >>> 24, "opaque on the right of a WebP source");
        BufferedImage jpeg = decode(made.get(2));
        assertColour(Color.WHITE, jpeg.getRGB(10, 25), 4, "JPEG where the source is transparent");
        assertColour(new Color(200, 0, 0), jpeg.getRGB(90, 25), 12, "JPEG where the source is red");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CMYK", "YCCK"})
    void cmykAndYcckJpegsComeOutInSrgb(String kind) throws Exception {
        int[] white = {0, 0, 0, 0}, cyan = {255, 0, 0, 0}, black = {0, 0, 0, 255}, red = {0, 255, 255, 0};
        int[][][] cmyk = new int[64][64][];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) cmyk[y][x] = x < 32 ? (y < 32 ? white : cyan) : (y < 32 ? black : red);
        }
        byte[] source = kind.equals("CMYK") ? ImageFixtures.cmykJpeg(cmyk) : ImageFixtures.ycckJpeg(cmyk);
        assertTrue(images.probe(file("four.jpg", source)).cmyk());
        Derivative d = images.derive(file("four.jpg", source), List.of(new Rendition(64, ImageFormat.PNG)))
                .get(0);
        BufferedImage out = decode(d);
        assertColour(Color.WHITE, out.getRGB(10, 10), 20, "C0 M0 Y0 K0");
        assertColour(Color.CYAN, out.getRGB(10, 50), 40, "C100");
        assertColour(Color.BLACK, out.getRGB(50, 10), 40, "K100");
        assertColour(Color.RED, out.getRGB(50, 50), 40, "M100 Y100");
    }

    @Test
    void anIccProfiledJpegIsConvertedToSrgb() throws Exception {
        // Linear-light RGB, tagged so: 128 of 255 linear is 188 in sRGB's gamma-encoded values.
        BufferedImage flat = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        byte[] tagged = ImageFixtures.withSegment(
                jpeg(flat, 0.95f),
                0xE2,
                ImageFixtures.concat("ICC_PROFILE\0\1\1".getBytes(StandardCharsets.ISO_8859_1), icc));
        Derivative d = images.derive(file("linear.jpg", tagged), List.of(new Rendition(32, ImageFormat.PNG)))
                .get(0);
        assertColour(new Color(188, 188, 188), decode(d).getRGB(16, 12), 6, "linear 128 in sRGB");
    }

    @Test
    void greyJpegAndSixteenBitPngKeepTheirTones() throws Exception {
        BufferedImage grey = new BufferedImage(80, 60, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = grey.getRaster();
        for (int y = 0; y < 60; y++) for (int x = 0; x < 80; x++) raster.setSample(x, y, 0, 128);
        Derivative fromGrey = images.derive(file("grey.jpg", jpeg(grey)), List.of(new Rendition(40, ImageFormat.PNG)))
                .get(0);
        // Through Java's linear grey colour space, 128 would come out near 188.
        assertColour(new Color(128, 128, 128), decode(fromGrey).getRGB(20, 15), 3, "grey JPEG");

        ComponentColorModel model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster deep = model.createCompatibleWritableRaster(80, 60);
        for (int y = 0; y < 60; y++) for (int x = 0; x < 80; x++) deep.setPixel(x, y, new int[] {65535, 32896, 0});
        Path sixteen = file("deep.png", png(new BufferedImage(model, deep, false, null)));
        assertEquals(16, images.probe(sixteen).bitDepth());
        Derivative fromDeep = images.derive(sixteen, List.of(new Rendition(40, ImageFormat.JPEG)))
                .get(0);
        assertColour(new Color(255, 128, 0), decode(fromDeep).getRGB(20, 15), 8, "16-bit PNG");
    }

    @Test
    void damagedSourcesAreRefusedWithAMessage() throws Exception {
        byte[] photo = jpeg(cornered(400, 300));
        ImageException truncated = assertThrows(
                ImageException.class,
                () -> images.derive(
                        file("cut.jpg", Arrays.copyOf(photo, 2000)), List.of(new Rendition(100, ImageFormat.JPEG))));
        assertEquals("truncated JPEG (ends after 2,000 bytes, before its end-of-image marker)", truncated.getMessage());

        byte[] garbled = photo.clone();
        for (int i = 1000; i < 1100; i++) garbled[i] = (byte) (i * 37);
        ImageException corrupt = assertThrows(
                ImageException.class,
                () -> images.derive(file("garbled.jpg", garbled), List.of(new Rendition(100, ImageFormat.JPEG))));
        assertTrue(corrupt.getMessage().matches("(corrupt|truncated) JPEG \\(.*\\)"), corrupt.getMessage());

        byte[] png = png(cornered(400, 300));
        ImageException cutPng = assertThrows(
                ImageException.class,
                () -> images.derive(
                        file("cut.png", Arrays.copyOf(png, png.length - 20)),
                        List.of(new Rendition(100, ImageFormat.PNG))));
        assertEquals(
                "truncated PNG (ends after " + ImageText.count(png.length - 20) + " bytes, before its IEND chunk)",
                cutPng.getMessage());

        byte[] gif = ImageFixtures.animatedGif(40, 30, 1);
        ImageException cutGif = assertThrows(
                ImageException.class,
                () -> images.derive(
                        file("cut.gif", Arrays.copyOf(gif, gif.length - 1)),
                        List.of(new Rendition(20, ImageFormat.PNG))));
        assertEquals(
                "truncated GIF (ends after " + ImageText.count(gif.length - 1) + " bytes, before its trailer)",
                cutGif.getMessage());

        byte[] webp = new ImageEncoder(ImageSettings.defaults()).encode(cornered(120, 80), ImageFormat.WEBP);
        ImageException cutWebp = assertThrows(
                ImageException.class,
                () -> images.derive(
                        file("cut.webp", Arrays.copyOf(webp, 300)), List.of(new Rendition(20, ImageFormat.PNG))));
        assertEquals(
                "truncated WebP (ends after 300 of " + ImageText.count(webp.length) + " bytes)", cutWebp.getMessage());

        byte[] noise = new byte[5000];
        new java.util.Random(21).nextBytes(noise);
        noise[0] = (byte) 0xFF;
        noise[1] = (byte) 0xD8;
        noise[2] = (byte) 0xFF;
        ImageException junk = assertThrows(
                ImageException.class,
                () -> images.derive(file("noise.jpg", noise), List.of(new Rendition(20, ImageFormat.PNG))));
        assertTrue(junk.getMessage().matches("(corrupt|truncated) JPEG \\(.*\\)"), junk.getMessage());
    }

    @Test
    void hugeClaimedDimensionsAreRefusedOrSubsampled() throws Exception {
        byte[] photo = jpeg(cornered(64, 48));
        byte[] huge = withFrameSize(photo, 60_000, 60_000);
        ImageException e = assertThrows(
                ImageException.class,
                () -> images.derive(file("huge.jpg", huge), List.of(new Rendition(640, ImageFormat.JPEG))));
        assertEquals("image too large to resize (60,000 × 60,000 pixels; at most 400 megapixels)", e.getMessage());

        // Under the limit, a header that claims far more than the data holds is decoded subsampled (1,280 × 960
        // pixels held, not 16,000 × 12,000) and its missing data reported.
        byte[] claims = withFrameSize(photo, 16_000, 12_000);
        Path claimed = file("claims.jpg", claims);
        assertEquals(
                12, ImageProcessor.subsampling(images.probe(claimed), List.of(new Rendition(640, ImageFormat.JPEG))));
        ImageException damaged = assertThrows(
                ImageException.class, () -> images.derive(claimed, List.of(new Rendition(640, ImageFormat.JPEG))));
        assertTrue(damaged.getMessage().startsWith("corrupt JPEG ("), damaged.getMessage());
    }

    /** {@code jpeg} with its frame header claiming another size (its data stays as it is). */
    static byte[] withFrameSize(byte[] jpeg, int width, int height) throws ImageException {
        byte[] out = jpeg.clone();
        for (JpegSegments.Segment s : JpegSegments.headers(out)) {
            if (s.isFrameHeader()) {
                out[s.data() + 1] = (byte) (height >> 8);
                out[s.data() + 2] = (byte) height;
                out[s.data() + 3] = (byte) (width >> 8);
                out[s.data() + 4] = (byte) width;
            }
        }
        return out;
    }

    @Test
    void subsamplingLeavesTwiceTheLargestRendition() {
        ImageProbe photo = new ImageProbe(ImageFormat.JPEG, 8000, 6000, 1, false, false, false, 8);
        List<Rendition> one = List.of(new Rendition(640, ImageFormat.WEBP));
        assertEquals(6, ImageProcessor.subsampling(photo, one)); // 8000 / 6 = 1,333 ≥ 2 × 640
        List<Rendition> two = List.of(new Rendition(640, ImageFormat.WEBP), new Rendition(1280, ImageFormat.JPEG));
        assertEquals(3, ImageProcessor.subsampling(photo, two));
        assertEquals(1, ImageProcessor.subsampling(photo, List.of(new Rendition(9000, ImageFormat.JPEG))));
        // A square crop keeps 6000 of the 8000 columns: 6000 / (2 × 640) = 4.
        assertEquals(
                4, ImageProcessor.subsampling(photo, List.of(new Rendition(640, 1.0, 0.5, 0.5, ImageFormat.WEBP))));
    }

    @Test
    void svgAndAnimatedImagesAreNotResized() throws Exception {
        Path svg = file("logo.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>".getBytes());
        ImageException vector = assertThrows(
                ImageException.class, () -> images.derive(svg, List.of(new Rendition(100, ImageFormat.PNG))));
        assertEquals("SVG is not resized (a vector image is published as it is)", vector.getMessage());
        Path gif = file("anim.gif", ImageFixtures.animatedGif(40, 30, 2));
        ImageException animated = assertThrows(
                ImageException.class, () -> images.derive(gif, List.of(new Rendition(20, ImageFormat.PNG))));
        assertEquals("animated GIF is not resized (it is published as it is, every frame)", animated.getMessage());
    }

    @Test
    void aStillGifIsResized() throws Exception {
        Derivative d = images.derive(
                        file("still.gif", ImageFixtures.animatedGif(40, 30, 1)),
                        List.of(new Rendition(20, ImageFormat.PNG)))
                .get(0);
        assertColour(Color.RED, decode(d).getRGB(10, 7), 2, "the frame's colour");
    }

    @Test
    void theSameInputGivesTheSameBytesOnAnyThread() throws Exception {
        Path photo = file(
                "photo.jpg", ImageFixtures.withExif(jpeg(cornered(1200, 800)), exif(ExifContent.orientation(6)), null));
        List<Rendition> wanted = List.of(
                new Rendition(800, ImageFormat.JPEG),
                new Rendition(800, ImageFormat.WEBP),
                new Rendition(400, 1.0, 0.3, 0.3, ImageFormat.JPEG),
                new Rendition(200, ImageFormat.PNG));
        List<Derivative> first = images.derive(photo, wanted);
        // A budget of one MiB: the threads take turns, and the bytes are the same.
        ImageProcessor narrow = new ImageProcessor(new ImageSettings(82, 78, true, 1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Derivative>>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ImageProcessor p = i % 2 == 0 ? images : narrow;
                runs.add(pool.submit(() -> p.derive(photo, wanted)));
            }
            for (Future<List<Derivative>> run : runs) {
                List<Derivative> again = run.get();
                for (int i = 0; i < wanted.size(); i++) {
                    assertArrayEquals(
                            first.get(i).bytes(),
                            again.get(i).bytes(),
                            wanted.get(i).toString());
                }
                assertEquals(first, again);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theMemoryBudgetHoldsBackARasterThatDoesNotFit() throws Exception {
        RasterBudget budget = new RasterBudget(10L << 20);
        RasterBudget.Lease first = budget.acquire(8L << 20);
        CompletableFuture<RasterBudget.Lease> second = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.acquire(8L << 20);
            } catch (ImageException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(second.isDone(), "8 MiB more does not fit in 10 while 8 are held");
        first.close();
        second.get(10, TimeUnit.SECONDS).close();
        try (RasterBudget.Lease all = budget.acquire(100L << 20)) { // more than the whole budget: all of it
            assertEquals(0, budget.available());
        }
        assertEquals(10, budget.available());
    }
}
