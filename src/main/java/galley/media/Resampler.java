package galley.media;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Downscales rasters well and fast: halving steps (each a bilinear 2:1 step, which averages 2×2 blocks) while the
 * image is at least twice the target, then one bicubic step to the exact size. A single bicubic or bilinear step
 * over a large ratio samples only a few source pixels per output pixel and aliases (moiré, jagged edges); Java2D's
 * area-averaging scaler is correct but works pixel by pixel in Java, far slower.
 */
final class Resampler {

    private Resampler() {}

    /** {@code region} of {@code source} at exactly {@code width}×{@code height}; never larger than the region. */
    static BufferedImage resize(BufferedImage source, Rectangle region, int width, int height) {
        BufferedImage current = region.equals(new Rectangle(0, 0, source.getWidth(), source.getHeight()))
                ? source
                : source.getSubimage(region.x, region.y, region.width, region.height);
        while (current.getWidth() >= 2 * width && current.getHeight() >= 2 * height) {
            current = scale(
                    current,
                    (current.getWidth() + 1) / 2,
                    (current.getHeight() + 1) / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() != width || current.getHeight() != height) {
            current = scale(current, width, height, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        return current;
    }

    private static BufferedImage scale(BufferedImage source, int width, int height, Object interpolation) {
        boolean alpha = source.getColorModel().hasAlpha();
        BufferedImage out =
                new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
