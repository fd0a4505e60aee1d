package galley.content;

import galley.cache.Fingerprint;
import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The dates git knows of the files of {@code content/} ({@code git_dates: true}): for every file,
 * the author dates of the first and the last commit that changed it. Read with one {@code git
 * log} process over the history (a pure-Java reader was an order of magnitude slower on a large
 * archive, and a 3 MB dependency), and cached beside the build's other state, keyed by the commit
 * HEAD names: an unchanged HEAD costs one {@code git rev-parse}; a HEAD that moved forward reads
 * only the new commits.
 *
 * <p>Author dates, as Hugo's {@code GitInfo.AuthorDate}: the time the change was written, which
 * a rebase or a cherry-pick keeps (committer dates would re-date every article a rebased branch
 * touches). "Last" is the newest author date among the commits that changed the file, "first"
 * the oldest: what a commit order that rebases scrambled cannot change, and what reading only the
 * new commits gives as exactly as reading the whole history. Only commits count: a file changed
 * in the work tree and not committed keeps its last commit's date (as in Hugo). Renames are not
 * followed: a moved file's history starts at the commit that moved it (the path is what the
 * build reads).
 */
public final class GitDates {

    /** The author dates of the first and last commit that changed a file. */
    public record Dates(Instant first, Instant last) {}

    /** No dates: git_dates is off, or git could not give them. */
    public static final GitDates NONE = new GitDates(Map.of());

    /** How many {@code git log} processes ran in this JVM: tests check that a cached read runs none. */
    static final AtomicInteger LOG_RUNS = new AtomicInteger();

    private static final String HEADER = "galley-git-dates 1";
    private static final String CACHE_FILE = "git-dates";

    /** By the file's path relative to the project root, with forward slashes. */
    private final Map<String, Dates> dates;

    private GitDates(Map<String, Dates> dates) {
        this.dates = dates;
    }

    /** The dates of {@code file} (relative to the project root); empty for a file no commit changed. */
    public Optional<Dates> of(Path file) {
        if (dates.isEmpty()) return Optional.empty();
        return Optional.ofNullable(dates.get(key(file)));
    }

    /** How many files have dates. */
    public int size() {
        return dates.size();
    }

    /**
     * {@code tree} with the git dates folded into the stamps of its article files, and into the
     * fingerprint of them all: a commit that changes only an article's date (the file was edited
     * and built before it was committed) is a change of that file to every cache keyed on its
     * stamp, so the article is read again with its new date, and the build does not skip as
     * "nothing changed" nor take a path that would keep the pages listing it.
     */
    public SourceTree fold(SourceTree tree) {
        if (dates.isEmpty()) return tree;
        Map<Path, SourceTree.Stamp> stamps = new HashMap<>(tree.stamps());
        Fingerprint sum = new Fingerprint().add(tree.sums().articles());
        for (Path file : tree.articles()) {
            Dates d = dates.get(key(file));
            SourceTree.Stamp s = stamps.get(file);
            if (d == null || s == null) continue;
            long folded = new Fingerprint()
                    .add(d.first().getEpochSecond())
                    .add(d.last().getEpochSecond())
                    .hex()
                    .hashCode();
            // The size and time stay what the file system says; the time is moved by a value of the
            // dates, which no change of the file alone reproduces.
            stamps.put(file, new SourceTree.Stamp(s.size(), s.mtimeNanos() ^ (folded << 20 | 1)));
            sum.add(key(file)).add(d.first().getEpochSecond()).add(d.last().getEpochSecond());
        }
        SourceTree.InputSums sums = tree.sums();
        return new SourceTree(
                tree.root(),
                tree.articles(),
                tree.authors(),
                tree.sections(),
                tree.tags(),
                tree.media(),
                stamps,
                new SourceTree.InputSums(sum.hex(), sums.profiles(), sums.media(), sums.mediaPaths()));
    }

    private static String key(Path file) {
        return file.toString().replace('\\', '/');
    }

