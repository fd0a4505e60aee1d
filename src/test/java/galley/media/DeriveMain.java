package galley.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives JPEG and WebP renditions of one file and prints their sizes, for tests that need another JVM: one with a
 * small heap ({@link ImageLowHeapTest}), or one on the packaged jar ({@code PackagedImageCodecsIT}).
 *
 * <p>{@code java -cp … galley.media.DeriveMain photo.jpg 640 320}
 */
public final class DeriveMain {

    private DeriveMain() {}

    public static void main(String[] args) throws ImageException {
        List<Rendition> renditions = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            int width = Integer.parseInt(args[i]);
            renditions.add(new Rendition(width, ImageFormat.JPEG));
            renditions.add(new Rendition(width, ImageFormat.WEBP));
        }
        ImageProcessor images = new ImageProcessor(ImageSettings.defaults());
        ImageProbe probe = images.probe(Path.of(args[0]));
        System.out.println("subsampling " + ImageProcessor.subsampling(probe, renditions));
        for (Derivative d : images.derive(Path.of(args[0]), renditions)) {
            System.out.println(d.rendition().format() + " " + d.width() + "x" + d.height() + " " + (d.size() > 0));
        }
    }
}
