package galley.content;

import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import galley.yaml.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * A source file's normalized text and the hash of its bytes (what caches compare).
 *
 * @param text UTF-8 decoded, BOM dropped, line ends LF
 */
public record SourceFile(String text, String hash) {

    /** Largest source file read; a bigger one is almost certainly not an article. */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    public static Optional<SourceFile> read(Path root, Path file, Diagnostics diagnostics) {
        byte[] bytes;
        try {
            Path abs = root.resolve(file);
            if (Files.size(abs) > MAX_BYTES) {
                diagnostics.error(SourcePosition.of(file), "file is larger than " + (MAX_BYTES >> 20) + " MB; refused");
                return Optional.empty();
            }
            bytes = Files.readAllBytes(abs);
        } catch (IOException e) {
            diagnostics.error(SourcePosition.of(file), "cannot read file: " + e.getMessage());
            return Optional.empty();
        }
        return SourceText.decode(bytes, file, diagnostics).map(text -> new SourceFile(text, hash(bytes)));
    }

    /**
     * What tells two versions of a source apart: CRC-32C and CRC-32 of the bytes (two different
     * polynomials, both computed by the processor) and the length. Not a security hash: nothing
     * here needs one, and SHA-256 in Java code was a tenth of a cold build's CPU time.
     */
    public static String hash(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        CRC32 d = new CRC32();
        d.update(bytes);
        return HexFormat.of().toHexDigits(c.getValue() << 32 | d.getValue()) + Integer.toHexString(bytes.length);
    }
}