    /**
     * Reads the dates of the files under {@code root} (the project, which may be a folder inside
     * the repository) from git, through the cache in {@code cacheDir}. Problems that make the
     * dates unusable are one warning at {@code at} (the {@code git_dates} setting), and then there
     * are no dates: a shallow clone, a root not in a repository, git not installed. A damaged
     * cache is a line to {@code notes}, and the dates are read again. Without {@code cached}
     * ({@code --clean}) the cache is not read; without {@code save} (a check, which writes nothing)
     * it is not written.
     */
    public static GitDates read(
            Path root,
            Path cacheDir,
            SourcePosition at,
            boolean cached,
            boolean save,
            Diagnostics diagnostics,
            Consumer<String> notes) {
        Run head;
        try {
            head = git(root, "rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD", "--");
        } catch (IOException e) {
            diagnostics.warning(
                    at,
                    "git_dates: true but git is not installed; dates from front matter only"
                            + " (install git, or set git_dates: false)");
            return NONE;
        }
        List<String> lines = head.out().length == 0
                ? List.of()
                : List.of(new String(head.out(), StandardCharsets.UTF_8).split("\n", -1));
        if (lines.isEmpty() || !(lines.get(0).equals("true") || lines.get(0).equals("false"))) {
            String why = head.err().lines().findFirst().orElse("");
            if (why.contains("not a git repository")) {
                diagnostics.warning(
                        at,
                        "git_dates: true but " + root + " is not in a git repository; dates from front matter only"
                                + " (run git init and commit, or set git_dates: false)");
            } else {
                diagnostics.warning(
                        at,
                        "git_dates: git rev-parse failed in " + root + " (" + why + "); dates from front matter only");
            }
            return NONE;
        }
        if (lines.get(0).equals("true")) {
            diagnostics.warning(
                    at,
                    "git_dates: the repository is a shallow clone (CI checkouts are, by default); dates of files"
                            + " last changed before its oldest commit would be wrong, so git dates are not used."
                            + " Fetch the full history (actions/checkout: fetch-depth: 0)");
            return NONE;
        }
        String prefix = lines.size() > 1 ? lines.get(1) : "";
        String commit = lines.size() > 2 && head.code() == 0 ? lines.get(2) : "";
        if (!commit.matches("[0-9a-f]{40,64}")) return NONE; // no commit yet: no file has a date
        Path file = cacheDir.resolve(CACHE_FILE);
        Optional<Cached> last =
                cached ? Cached.load(file, notes).filter(c -> c.prefix().equals(prefix)) : Optional.empty();
        if (last.isPresent() && last.get().head().equals(commit))
            return new GitDates(last.get().dates());
        Map<String, Dates> map;
        try {
            if (last.isPresent() && isAncestor(root, last.get().head())) {
                map = new HashMap<>(last.get().dates());
                log(root, last.get().head() + ".." + commit, map);
            } else {
                map = new HashMap<>();
                log(root, commit, map);
            }
        } catch (IOException e) {
            diagnostics.warning(
                    at,
                    "git_dates: git log failed in " + root + " (" + e.getMessage() + "); dates from front matter only");
            return NONE;
        }
        if (!save) return new GitDates(map);
        try {
            new Cached(prefix, commit, map).save(file);
        } catch (IOException e) {
            notes.accept(file + ": cannot be written (" + e.getMessage() + "); the next build reads git again");
        }
        return new GitDates(map);
    }

