package galley.media;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Probes source images, makes their renditions and strips their originals' location (issue #21). Immutable and
 * thread-safe: one processor serves every thread of a build, and {@link ImageSettings#memoryBudgetBytes} bounds the
 * rasters they hold at once.
 *
 * <pre>{@code
 * ImageProcessor images = new ImageProcessor(ImageSettings.defaults());
 * ImageProbe probe = images.probe(photo);              // format, size as displayed, animated, GPS
 * List<Derivative> made = images.derive(photo, List.of(
 *         new Rendition(1600, ImageFormat.WEBP), new Rendition(1600, ImageFormat.JPEG),
 *         new Rendition(640, 16 / 9.0, 0.5, 0.3, ImageFormat.WEBP)));
 * }</pre>
 */
public final class ImageProcessor {

    /**
     * Sources with more pixels than this are refused: decoding one takes minutes however it is subsampled, and a
     * header that claims it is more often damaged or hostile than a photo.
     */
    static final long MAX_SOURCE_PIXELS = 400_000_000L;

    /** The first bytes read by {@link #probe}: a JPEG's EXIF, ICC profile and frame header fit in them as a rule. */
    private static final int PROBE_PREFIX = 256 * 1024;

    private final ImageSettings settings;
    private final ImageEncoder encoder;
    private final RasterBudget budget;

    public ImageProcessor(ImageSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.encoder = new ImageEncoder(settings);
        this.budget = new RasterBudget(settings.memoryBudgetBytes());
    }

    /**
     * Loads the codecs (ImageIO's plugin registry, TwelveMonkeys' JPEG reader, libwebp, which is
     * unpacked and linked) on a daemon thread, by encoding and decoding a tiny image, so that a
     * first build that resizes photos finds them ready when it gets to its images: about a quarter
     * of a second, otherwise spent after the pages are rendered. Never fails.
     */
    public static void warmUpInBackground() {
        Thread warm = new Thread(
                () -> {
                    try {
                        ImageEncoder encoder = new ImageEncoder(ImageSettings.defaults());
                        BufferedImage tiny = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                        encoder.encode(tiny, ImageFormat.WEBP);
                        byte[] jpeg = encoder.encode(tiny, ImageFormat.JPEG);
                        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
                    } catch (ImageException | IOException | RuntimeException | LinkageError e) {
                        // the build meets the same problem, and reports it, when it gets there
                    }
                },
                "galley-image-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    public ImageSettings settings() {
        return settings;
    }

    /** What {@code file} is, from its headers and metadata only (for a GIF, its blocks, to count frames). */
    public ImageProbe probe(Path file) throws ImageException {
        long size = fileSize(file);
        byte[] head = readPrefix(file, (int) Math.min(size, PROBE_PREFIX));
        var probe = ImageHeaders.probe(head, size);
        return probe.isPresent()
                ? probe.get()
                : ImageHeaders.probe(readAll(file), size).orElseThrow();
    }

    /**
     * Decodes the source once (subsampled while reading when it is much larger than the largest rendition needs, so
     * that a 50-megapixel JPEG never needs its full raster), applies the EXIF orientation, converts CMYK, YCCK and
     * ICC-profiled input to sRGB, then makes every rendition, in the order given. A rendition wider than the
     * (cropped) source is made at the source's width instead (never upscaled); the caller dedupes.
     *
     * <p>Renditions with the same crop are made largest first, each from the one before: the same source and list
     * give the same bytes every time, on any thread.
     *
     * @throws ImageException for a damaged, truncated or too large source, an SVG (not resized), an animated image
     *     (passed through, not resized), or a format that cannot be decoded
     */
    public List<Derivative> derive(Path file, List<Rendition> renditions) throws ImageException {
        List<Rendition> wanted = List.copyOf(renditions);
        byte[] bytes = readAll(file);
        ImageProbe probe = ImageHeaders.probe(bytes, bytes.length).orElseThrow();
        requireResizable(probe);
        if (wanted.isEmpty()) return List.of();
        ImageHeaders.requireComplete(probe.format(), bytes);

        List<RenditionPlan> plans = new ArrayList<>();
        for (Rendition r : wanted) plans.add(RenditionPlan.of(r, probe.width(), probe.height()));
        int subsampling = subsampling(plans);
        long decodedPixels = (long) ceilDiv(probe.width(), subsampling) * ceilDiv(probe.height(), subsampling);
        try (RasterBudget.Lease lease = budget.acquire(decodedPixels * bytesPerDecodedPixel(probe))) {
            BufferedImage source = SourceDecoder.decode(bytes, probe, subsampling);
            bytes = null; // the encoded source is not needed any more: let it go before the renditions are made
            return render(source, subsampling, plans);
        }
    }

    /** The source's bytes without location data or other identifying metadata; see {@link MetadataStripper}. */
    public byte[] withoutLocation(Path file) throws ImageException {
        byte[] bytes = readAll(file);
        ImageFormat format = ImageHeaders.sniff(bytes);
        return MetadataStripper.strip(format, bytes);
    }

    /** The one subsampling that suits every rendition: the smallest of their largest. */
    static int subsampling(List<RenditionPlan> plans) {
        return plans.stream().mapToInt(RenditionPlan::maxSubsampling).min().orElse(1);
    }

    /** How {@link #derive} would subsample {@code probe}'s pixels for {@code renditions}; 1 reads all of them. */
    public static int subsampling(ImageProbe probe, List<Rendition> renditions) {
        return subsampling(renditions.stream()
                .map(r -> RenditionPlan.of(r, probe.width(), probe.height()))
                .toList());
    }

    private List<Derivative> render(BufferedImage source, int subsampling, List<RenditionPlan> plans)
            throws ImageException {
        // Largest first within each crop, each made from the previous: the big halving steps are done once.
        List<RenditionPlan> order = new ArrayList<>(plans);
        order.sort(Comparator.comparingInt(RenditionPlan::width).reversed());
        Map<RenditionPlan, Derivative> made = new HashMap<>();
        List<Made> previous = new ArrayList<>(); // the last raster made for each crop
        for (RenditionPlan plan : order) {
            Made from = previous.stream()
                    .filter(m -> m.plan.rendition().sameCrop(plan.rendition()))
                    .findFirst()
                    .orElse(null);
            BufferedImage raster;
            if (from != null && from.plan.width() == plan.width() && from.plan.height() == plan.height()) {
                raster = from.raster;
            } else if (from != null) {
                raster = Resampler.resize(
                        from.raster,
                        new Rectangle(0, 0, from.raster.getWidth(), from.raster.getHeight()),
                        plan.width(),
                        plan.height());
            } else {
                Rectangle region = plan.region(subsampling, source.getWidth(), source.getHeight());
                raster = Resampler.resize(source, region, plan.width(), plan.height());
            }
            if (from != null) previous.remove(from);
            previous.add(new Made(plan, raster));
            byte[] encoded = encoder.encode(raster, plan.rendition().format());
            made.put(plan, new Derivative(plan.rendition(), plan.width(), plan.height(), encoded));
        }
        List<Derivative> out = new ArrayList<>();
        for (RenditionPlan plan : plans) out.add(made.get(plan));
        return List.copyOf(out);
    }

    private record Made(RenditionPlan plan, BufferedImage raster) {}

    private static void requireResizable(ImageProbe probe) throws ImageException {
        switch (probe.format()) {
            case SVG -> throw new ImageException("SVG is not resized (a vector image is published as it is)");
            case AVIF -> throw new ImageException("AVIF sources are not resized here (no AVIF decoder)");
            case OTHER -> throw new ImageException("not a JPEG, PNG, GIF or WebP image");
            default -> {}
        }
        if (probe.animated()) {
            throw new ImageException("animated " + SourceDecoder.name(probe.format())
                    + " is not resized (it is published as it is, every frame)");
        }
        long pixels = (long) probe.width() * probe.height();
        if (pixels > MAX_SOURCE_PIXELS) {
            throw new ImageException("image too large to resize (" + ImageText.count(probe.width()) + " × "
                    + ImageText.count(probe.height()) + " pixels; at most " + MAX_SOURCE_PIXELS / 1_000_000
                    + " megapixels)");
        }
    }

    /**
     * The bytes a pixel takes while deriving: the decoded raster (up to 4 samples, of 2 bytes past 8 bits) and its
     * int copy in sRGB and upright (4). The renditions are smaller and come one at a time.
     */
    private static int bytesPerDecodedPixel(ImageProbe probe) {
        return 4 * (probe.bitDepth() > 8 ? 2 : 1) + 4;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static long fileSize(Path file) throws ImageException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static byte[] readPrefix(Path file, int length) throws ImageException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static byte[] readAll(Path file) throws ImageException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static ImageException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) return new ImageException("no such file", e);
        String reason = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
        return new ImageException("cannot be read" + reason, e);
    }
}
