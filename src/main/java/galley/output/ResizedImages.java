package galley.output;

import galley.cache.BuildCache;
import galley.cache.Fingerprint;
import galley.config.ImageOptions;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import galley.incremental.WarningCodec;
import galley.media.Derivative;
import galley.media.ImageException;
import galley.media.ImageFormat;
import galley.media.ImageProbe;
import galley.media.ImageProcessor;
import galley.media.ImageSettings;
import galley.media.ImageSize;
import galley.media.Rendition;
import galley.media.ResponsiveImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Publishes the JPEG and PNG photos of {@code content/media/} for {@link Assets}: each original
 * (as it is, or without its location with {@code images.strip_original_metadata}) and the
 * resized copies that {@link ResponsiveImage} plans beside it, with the original's warnings (a
 * location published, a huge file), which are replayed while it is kept.
 *
 * <p>Three levels, cheapest first: the copies the last build published are kept when the
 * original's record says they were made from the same file (size and modification time) with the
 * same settings, without reading the original; else the copies are taken from the image cache
 * ({@code .galley/<site>/images/}), where they are filed by a SHA-256 of the original's bytes and
 * the settings that shape them, so that a file touched, moved or restored (a fresh checkout, a CI
 * job that keeps only {@code .galley/}) is not decoded again; else the original is decoded once
 * and every copy made from it.
 *
 * <p>The original's record in the build cache is {@code media:SIZE:MTIME WxH SHA SETTINGS} ({@code
 * -} for SHA when it has no copies): enough to plan its copies again (their names follow from its
 * size) and to tell which cached files are still wanted.
 */
public final class ResizedImages {

    private final ImageOptions options;
    private final Path cache;
    /** What the copies' bytes depend on besides the original: the encoders' settings (in cache file names). */
    private final String settings;

    /**
     * What an original's record depends on: the copies' settings, the widths and formats, and
     * whether the original is stripped of its location.
     */
    private final String recordSettings;

    /** How the record of an original without copies ends (see {@link #plainRecord}). */
    private final String plainEnd;
    /** The SHA-256 (as in the records) of every original this build publishes copies of. */
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    /** Whether a record was not reused: then cached copies no build wants may have been left. */
    private volatile boolean changed;

    /** Originals decoded, and originals whose copies all came from the image cache. */
    private final AtomicInteger decoded = new AtomicInteger();

    private final AtomicInteger cached = new AtomicInteger();

    /** Each media file's size as the pages were given it (read once per build). */
    private final Function<String, Optional<ImageSize>> sizes;

    private final Diagnostics diagnostics;

    /**
     * The photos of one build: made with {@code options}, cached in {@code stateDir}, planned from
     * {@code sizes}, their problems to {@code diagnostics}.
     */
    public ResizedImages(
            ImageOptions options, Path stateDir, Function<String, Optional<ImageSize>> sizes, Diagnostics diagnostics) {
        this.sizes = sizes;
        this.diagnostics = diagnostics;
        this.options = options;
        this.cache = stateDir.resolve("images");
        this.settings = new Fingerprint()
                .add("jpeg " + options.jpegQuality() + " webp " + options.webpQuality() + " progressive")
                .hex()
                .substring(0, 8);
        // The widths and formats too: a record made under them says which copies its original has
        // (none, for most small images) without planning them again.
        this.recordSettings = new Fingerprint()
                .add(settings + " " + options.widths() + " " + options.webp() + " " + options.stripOriginalMetadata())
                .hex()
                .substring(0, 8);
        this.plainEnd = " - " + recordSettings;
    }

    /**
     * One processor per settings for every build of the process (serve's rebuilds): its memory
     * budget is shared by the threads of a build, and ImageIO's registry is slow to start.
     */
    private static final Map<ImageSettings, ImageProcessor> PROCESSORS = new ConcurrentHashMap<>();

    private ImageProcessor processor() {
        ImageSettings defaults = ImageSettings.defaults();
        ImageSettings wanted = new ImageSettings(
                options.jpegQuality(), options.webpQuality(), defaults.progressiveJpeg(), defaults.memoryBudgetBytes());
        return PROCESSORS.computeIfAbsent(wanted, ImageProcessor::new);
    }

    /**
     * What the last build recorded of a JPEG or PNG original: its size as shown, and the SHA-256
     * its copies were filed under ({@code "-"} when it had none).
     */
    record Recorded(ImageSize size, String sha) {}