    /** Whether {@code commit} is HEAD or one of its ancestors (false when it is gone, say after a gc). */
    private static boolean isAncestor(Path root, String commit) {
        try {
            return git(root, "merge-base", "--is-ancestor", commit, "HEAD").code() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Adds the dates of the commits of {@code range} to {@code map}: one {@code git log} process.
     * {@code -z} gives names as they are (no quoting of non-ASCII bytes); {@code --relative} gives
     * them relative to the project root when it is a folder inside the repository, and leaves out
     * the rest of the repository.
     */
    private static void log(Path root, String range, Map<String, Dates> map) throws IOException {
        LOG_RUNS.incrementAndGet();
        Run run = git(
                root,
                "-c",
                "log.showSignature=false",
                "-c",
                "log.follow=false",
                "log",
                "--no-merges",
                "--no-renames",
                "--relative",
                "--name-only",
                "-z",
                "--format=%x01%at",
                range,
                "--",
                "content");
        if (run.code() != 0) throw new IOException(run.err().lines().findFirst().orElse("exit code " + run.code()));
        byte[] out = run.out();
        Instant when = null;
        int start = 0;
        for (int i = 0; i <= out.length; i++) {
            if (i < out.length && out[i] != 0) continue;
            int from = start;
            start = i + 1;
            if (from < i && out[from] == '\n') from++; // the line break after a commit's header
            if (from >= i) continue;
            if (out[from] == 1) {
                when = Instant.ofEpochSecond(
                        Long.parseLong(new String(out, from + 1, i - from - 1, StandardCharsets.US_ASCII).strip()));
                continue;
            }
            if (when == null) continue;
            String path = new String(out, from, i - from, StandardCharsets.UTF_8);
            Instant w = when;
            map.merge(
                    path,
                    new Dates(w, w),
                    (a, b) -> new Dates(
                            a.first().isBefore(b.first()) ? a.first() : b.first(),
                            a.last().isAfter(b.last()) ? a.last() : b.last()));
        }
    }

    private record Run(int code, byte[] out, String err) {}

    /** Runs git in {@code dir}; IOException when git cannot be started (not installed). */
    private static Run git(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("git");
        Collections.addAll(command, args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("LC_ALL", "C"); // messages in English: "not a git repository" is matched
        pb.environment().put("GIT_OPTIONAL_LOCKS", "0");
        Process p = pb.start();
        p.getOutputStream().close();
        // Its own thread, not a pool's: git blocks when a pipe is full, and a pool may be busy.
        byte[][] err = new byte[1][];
        Thread errReader = new Thread(() -> err[0] = readAll(p.getErrorStream()), "git stderr");
        errReader.setDaemon(true);
        errReader.start();
        byte[] out = readAll(p.getInputStream());
        try {
            int code = p.waitFor();
            errReader.join();
            return new Run(code, out, err[0] == null ? "" : new String(err[0], StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new IOException("interrupted");
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The cache file: the root's folder in the repository, the HEAD it was read at, one line per
     * file (path escaped, first and last author date in epoch seconds), and a CRC32C of it all.
     */
    record Cached(String prefix, String head, Map<String, Dates> dates) {

        static Optional<Cached> load(Path file, Consumer<String> notes) {
            if (!Files.isRegularFile(file)) return Optional.empty();
            try {
                byte[] bytes = Files.readAllBytes(file);
                String text = new String(bytes, StandardCharsets.UTF_8);
                int crcAt = text.lastIndexOf("\ncrc ");
                boolean holds = crcAt >= 0
                        && text.endsWith("\nend\n")
                        && text.substring(crcAt + 1, text.length() - 5).equals(crc(text.substring(0, crcAt + 1)));
                // The checksum covers the first line: one of another format is read again silently
                // only when its checksum holds (as a later format's will, laid out as this one).
                if (!holds) throw new IllegalArgumentException("checksum");
                if (!text.startsWith(HEADER + "\n")) return Optional.empty();
                String[] lines = text.substring(0, crcAt).split("\n", -1);
                String prefix = unescape(lines[1]);
                String head = lines[2];
                int count = Integer.parseInt(lines[3]);
                if (lines.length != 4 + count) throw new IllegalArgumentException("count");
                Map<String, Dates> dates = new HashMap<>(count * 2);
                for (int i = 4; i < lines.length; i++) {
                    String[] f = lines[i].split("\t", -1);
                    dates.put(
                            unescape(f[0]),
                            new Dates(
                                    Instant.ofEpochSecond(Long.parseLong(f[1])),
                                    Instant.ofEpochSecond(Long.parseLong(f[2]))));
                }
                return Optional.of(new Cached(prefix, head, dates));
            } catch (IOException | RuntimeException e) {
                notes.accept(file + ": damaged; the dates are read from git again");
                return Optional.empty();
            }
        }

        void save(Path file) throws IOException {
            StringBuilder text = new StringBuilder(64 + dates.size() * 80);
            text.append(HEADER).append('\n');
            text.append(escape(prefix)).append('\n').append(head).append('\n');
            text.append(dates.size()).append('\n');
            // Sorted: the same history writes the same bytes.
            new TreeMap<>(dates)
                    .forEach((path, d) -> text.append(escape(path))
                            .append('\t')
                            .append(d.first().getEpochSecond())
                            .append('\t')
                            .append(d.last().getEpochSecond())
                            .append('\n'));
            text.append(crc(text.toString())).append("\nend\n");
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, text.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        private static String crc(String text) {
            CRC32C crc = new CRC32C();
            crc.update(text.getBytes(StandardCharsets.UTF_8));
            return String.format("crc %08x", (int) crc.getValue());
        }

        private static String escape(String s) {
            return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
        }

        private static String unescape(String s) {
            if (s.indexOf('\\') < 0) return s;
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '\\' || i + 1 == s.length()) {
                    b.append(c);
                    continue;
                }
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            }
            return b.toString();
        }
    }
}
