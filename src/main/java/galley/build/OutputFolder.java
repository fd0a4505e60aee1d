package galley.build;

import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Where a build may write its site, decided on real paths. A build replaces its output folder as
 * a whole and keeps the previous site beside it, so an output folder that is or holds the
 * project, or someone else's files, would be moved away and deleted: the check compares where
 * paths lead (symbolic links resolved), not how they are spelled, and it refuses a folder that
 * Galley did not make.
 */
public final class OutputFolder {

    /**
     * The file in the state folder that says Galley made the output folder beside it (it holds
     * that folder's path): a build refuses to replace a non-empty folder without it, unless
     * {@code --force}. In the state folder rather than the site, so that the site holds only what
     * is published.
     */
    public static final String MARKER = "output";

    private OutputFolder() {}

    /**
     * Records that {@code out} is Galley's, once a build has put its site there (one small read on
     * most builds; written once). Whole or not at all: a temporary file renamed into place.
     */
    static void mark(Path out, Path stateFolder) throws IOException {
        Path marker = stateFolder.resolve(MARKER);
        byte[] text = (out + "\n").getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(marker), text))
            return;
        Files.createDirectories(stateFolder);
        Path tmp = stateFolder.resolve(MARKER + ".tmp");
        Files.write(tmp, text);
        Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Where {@code galley serve} builds by default: in the project's {@code .galley/}, which git
     * already ignores, apart from the published {@code site/}, because a preview is built with
     * other options (its own base URL, perhaps drafts and future articles). Its state folder is
     * {@code .galley/.galley/serve-site/}, by the rule of {@link #stateFolder}.
     */
    public static Path previewFolder(Path root) {
        return root.resolve(".galley").resolve("serve-site");
    }

    /** The state folder beside the output folder: {@code site/} has {@code .galley/site/}. */
    public static Path stateFolder(Path out) {
        return out.getParent().resolve(".galley").resolve(out.getFileName().toString());
    }

    /**
     * The real path of {@code out} (symbolic links resolved), after refusing, as an error at
     * {@code --out}, an output folder that is a symbolic link or goes through a broken one; that
     * is, contains or lies inside the project root, {@code content/}, {@code templates/}, a state
     * folder or Galley's working trees; that is or contains the home folder. With {@code build}
     * it also refuses a non-empty folder Galley did not make, unless {@code force}. Changes nothing.
     * Throws {@link galley.diag.BuildFailedException} on a refusal.
     */
    public static Path check(Path root, Path out, boolean build, boolean force, Diagnostics diagnostics) {
        Path given = out.toAbsolutePath().normalize();
        Path real;
        try {
            real = realPath(given);
        } catch (IOException e) {
            refuse(
                    diagnostics,
                    "--out " + given + " cannot be resolved (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); it may go through a broken symbolic link; choose a folder such as "
                            + root.resolve("site"));
            throw new AssertionError(); // refuse throws
        }
        Path realRoot = realPathOrSelf(root);
        Path home = realPathOrSelf(Path.of(System.getProperty("user.home", "/")));
        Path content = realPathOrSelf(root.resolve("content"));
        Path templates = realPathOrSelf(root.resolve("templates"));
        String why = null;
        if (real.getParent() == null || realRoot.startsWith(real)) why = "it is or holds the project " + realRoot;
        else if (home.startsWith(real)) why = "it is or holds the home folder " + home;
        else if (real.startsWith(content) || content.startsWith(real)) why = "it is, holds or lies in " + content;
        else if (real.startsWith(templates) || templates.startsWith(real)) why = "it is, holds or lies in " + templates;
        else if (inWorkingFolder(real) && !real.equals(realPathOrSelf(previewFolder(root))))
            why = "it lies in a Galley state folder (.galley) or working tree";
        else if (stateFolder(real).equals(realPathOrSelf(previewFolder(root))))
            why = "its state folder would be " + previewFolder(root) + ", where galley serve builds its preview";
        if (why != null) {
            refuse(
                    diagnostics,
                    "refusing to write the site to " + given + (real.equals(given) ? "" : " (really " + real + ")")
                            + ": " + why + "; a build would replace it; choose a folder such as "
                            + root.resolve("site"));
        }
        if (Files.isSymbolicLink(given)) {
            refuse(
                    diagnostics,
                    "--out " + given + " is a symbolic link to " + real
                            + "; a build replaces its output folder as a whole, which would replace the link by a folder; "
                            + "point --out at the real folder: --out " + real);
        }
        if (build && !force && !madeByGalley(real)) {
            refuse(
                    diagnostics,
                    "--out " + given
                            + " is not empty and was not made by Galley; empty it, choose another folder, or pass --force to replace it");
        }
        return real;
    }

    /**
     * Whether {@code out} is missing, empty or Galley's: its state folder has the marker every build
     * that writes leaves there ({@link #MARKER}), or it is a site of a Galley from
     * before the marker (the state folder holds a record of outputs and the folder a home page),
     * or its home page names Galley as its generator (the state folder was deleted).
     * Reads one folder entry and a few names, never the tree.
     */
    static boolean madeByGalley(Path out) {
        if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) return true;
        Path state = stateFolder(out);
        if (Files.isRegularFile(state.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) return true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(out)) {
            if (!entries.iterator().hasNext()) return true;
        } catch (IOException e) {
            return false;
        }
        return Files.isRegularFile(state.resolve("outputs"), LinkOption.NOFOLLOW_LINKS)
                        && Files.isRegularFile(out.resolve("index.html"), LinkOption.NOFOLLOW_LINKS)
                || saysGalleyMadeIt(out.resolve("index.html"));
    }

    /**
     * Whether the home page names Galley as its generator, as the default theme's does: a site
     * whose state folder was deleted ({@code rm -rf .galley} to start afresh, a CI job that
     * restores the site alone) is still Galley's. Reads the first 4 KB of one file.
     */
    private static boolean saysGalleyMadeIt(Path home) {
        if (!Files.isRegularFile(home, LinkOption.NOFOLLOW_LINKS)) return false;
        try (InputStream in = Files.newInputStream(home, LinkOption.NOFOLLOW_LINKS)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            return head.contains("<meta name=\"generator\" content=\"Galley ");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a name on the way to {@code out} is a state folder or one of the trees a build keeps beside a site. */
    private static boolean inWorkingFolder(Path out) {
        for (Path name : out) {
            String n = name.toString();
            if (n.equals(".galley")
                    || n.endsWith(".galley-staging")
                    || n.endsWith(".galley-standby")
                    || n.endsWith(".galley-old")) return true;
        }
        return false;
    }

    /** The real path of the nearest existing ancestor of {@code path}, with the names below it that do not exist yet. */
    static Path realPath(Path path) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) return path;
        Path real = existing.toRealPath();
        return real.resolve(existing.relativize(path));
    }

    private static Path realPathOrSelf(Path path) {
        try {
            return realPath(path.toAbsolutePath().normalize());
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static void refuse(Diagnostics diagnostics, String message) {
        diagnostics.error(SourcePosition.of(Path.of("--out")), message);
        diagnostics.failIfErrors();
    }
}
