package galley.media;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Times {@link ImageProcessor#derive} on a generated 2400×1600 photo-like JPEG: five widths in JPEG and WebP each,
 * the renditions a newsroom theme asks of every photo. Not a test: a figure to compare changes by.
 *
 * <p>{@code mvn -o -q test-compile && java -cp target/classes:target/test-classes:$(cat cp.txt)
 * galley.media.DeriveTiming [runs [webp-method]]}
 */
public final class DeriveTiming {

    private DeriveTiming() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int webpMethod = args.length > 1 ? Integer.parseInt(args[1]) : ImageSettings.DEFAULT_WEBP_METHOD;
        Path photo = Files.createTempFile("galley-timing", ".jpg");
        try {
            Files.write(photo, ImageFixtures.jpeg(photoLike(2400, 1600, new Random(21)), 0.9f));
            List<Rendition> renditions = new ArrayList<>();
            for (int width : new int[] {1600, 1200, 960, 640, 320}) {
                renditions.add(new Rendition(width, ImageFormat.JPEG));
                renditions.add(new Rendition(width, ImageFormat.WEBP));
            }
            ImageSettings defaults = ImageSettings.defaults();
            ImageProcessor images = new ImageProcessor(new ImageSettings(
                    defaults.jpegQuality(),
                    defaults.webpQuality(),
                    defaults.progressiveJpeg(),
                    defaults.memoryBudgetBytes(),
                    webpMethod));
            for (int i = 0; i < 5; i++) images.derive(photo, renditions); // warm up the JIT and ImageIO
            // CPU time as well as wall time: derive runs on the calling thread, and on a shared machine the wall
            // time also counts the time other work had the cores.
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] millis = new long[runs];
            long[] cpuMillis = new long[runs];
            long bytes = 0;
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                for (Derivative d : images.derive(photo, renditions)) bytes += d.size();
                cpuMillis[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            Arrays.sort(cpuMillis);
            System.out.printf(
                    "source %,d bytes; 10 renditions (%,d bytes): median %d ms wall (min %d, max %d), median %d ms"
                            + " CPU (min %d), over %d runs%n",
                    Files.size(photo),
                    bytes / runs,
                    millis[runs / 2],
                    millis[0],
                    millis[runs - 1],
                    cpuMillis[runs / 2],
                    cpuMillis[0],
                    runs);
            long decodeStart = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                images.derive(photo, List.of(new Rendition(2400, ImageFormat.JPEG)));
            }
            System.out.printf(
                    "for scale: one full-size JPEG rendition (decode + encode): %d ms%n",
                    (System.nanoTime() - decodeStart) / 1_000_000 / runs);
        } finally {
            Files.deleteIfExists(photo);
        }
    }

    /** Gradients, shapes, text and grain: roughly what a JPEG encoder meets in a photo. */
    static BufferedImage photoLike(int width, int height, Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), width, height, new Color(230, 200, 150)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 300; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 120));
            g.fillOval(
                    random.nextInt(width), random.nextInt(height), 20 + random.nextInt(300), 20 + random.nextInt(300));
        }
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
        g.drawString("Galley newsroom archive", 100, 200);
        g.dispose();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int grain = random.nextInt(17) - 8;
                int r = clamp(((row[x] >> 16) & 0xFF) + grain);
                int gr = clamp(((row[x] >> 8) & 0xFF) + grain);
                int b = clamp((row[x] & 0xFF) + grain);
                row[x] = r << 16 | gr << 8 | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
