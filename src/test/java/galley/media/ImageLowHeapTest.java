package galley.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 48-megapixel JPEG made into 640-pixel renditions by a JVM with a 64 MiB heap: its full raster alone would take
 * 144 MiB (192 as ints), so this passes only if the source is subsampled while it is read.
 */
class ImageLowHeapTest {

    @Test
    void aLargePhotoIsDerivedInASmallHeap(@TempDir Path tmp) throws Exception {
        BufferedImage large = new BufferedImage(8000, 6000, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = large.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 8000, 6000, Color.DARK_GRAY));
        g.fillRect(0, 0, 8000, 6000);
        g.setColor(Color.WHITE);
        for (int x = 0; x < 8000; x += 500) g.drawLine(x, 0, 8000 - x, 6000);
        g.dispose();
        Path photo = tmp.resolve("large.jpg");
        Files.write(photo, ImageFixtures.jpeg(large, 0.5f));
        large = null;

        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DeriveMain.class.getName(),
                        photo.toString(),
                        "640")
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        child.waitFor(60, TimeUnit.SECONDS);
        assertEquals(
                "subsampling 6\nJPEG 640x480 true\nWEBP 640x480 true\n",
                output.replace("\r", ""),
                "exit " + child.exitValue());
        assertEquals(0, child.exitValue());
    }
}
