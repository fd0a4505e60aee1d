package galley.output;

import galley.cache.BuildCache;
import galley.cache.Fingerprint;
import galley.content.SourceTree;
import galley.content.ThemeFiles;
import galley.diag.Progress;
import galley.media.ResponsiveImage;
import galley.render.TemplateRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Copies files that are published as they are: the theme's {@code static/} folder (the project's
 * own files over the bundled theme's) to the site root, and {@code content/media/} to {@code /media/}.
 */
public final class Assets {

    private Assets() {}

    /**
     * The theme files that pages load on every visit, published a second time under a name that
     * holds a hash of their bytes ({@code assets/galley.1a2b3c4d5e.css}): a host may let browsers
     * keep them for a year (see {@link #HEADERS}), since changed bytes get a new name. The plain
     * copy stays at its own path for templates and pages that name it.
     */
    static final List<String> FINGERPRINTED = List.of("css/galley.css", "js/search.js");

    /** Where Galley writes the cache rules of hosts that read them (Netlify, Cloudflare Pages). */
    public static final String HEADERS = "_headers";

    /**
     * The fingerprinted copies of a theme's {@link #FINGERPRINTED} files: for each of them that
     * the theme has, its static path and the output path of the copy, with the bytes.
     */
    public record Fingerprinted(Map<String, String> paths, Map<String, byte[]> bytes) {
        public Fingerprinted {
            paths = Map.copyOf(paths);
            bytes = Map.copyOf(bytes);
        }
    }