    /**
     * The last build's record {@code old} of an original, if it was made from the file now there
     * ({@code mediaKey}) with these settings.
     */
    Optional<Recorded> recorded(String mediaKey, String old) {
        String[] parts = old.split(" ");
        if (parts.length != 4 || !parts[0].equals(mediaKey) || !parts[3].equals(recordSettings))
            return Optional.empty();
        int x = parts[1].indexOf('x');
        if (x < 0) return Optional.empty();
        try {
            return Optional.of(new Recorded(
                    new ImageSize(
                            Integer.parseInt(parts[1].substring(0, x)), Integer.parseInt(parts[1].substring(x + 1))),
                    parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The record of an original of {@code size} that gets no copies. */
    String plainRecord(String mediaKey, ImageSize size) {
        return mediaKey + " " + size.width() + "x" + size.height() + " - " + recordSettings;
    }

    /** The key of a copy's record: the original's bytes it was made from (the settings are the original's record's). */
    static String copyKey(String sha) {
        return "resized:" + sha;
    }

    /** The copies of an original recorded with {@code sha} are published again as they were. */
    void keep(String sha) {
        wanted.add(sha);
    }

    ImageOptions options() {
        return options;
    }

    /**
     * Publishes the JPEG or PNG original at {@code mediaPath} ({@code source}, whose
     * {@link Assets#mediaKey} is {@code key}) and its copies: the last build's, when its record
     * {@code old} says they were made from this file with these settings ({@code keepOriginal}:
     * the original's copy in the site is as that build left it); else made, with the original's
     * warnings (its location, its size).
     */
    void publish(
            String mediaPath,
            Path source,
            String key,
            Optional<BuildCache.Entry> old,
            boolean keepOriginal,
            OutputWriter writer,
            BuildCache previous,
            BuildCache.Next next,
            boolean trustKept) {
        String relative = mediaPath.substring(1);
        if (keepOriginal
                && old.get().key().endsWith(plainEnd)
                && old.get().key().length() > key.length()) { // the same file: old passed sameSource
            // Made from this file under these settings, without copies: most small images of an
            // archive, kept without planning anything (string comparisons, no parsing).
            writer.keep(relative);
            next.keep(relative);
            old.get().warnings().forEach(w -> WarningCodec.decode(w).ifPresent(diagnostics::add));
            return;
        }
        Optional<Recorded> recorded = old.flatMap(e -> recorded(key, e.key()));
        if (keepOriginal && recorded.isPresent()) {
            Optional<ResponsiveImage> copies =
                    ResponsiveImage.plan(mediaPath, recorded.get().size(), options);
            String copyKey = copyKey(recorded.get().sha());
            if (copies.isEmpty()
                    || copies.get().variants().stream()
                            .allMatch(v -> previous.find(v.path().substring(1))
                                    .filter(e -> e.key().equals(copyKey))
                                    .filter(e ->
                                            trustKept || writer.canKeep(v.path().substring(1), e.stamp()))
                                    .isPresent())) {
                writer.keep(relative);
                next.keep(relative);
                old.get().warnings().forEach(w -> WarningCodec.decode(w).ifPresent(diagnostics::add));
                if (copies.isPresent()) {
                    keep(recorded.get().sha());
                    for (ResponsiveImage.Variant v : copies.get().variants()) {
                        writer.keep(v.path().substring(1));
                        next.keep(v.path().substring(1));
                    }
                }
                return;
            }
        }
        SourcePosition at = SourcePosition.of(Path.of("content").resolve(relative));
        List<Diagnostic> notes = new ArrayList<>();
        String stamp = null;
        try {
            ImageProbe probe = probe(source);
            long pixels = (long) probe.width() * probe.height();
            long bytes = Files.size(source);
            if (pixels > HUGE_PIXELS || bytes > HUGE_BYTES) {
                notes.add(Diagnostic.warning(
                        at,
                        String.format(
                                Locale.ROOT,
                                "this image is %d x %d pixels, %.1f MB: readers who open the original download it,"
                                        + " and a first build decodes it; resize it to 4,000 pixels or less before"
                                        + " committing",
                                probe.width(),
                                probe.height(),
                                bytes / 1e6)));
            }
            if (options.stripOriginalMetadata()) {
                stamp = writer.write(relative, withoutLocation(source));
            } else if (probe.hasGps()) {
                notes.add(Diagnostic.warning(
                        at,
                        "this photo carries the GPS position where it was taken, and is published with it (its resized"
                                + " copies are not); set images.strip_original_metadata: true in site.yaml to publish"
                                + " originals without location data"));
            }
        } catch (ImageException | IOException e) {
            // Not an image it can read: published as it is; making its copies says what is wrong.
        }
        if (stamp == null) stamp = writer.copy(source, relative);
        notes.forEach(diagnostics::add);
        Optional<ImageSize> size = sizes.apply(mediaPath);
        Optional<ResponsiveImage> copies = size.flatMap(s -> ResponsiveImage.plan(mediaPath, s, options));
        String record = size.isEmpty() ? key : plainRecord(key, size.get());
        if (copies.isPresent()) {
            try {
                record = make(copies.get(), source, key, writer, next);
            } catch (ImageException e) {
                diagnostics.error(
                        at,
                        "cannot make the resized copies of this image: " + e.getMessage()
                                + "; replace the file with one that opens in an image viewer");
            }
        }
        next.made(
                relative,
                new BuildCache.Entry(
                        record, stamp, notes.stream().map(WarningCodec::encode).toList()));
    }

    /** An original this large is worth a warning: 50 megapixels, 25 MB. */
    private static final long HUGE_PIXELS = 50_000_000L;

    private static final long HUGE_BYTES = 25_000_000L;

    /** Whether {@code key} is the record of an original with copies made from the file now there ({@code mediaKey}). */
    static boolean sameSource(String key, String mediaKey) {
        // Called for every media file of every build: no concatenation.
        return key.startsWith(mediaKey) && (key.length() == mediaKey.length() || key.charAt(mediaKey.length()) == ' ');
    }

    /**
     * Writes the copies of {@code image} (whose original is {@code source}); returns the key to
     * record for the original. Throws with a message for the user when the original cannot be read.
     */
    String make(ResponsiveImage image, Path source, String mediaKey, OutputWriter writer, BuildCache.Next next)
            throws ImageException {
        changed = true;
        String sha;
        try {
            sha = sha256(source);
        } catch (IOException e) {
            throw new ImageException("cannot be read (" + e.getMessage() + ")");
        }
        wanted.add(sha);
        List<ResponsiveImage.Variant> variants = image.variants();
        List<Path> files = new ArrayList<>();
        List<Rendition> missing = new ArrayList<>();
        List<Path> missingFiles = new ArrayList<>();
        for (ResponsiveImage.Variant v : variants) {
            Path file = cacheFile(sha, v);
            files.add(file);
            if (!Files.isRegularFile(file)) {
                missing.add(new Rendition(v.width(), 0, 0.5, 0.5, format(v.format())));
                missingFiles.add(file);
            }
        }
        if (missing.isEmpty()) {
            cached.incrementAndGet();
        } else {
            decoded.incrementAndGet();
            List<Derivative> made = processor().derive(source, missing);
            for (int i = 0; i < made.size(); i++)
                store(missingFiles.get(i), made.get(i).bytes());
        }
        for (int i = 0; i < variants.size(); i++) {
            String relative = variants.get(i).path().substring(1);
            next.made(relative, new BuildCache.Entry(copyKey(sha), writer.copy(files.get(i), relative), List.of()));
        }
        return mediaKey + " " + image.size().width() + "x" + image.size().height() + " " + sha + " " + recordSettings;
    }

    /** What {@code file} is, from its headers (see {@link ImageProcessor#probe}). */
    ImageProbe probe(Path file) throws ImageException {
        return processor().probe(file);
    }

    /** The original's bytes without its location and other identifying metadata (see {@link ImageProcessor#withoutLocation}). */
    byte[] withoutLocation(Path file) throws ImageException {
        return processor().withoutLocation(file);
    }

    /** For the build log: how many originals were decoded and how many were copied from the cache. */
    public String summary() {
        return decoded.get() + " images resized, " + cached.get() + " from the image cache";
    }

    /** Deletes cached copies of originals that this build does not publish, if any record changed. */
    void forgetUnwanted() {
        if (!changed || !Files.isDirectory(cache)) return;
        try (Stream<Path> walk = Files.walk(cache, 2)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> !wanted.contains(shaOf(f.getFileName().toString())))
                    .forEach(f -> {
                        try {
                            Files.deleteIfExists(f);
                        } catch (IOException e) {
                            // a cache file left is harmless; the next build tries again
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // the same
        }
    }

    private static String shaOf(String cacheName) {
        int dash = cacheName.indexOf('-');
        return dash < 0 ? cacheName : cacheName.substring(0, dash);
    }

    private Path cacheFile(String sha, ResponsiveImage.Variant v) {
        return cache.resolve(sha.substring(0, 2)).resolve(sha + "-" + settings + "-" + v.width() + "w." + v.format());
    }

    private static ImageFormat format(String extension) {
        return switch (extension) {
            case "jpg" -> ImageFormat.JPEG;
            case "png" -> ImageFormat.PNG;
            case "webp" -> ImageFormat.WEBP;
            default -> throw new IllegalArgumentException("format " + extension);
        };
    }

    /** Writes a cache file whole or not at all: a build killed meanwhile leaves no half image to be reused. */
    private static void store(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(
                    file.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the image cache " + file, e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
