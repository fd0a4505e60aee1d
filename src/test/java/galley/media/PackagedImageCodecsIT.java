package galley.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image libraries as packaged: target/galley.jar alone (with only this test's {@link DeriveMain} beside it)
 * decodes a JPEG through TwelveMonkeys and encodes WebP through the libwebp that webp-imageio unpacks from the jar.
 * {@code mvn verify} runs it after the package phase.
 */
class PackagedImageCodecsIT {

    private static final Path JAR = Path.of("target/galley.jar").toAbsolutePath();

    @Test
    void thePackagedJarDecodesJpegAndEncodesWebp(@TempDir Path tmp) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "needs " + JAR + ": run mvn verify");
        Path photo = tmp.resolve("photo.jpg");
        Files.write(
                photo,
                ImageFixtures.withExif(
                        ImageFixtures.jpeg(ImageFixtures.cornered(800, 600)),
                        ImageFixtures.exif(ImageFixtures.ExifContent.orientation(6)),
                        null));
        String classes = Path.of("target/test-classes").toAbsolutePath().toString();
        String output = run(
                tmp,
                "-cp",
                JAR + java.io.File.pathSeparator + classes,
                DeriveMain.class.getName(),
                photo.toString(),
                "300");
        assertEquals("subsampling 1\nJPEG 300x400 true\nWEBP 300x400 true\n", output);
    }

    @Test
    void theJarStillStarts(@TempDir Path tmp) throws Exception {
        String version = run(tmp, "-jar", JAR.toString(), "--version");
        assertTrue(version.matches("galley \\S+\n"), version);
    }

    private static String run(Path tmp, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // Its own temporary folder: libwebp is unpacked there, not where other builds unpack theirs.
        command.add("-Djava.io.tmpdir=" + tmp);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + output);
        assertEquals(0, process.exitValue(), output);
        return output.replace("\r", "");
    }
}