    /**
     * Reads the theme's {@link #FINGERPRINTED} files (the project's over the bundled ones) and names
     * their copies. Bundled files are read as class-path resources: every build needs them (even a
     * body edit, whose pages name them), and opening the jar as a file system costs more than the
     * few kilobytes read.
     */
    public static Fingerprinted fingerprinted(ThemeFiles theme) {
        Map<String, String> paths = new TreeMap<>();
        Map<String, byte[]> bytes = new TreeMap<>();
        try {
            for (String file : FINGERPRINTED) {
                Path own = theme.staticFiles().get(file);
                byte[] content = own != null ? Files.readAllBytes(own) : bundled(file);
                if (content == null) continue;
                String name = file.substring(file.lastIndexOf('/') + 1);
                int dot = name.lastIndexOf('.');
                String hash = new Fingerprint().add(content).hex().substring(0, 10);
                String out = "assets/"
                        + (dot < 0 ? name + "." + hash : name.substring(0, dot) + "." + hash + name.substring(dot));
                paths.put(file, out);
                bytes.put(out, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Fingerprinted(paths, bytes);
    }

    /** The bundled theme's static file {@code file}, or null if it has none. */
    private static byte[] bundled(String file) throws IOException {
        try (InputStream in =
                TemplateRenderer.class.getResourceAsStream(TemplateRenderer.BUNDLED_THEME + "/static/" + file)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /**
     * The {@code _headers} file: a year for the fingerprinted files, a day for media (replaced
     * under the same name, so not forever). Pages, feeds and the rest are left to the host's
     * default, which for HTML is to revalidate on every visit: a rule for every path
     * ({@code /*}) would be added to these on some hosts (Cloudflare Pages joins the values of
     * every matching rule), giving a fingerprinted file two conflicting lifetimes.
     */
    static String headers(String basePath) {
        return "# Written by Galley: cache rules for hosts that read this file (Netlify, Cloudflare Pages).\n"
                + "# Theme files whose name holds a hash of their content never change under that name.\n"
                + basePath + "assets/*\n"
                + "  Cache-Control: public, max-age=31536000, immutable\n"
                + "# Photos and files from content/media/ keep their name when replaced: a day.\n"
                + basePath + "media/*\n"
                + "  Cache-Control: public, max-age=86400\n";
    }

    /** The output paths of the theme's static files (the project's and the bundled ones), their fingerprinted copies and {@link #HEADERS}. */
    public static Set<String> staticPaths(ThemeFiles theme, Fingerprinted fingerprinted) {
        Set<String> paths = new TreeSet<>(theme.staticFiles().keySet());
        paths.add(HEADERS);
        paths.addAll(fingerprinted.paths().values());
        try {
            withBundledStatic(bundled -> paths.addAll(listFiles(bundled).keySet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    /**
     * Copies static and media files (the project's static files as {@code theme} lists them);
     * returns how many. With {@code trustKept} (the quick path for
     * new articles), a media file whose source is unchanged is kept without looking at its copy,
     * as the outputs that path leaves out are.
     */
    public static int copy(
            ThemeFiles theme,
            SourceTree tree,
            OutputWriter writer,
            BuildCache previous,
            BuildCache.Next next,
            boolean trustKept,
            Fingerprinted fingerprinted,
            String basePath,
            ResizedImages photos,
            Progress progress)
            throws IOException {
        // The project's files as its scan found them: a link the scan refused is never copied.
        Map<String, Path> ownFiles = theme.staticFiles();
        int[] count = {0};
        // The jar's file system is open only inside the callback, so bundled files are copied there.
        withBundledStatic(bundled -> {
            for (Map.Entry<String, Path> e : listFiles(bundled).entrySet()) {
                if (!ownFiles.containsKey(e.getKey())) {
                    next.made(
                            e.getKey(),
                            new BuildCache.Entry("static", copyOne(e.getValue(), e.getKey(), writer), List.of()));
                    count[0]++;
                }
            }
        });
        for (Map.Entry<String, Path> e : ownFiles.entrySet()) {
            next.made(e.getKey(), new BuildCache.Entry("static", copyOne(e.getValue(), e.getKey(), writer), List.of()));
            count[0]++;
        }
        for (Map.Entry<String, byte[]> e : fingerprinted.bytes().entrySet()) {
            next.made(e.getKey(), new BuildCache.Entry("static", writer.write(e.getKey(), e.getValue()), List.of()));
            count[0]++;
        }
        if (!ownFiles.containsKey(HEADERS)) { // a project's own _headers replaces Galley's
            byte[] headers = headers(basePath).getBytes(StandardCharsets.UTF_8);
            next.made(HEADERS, new BuildCache.Entry("static", writer.write(HEADERS, headers), List.of()));
            count[0]++;
        }
        List<String> media = new ArrayList<>(tree.media());
        progress.begin("copy", media.size()); // resizing photos can take minutes on a first build
        OutputWriter.eachInParallel(media, m -> {
            copyMedia(tree, m, writer, previous, next, trustKept, photos);
            progress.advance();
        });
        photos.forgetUnwanted();
        return count[0] + media.size();
    }

    /**
     * Media files are keyed by size and modification time: an unchanged file is not even read,
     * which matters for archives with hundreds of thousands of images. A JPEG or PNG photo gets
     * its resized copies too ({@link ResizedImages}).
     */
    private static void copyMedia(
            SourceTree tree,
            String mediaPath,
            OutputWriter writer,
            BuildCache previous,
            BuildCache.Next next,
            boolean trustKept,
            ResizedImages photos) {
        Path source = tree.mediaFile(mediaPath);
        String relative = mediaPath.substring(1);
        String key = mediaKey(tree, mediaPath);
        Optional<BuildCache.Entry> old = previous.find(relative).filter(e -> ResizedImages.sameSource(e.key(), key));
        boolean keepOriginal = old.isPresent()
                && (trustKept || writer.canKeep(relative, old.get().stamp()));
        if (ResponsiveImage.resizedFormat(mediaPath).isEmpty()) {
            if (keepOriginal && old.get().key().equals(key)) {
                writer.keep(relative);
                next.keep(relative);
            } else {
                next.made(relative, new BuildCache.Entry(key, writer.copy(source, relative), List.of()));
            }
            return;
        }
        photos.publish(mediaPath, source, key, old, keepOriginal, writer, previous, next, trustKept);
    }

    /**
     * Whether {@code key}, a media file's record in the build cache, was made from the file whose
     * {@link #mediaKey} is {@code mediaKey} (a photo's record adds its size and copies).
     */
    public static boolean sameSource(String key, String mediaKey) {
        return ResizedImages.sameSource(key, mediaKey);
    }

    /** A media file's key in the build cache: its size and modification time ("media:?" if unreadable since the scan: the copy reports it). */
    public static String mediaKey(SourceTree tree, String mediaPath) {
        return tree.mediaStamp(mediaPath)
                .map(s -> "media:" + s.size() + ":" + s.mtimeMillis())
                .orElse("media:?");
    }

    private static String copyOne(Path source, String relative, OutputWriter writer) throws IOException {
        if (source.getFileSystem() == FileSystems.getDefault()) return writer.copy(source, relative);
        return writer.write(relative, Files.readAllBytes(source));
    }

    private static Map<String, Path> listFiles(Path dir) {
        Map<String, Path> files = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".") && !rel.contains("/.")) files.put(rel, p);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    interface PathConsumer {
        void accept(Path dir) throws IOException;
    }

    /** Runs {@code action} on the bundled theme's static folder, inside the jar or in target/classes. */
    private static void withBundledStatic(PathConsumer action) throws IOException {
        URL url = TemplateRenderer.class.getResource(TemplateRenderer.BUNDLED_THEME + "/static");
        if (url == null) return;
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    action.accept(fs.getPath(TemplateRenderer.BUNDLED_THEME + "/static"));
                }
            } else {
                action.accept(Path.of(uri));
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
