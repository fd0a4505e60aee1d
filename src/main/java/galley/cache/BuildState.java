package galley.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * What the last successful build was made from, to skip a build in which nothing changed (like
 * make): Galley's version, the options, a fingerprint of every source and theme file's path, size
 * and modification time, and the span of build times over which the same inputs give the same
 * site (articles scheduled for later, and the news sitemap's two-day window, make the site depend
 * on the clock).
 *
 * @param inputs the fingerprint of every input file's path, size and modification time
 * @param frame the same for every input but the article files (settings, theme, authors, sections,
 *     tags, media): when only articles changed, an edit of article bodies can take the quick path
 * @param theme the same for every input but the article and media files: when it is unchanged, new
 *     articles newer than all others can take the quick path for additions
 * @param media a fingerprint of the set of media paths (not their bytes): whether an image could
 *     have appeared or gone since, which changes "missing media file" warnings
 * @param global the fingerprint of what every output depends on (version, settings, the site-wide
 *     navigation): when it changed, no output can be kept unexamined
 * @param scheduled the earliest article left out for its future date, "TIME PATH", or empty
 * @param warnings the last build's warnings, reported again when it is skipped
 */
public record BuildState(
        String version,
        String options,
        String inputs,
        String frame,
        String theme,
        String media,
        String global,
        Instant validFrom,
        Instant validUntil,
        int articles,
        int pages,
        int files,
        String scheduled,
        List<String> warnings) {

    /** 5: a line with the CRC32C of the lines before it precedes {@code end}; 6: the next scheduled article. */
    private static final String HEADER = "galley-build-state 6";

    public BuildState {
        warnings = List.copyOf(warnings);
    }

    /** Whether a build with these version, options and inputs at {@code now} would give the same site. */
    public boolean covers(String version, String options, String inputs, Instant now) {
        return this.version.equals(version)
                && this.options.equals(options)
                && this.inputs.equals(inputs)
                && !now.isBefore(validFrom)
                && now.isBefore(validUntil);
    }

    /** This state with other warnings. */
    public BuildState withWarnings(List<String> warnings) {
        return new BuildState(
                version,
                options,
                inputs,
                frame,
                theme,
                media,
                global,
                validFrom,
                validUntil,
                articles,
                pages,
                files,
                scheduled,
                warnings);
    }

    /** Whether a build with these version and options, at {@code now} or later than this one, can build on this one. */
    public boolean sameOptionsLater(String version, String options, Instant now) {
        return this.version.equals(version) && this.options.equals(options) && !now.isBefore(validFrom);
    }

    /** Whether a build at {@code now} with these version and options is in the same clock window (inputs aside). */
    public boolean sameSettings(String version, String options, Instant now) {
        return this.version.equals(version)
                && this.options.equals(options)
                && !now.isBefore(validFrom)
                && now.isBefore(validUntil);
    }

    /** {@link #load(Path, Consumer)}, telling no one why a state was dropped. */
    public static Optional<BuildState> load(Path file) {
        return load(file, note -> {});
    }

    /**
     * The saved state; empty if there is none, it is of another format, or (with one line to
     * {@code notes}) its checksum fails: the build then checks every output instead of trusting
     * the state's fingerprints and clock span.
     */
    public static Optional<BuildState> load(Path file, Consumer<String> notes) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            byte[] bytes = Files.readAllBytes(file);
            List<String> lines =
                    new String(bytes, StandardCharsets.UTF_8).lines().toList();
            String checksum = lines.size() >= 2 ? lines.get(lines.size() - 2) : "";
            int checked = lastLineStart(bytes, 2);
            boolean holds = lines.size() >= 2
                    && lines.get(lines.size() - 1).equals("end")
                    && checked >= 0
                    && checksum.equals(crcLine(bytes, checked));
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                // Another format is read silently (the build checks every output); a damaged first
                // line is told like any other damage.
                if (!anotherFormat(lines.isEmpty() ? "" : lines.get(0), holds))
                    notes.accept(file + ": damaged; every output is checked");
                return Optional.empty();
            }
            if (lines.size() < 16 || !holds) {
                notes.accept(file + ": damaged; every output is checked");
                return Optional.empty();
            }
            lines = lines.subList(0, lines.size() - 1);
            return Optional.of(new BuildState(
                    lines.get(1),
                    lines.get(2),
                    lines.get(3),
                    lines.get(4),
                    lines.get(5),
                    lines.get(6),
                    lines.get(7),
                    Instant.parse(lines.get(8)),
                    Instant.parse(lines.get(9)),
                    Integer.parseInt(lines.get(10)),
                    Integer.parseInt(lines.get(11)),
                    Integer.parseInt(lines.get(12)),
                    lines.get(13),
                    new ArrayList<>(lines.subList(14, lines.size() - 1))));
        } catch (IOException | RuntimeException e) {
            notes.accept(file + ": damaged; every output is checked");
            return Optional.empty();
        }
    }

    private static final Pattern FORMAT = Pattern.compile("galley-build-state ([0-9]{1,4})");

    /**
     * Whether {@code first}, a first line other than {@link #HEADER}, is that of another format:
     * one from before format 5, which had no checksum, or a later one whose checksum holds.
     */
    private static boolean anotherFormat(String first, boolean checksumHolds) {
        Matcher m = FORMAT.matcher(first);
        return m.matches() && (Integer.parseInt(m.group(1)) < 5 || checksumHolds);
    }

    /** Where the {@code n}-th line from the end of {@code bytes} (which ends in a line end) starts; -1 if none. */
    private static int lastLineStart(byte[] bytes, int n) {
        int i = bytes.length - 1;
        if (i < 0 || bytes[i] != '\n') return -1;
        for (int seen = 0; i > 0; i--) {
            if (bytes[i - 1] == '\n' && ++seen == n) return i;
        }
        return -1;
    }

    /** The checksum line of the first {@code length} bytes. */
    private static String crcLine(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return String.format("crc %08x", (int) crc.getValue());
    }

    public void save(Path file) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                HEADER,
                version,
                options,
                inputs,
                frame,
                theme,
                media,
                global,
                validFrom.toString(),
                validUntil.toString(),
                Integer.toString(articles),
                Integer.toString(pages),
                Integer.toString(files),
                scheduled));
        for (String w : warnings) lines.add(w.replace("\n", " ").replace("\r", " "));
        byte[] checked = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = (String.join("\n", lines) + "\n" + crcLine(checked, checked.length) + "\nend\n")
                .getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes a saved state (a build that did not finish must not be skipped next time). */
    public static void forget(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
