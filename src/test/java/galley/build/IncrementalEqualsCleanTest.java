package galley.build;

import galley.TestProject;
import galley.testing.ArchiveGenerator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Incremental equals clean (issue #19): random sequences of edits applied to a small generated
 * archive; after each step an incremental build into {@code site/} (keeping its state, standby and
 * cache) and a clean build ({@code --clean}) into another folder must give the same exit code, the
 * same diagnostics and, when they succeed, the same tree, path for path and byte for byte. A failed
 * build must leave the incremental site as it was.
 *
 * <p>Each step is an {@link Edit} (what to change, with two numbers that pick the article, the
 * section, the variant: read against the archive as it is then) and the build's {@code --threads}.
 * The clock ({@code --now}) is one of the edits. jqwik shrinks the list and the numbers, so a
 * failure is reported as a short sequence; the failure message lists what each step did to which
 * file. jqwik's statistics give the number of steps run ({@code (N) steps =}, by edit kind) and
 * the path each incremental build took ({@code path}).
 *
 * <p>Shrinking is bounded (a minute: {@code jqwik.shrinking.bounded.seconds} in
 * junit-platform.properties), then jqwik reports the shortest failing sequence found so far. Each
 * attempt replays a sequence with two builds per step: fully shrinking a failing sequence of 50
 * steps took 8 minutes, and one of 8 steps four and a half, more than CI's 15 minutes leave. For
 * a full shrink, run the failing property again with {@code -Djqwik.shrinking.bounded.seconds=3600}
 * (jqwik replays the failing sample first).
 */
class IncrementalEqualsCleanTest {

    @Property(tries = 4, shrinking = ShrinkingMode.BOUNDED)
    void incrementalBuildsEqualCleanOnesAfterEveryEdit(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 6, max = 14) int articles,
            @ForAll("steps6") List<Step> steps)
            throws IOException {
        run(seed, articles, steps);
    }

    /**
     * The slow profile: 60 sequences (12 tries at its five times) of 10 to 60 steps, from archives
     * of 3 to 16 articles, new random ones on every run: about 2,000 steps in the two and a half
     * minutes that CI's 15 minutes leave it beside the kill tests (jqwik prints the count: "(N) steps ="). Long
     * sequences rather than many: each sequence pays for a new archive and two first builds, and
     * edits meet the state earlier edits left; small archives, since a build's time grows with its
     * pages and the sequences add articles (about one step in four). For more, e.g.
     * {@code mvn -P slow test -Dtest=IncrementalEqualsCleanTest -Dtest.tries=20}.
     */
    @Tag("slow")
    @Property(tries = 12, shrinking = ShrinkingMode.BOUNDED)
    void manyLongSequencesOfEditsBuildAsCleanBuildsDo(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 3, max = 16) int articles,
            @ForAll("steps60") List<Step> steps)
            throws IOException {
        run(seed, articles, steps);
    }

    @Provide
    Arbitrary<List<Step>> steps6() {
        return step().list().ofMinSize(4).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Step>> steps60() {
        // Sizes spread evenly from 10 to 60 (jqwik's default favours short lists).
        return step().list().ofMinSize(10).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<Step> step() {
        // New articles and the clock (the quick path for additions), and body edits (the quick path
        // for corrections) more often than the rest.
        Arbitrary<Edit.Kind> kind = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Edit.Kind.ADD_ARTICLE)),
                Tuple.of(2, Arbitraries.just(Edit.Kind.CLOCK)),
                Tuple.of(2, Arbitraries.just(Edit.Kind.EDIT_BODY)),
                Tuple.of(8, Arbitraries.of(Edit.Kind.class)));
        Arbitrary<Integer> number = Arbitraries.integers().between(0, 999);
        return Combinators.combine(kind, number, number, Arbitraries.of(1, 4))
                .as((k, a, b, threads) -> new Step(new Edit(k, a, b), threads));
    }

    // ------------------------------------------------------------------ steps

    /** One step: an edit, then both builds with {@code threads}. */
    record Step(Edit edit, int threads) {
        @Override
        public String toString() {
            return edit + (threads == 1 ? "" : " --threads " + threads);
        }
    }

    /**
     * An edit of the project: {@code a} picks the article (its index, modulo their number, in the
     * order of their paths) or the file, {@code b} the variant (which section, date, tags...).
     */
    record Edit(Kind kind, int a, int b) {
        enum Kind {
            ADD_ARTICLE,
            DELETE_ARTICLE,
            RETITLE,
            EDIT_BODY,
            MOVE_SECTION,
            CHANGE_TAGS,
            CHANGE_AUTHORS,
            CHANGE_DATE,
            TOGGLE_DRAFT,
            EDIT_AUTHOR,
            SITE_SETTINGS,
            TEMPLATE,
            MEDIA,
            WARNED_FILE,
            CLOCK,
        }

        @Override
        public String toString() {
            String what = switch (kind) {
                case ADD_ARTICLE -> "add an article dated " + DATES[b % DATES.length] + " in section #" + a;
                case DELETE_ARTICLE -> "delete article #" + a;
                case RETITLE -> "retitle article #" + a;
                case EDIT_BODY ->
                    (b % 3 == 0 ? "edit the first paragraph of" : "append to the body of") + " article #" + a;
                case MOVE_SECTION -> "move article #" + a + " to " + section(b);
                case CHANGE_TAGS -> "retag article #" + a + " with " + tags(b);
                case CHANGE_AUTHORS -> "change the authors of article #" + a + " (variant " + b + ")";
                case CHANGE_DATE -> "redate article #" + a + " to " + DATES[b % DATES.length];
                case TOGGLE_DRAFT -> "toggle draft on article #" + a;
                case EDIT_AUTHOR -> "rename author #" + a;
                case SITE_SETTINGS -> "site.yaml: " + SETTINGS[b % SETTINGS.length];
                case TEMPLATE ->
                    "template " + TEMPLATES[a % TEMPLATES.length] + ": "
                            + (b % 3 == 0 ? "back to the bundled one" : "variant " + b % 3);
                case MEDIA -> "media: " + MEDIA[b % MEDIA.length] + " (#" + a + ")";
                case WARNED_FILE -> "toggle a file Galley warns about: " + WARNED[b % WARNED.length];
                case CLOCK -> "move --now by " + clockHours(a, b) + " h";
            };
            return what + " [" + a + "," + b + "]";
        }
    }

    private static final String[] DATES = {"the newest", "in the future", "an older day", "the newest's time"};
    private static final String[] SETTINGS = {
        "title",
        "page_size 2",
        "page_size 3",
        "page_size 20",
        "feed_size 3",
        "timezone UTC",
        "images at 16 and 24 px",
        "images at 16 and 24 px, no WebP",
        "the original"
    };
    private static final String[] TEMPLATES = {"list.ftlh", "article.ftlh", "_layout.ftlh", "index.ftlh"};
    private static final String[] MEDIA = {
        "an article's hero image to a new file",
        "rewrite a referenced image (another size)",
        "delete a referenced image",
        "add an unreferenced file",
        "delete an unreferenced file",
        "an article's body image to a missing file",
    };
    private static final String[] WARNED = {
        "content/pages/about.md", "content/articles/notes.txt", "content/autors/x.md", "a missing-media image"
    };
    private static final String[] NEW_SECTIONS = {"City", "Politics", "World", "Sport", "Weather Desk", "Night Shift"};
    private static final String[] TAG_POOL = {
        "Harbour", "Budget", "Transport", "Ferries", "Night Buses", "Café Culture", "Snow Clearing", "Port", "R&D"
    };

    private static String section(int b) {
        return NEW_SECTIONS[b % NEW_SECTIONS.length];
    }

    private static List<String> tags(int b) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < TAG_POOL.length; i++) if ((b >> i & 1) == 1) tags.add(TAG_POOL[i]);
        return tags;
    }

    private static int clockHours(int a, int b) {
        // Mostly forward (a scheduled article comes due), sometimes back.
        int hours = 1 + a % 96;
        return b % 4 == 0 ? -hours : hours;
    }

    // ------------------------------------------------------------------ running a sequence

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    /**
     * The folders of the sequence running now, deleted at exit too: a try that jqwik abandons when
     * shrinking runs out of time never reaches its {@code finally}, and {@code /dev/shm} is memory.
     */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path dir : LIVE) {
                try {
                    deleteTree(dir);
                } catch (RuntimeException e) {
                    // an abandoned build may still be writing into it: what is left stays
                }
            }
        }));
    }

    private static void run(long seed, int articles, List<Step> steps) throws IOException {
        Path scratch = scratchFolder();
        Path root = Files.createTempDirectory(scratch, "galley-equal");
        LIVE.add(root);
        // The clean build's output folder has a parent of its own: the two builds run at once, and
        // each probes its output folder's parent for RENAME_EXCHANGE with the same folder names.
        Path reference = Files.createTempDirectory(scratch, "galley-equal-clean");
        LIVE.add(reference);
        ExecutorService cleanBuilds = Executors.newSingleThreadExecutor(work -> {
            Thread thread = new Thread(work, "galley-equal-clean-build");
            thread.setDaemon(true);
            return thread;
        });
        try {
            ArchiveGenerator.articles(articles).seed(seed).meanWords(40).writeTo(root);
            fewerTags(root.resolve("content/articles"));
            Project p = new Project(root, reference.resolve("clean"), cleanBuilds);
            StringBuilder log = new StringBuilder("archive: " + articles + " articles, seed " + seed + "\n");
            Outcome first = p.compare(1, log);
            if (first.failure != null) throw new AssertionError(log + first.failure);
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                // Counted by kind: jqwik prints the total (the steps run) and each kind's share.
                Statistics.label("steps").collect(step.edit().kind());
                String did = p.apply(step.edit());
                log.append("step ")
                        .append(i + 1)
                        .append(": ")
                        .append(step)
                        .append("\n    ")
                        .append(did)
                        .append('\n');
                Outcome o = p.compare(step.threads(), log);
                if (o.failure != null) throw new AssertionError(log + o.failure);
            }
        } finally {
            cleanBuilds.shutdownNow();
            deleteTree(root);
            deleteTree(reference);
            LIVE.remove(root);
            LIVE.remove(reference);
        }
    }

    /**
     * Where the projects go: {@code /dev/shm} (memory) where there is one, else the temporary
     * folder. Each step writes and reads two sites and the next try deletes them; on this VM's
     * disk (mounted with {@code discard}) that was a fifth of the test's time.
     */
    private static Path scratchFolder() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) return shm;
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Keeps the first two tags of each generated article: three outputs per tag are most of a small
     * archive's site, and the edits bring in tags of their own.
     */
    private static void fewerTags(Path articles) throws IOException {
        Pattern tags = Pattern.compile("(?m)^tags: \\[(.*)\\]$");
        for (Path file : files(articles, ".md")) {
            String text = Files.readString(file);
            Matcher m = tags.matcher(text);
            if (!m.find()) continue;
            // Tag names hold no commas (ArchiveGenerator's vocabulary).
            List<String> kept = List.of(m.group(1).split(", ")).subList(0, 2);
            Files.writeString(file, text.substring(0, m.start(1)) + String.join(", ", kept) + text.substring(m.end(1)));
        }
    }

    private record Outcome(String failure) {}

    /** A clean build and, when it succeeded, its site. */
    private record Reference(TestProject.Run run, Map<String, byte[]> site) {}

    /** The project under edit, its clock, and the two builds. */
    private static final class Project {
        final Path root;
        final Path content;
        /** The clean build's output folder (its parent holds nothing else but its state). */
        final Path cleanOut;
        /** Runs the clean build (and reads its site) while this thread runs the incremental one. */
        final ExecutorService cleanBuilds;

        ZonedDateTime now = ZonedDateTime.parse(ArchiveGenerator.NOW);
        /** Every file this test writes gets a later modification time than any before (see {@link #write}). */
        long clock = System.currentTimeMillis() - 3_600_000;

        int added;
        /** The site after the last successful build: a failed build must leave it so. */
        Map<String, byte[]> lastSite = Map.of();

        Project(Path root, Path cleanOut, ExecutorService cleanBuilds) {
            this.root = root;
            this.content = root.resolve("content");
            this.cleanOut = cleanOut;
            this.cleanBuilds = cleanBuilds;
        }

        /**
         * Both builds of the project as it is now, at once (they share nothing but the sources,
         * which neither writes): the incremental one into {@code site/} on this thread, the clean
         * one with its read-back on the other.
         */
        Outcome compare(int threads, StringBuilder log) throws IOException {
            String now = ISO.format(this.now);
            String t = String.valueOf(threads);
            Future<Reference> clean = cleanBuilds.submit(() -> {
                TestProject.Run run = TestProject.run(
                        "build",
                        "--root",
                        root.toString(),
                        "--out",
                        cleanOut.toString(),
                        "--now",
                        now,
                        "--threads",
                        t,
                        "--clean",
                        "--no-standby");
                return new Reference(run, run.exitCode() == 0 ? read(cleanOut) : null);
            });
            TestProject.Run a =
                    TestProject.run("build", "--root", root.toString(), "--now", now, "--threads", t, "--verbose");
            Statistics.label("path").collect(path(a));
            Map<String, byte[]> site = read(root.resolve("site")); // while the clean build may still run
            Reference reference = join(clean);
            TestProject.Run b = reference.run();
            log.append("    exit ").append(a.exitCode()).append('\n');
            if (a.exitCode() != b.exitCode())
                return new Outcome("exit codes differ: incremental " + a + "\nclean " + b);
            if (!a.diagnostics().equals(b.diagnostics()))
                return new Outcome(
                        "diagnostics differ:\nincremental " + a.diagnostics() + "\nclean       " + b.diagnostics());
            if (a.exitCode() != 0) {
                if (!same(site, lastSite))
                    return new Outcome("a failed build changed the site: " + a + "\n"
                            + difference(site, lastSite, "now", "before"));
                return new Outcome(null);
            }
            if (!same(site, reference.site()))
                return new Outcome("the incremental site differs from the clean one:\n"
                        + difference(site, reference.site(), "incremental", "clean"));
            lastSite = site;
            return new Outcome(null);
        }

        private static Reference join(Future<Reference> clean) throws IOException {
            try {
                return clean.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while the clean build ran", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) throw io;
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error error) throw error;
                throw new AssertionError(cause);
            }
        }

        /** Every file under {@code dir}, by relative path (forward slashes), with its bytes. */
        static Map<String, byte[]> read(Path dir) throws IOException {
            Map<String, byte[]> files = new HashMap<>();
            if (!Files.isDirectory(dir)) return files;
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile())
                        files.put(dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                    return FileVisitResult.CONTINUE;
                }
            });
            return files;
        }

        /** The same paths with the same bytes. */
        static boolean same(Map<String, byte[]> x, Map<String, byte[]> y) {
            if (!x.keySet().equals(y.keySet())) return false;
            for (Map.Entry<String, byte[]> e : x.entrySet()) {
                if (!Arrays.equals(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }

        /** Which path the incremental build took (its verbose log), for the statistics jqwik prints. */
        private static String path(TestProject.Run run) {
            if (run.exitCode() != 0) return "failed";
            if (run.err().contains("nothing changed")) return "nothing changed";
            if (run.err().contains("only article bodies changed")) return "body edits";
            Matcher m = Pattern.compile("outputs rendered \\(([^)]+)\\)").matcher(run.err());
            if (run.err().contains("that new articles can change")) return "new articles";
            return m.find() ? m.group(1) : "other";
        }

        /** The first dozen paths where two sites differ, named {@code xName} and {@code yName}. */
        private static String difference(Map<String, byte[]> x0, Map<String, byte[]> y0, String xName, String yName) {
            StringBuilder s = new StringBuilder();
            TreeSet<String> paths = new TreeSet<>(x0.keySet());
            paths.addAll(y0.keySet());
            int shown = 0;
            for (String path : paths) {
                byte[] x = x0.get(path);
                byte[] y = y0.get(path);
                if (x != null && Arrays.equals(x, y)) continue;
                if (shown++ == 12) {
                    s.append("  ...\n");
                    break;
                }
                if (x == null)
                    s.append("  only in the ").append(yName).append(" site: ").append(path);
                else if (y == null)
                    s.append("  only in the ").append(xName).append(" site: ").append(path);
                else s.append("  ").append(path).append(": ").append(firstDifference(x, y, xName, yName));
                s.append('\n');
            }
            return s.toString();
        }

        /** Where two files first differ: their text around it, or for binary files their sizes and the offset. */
        private static String firstDifference(byte[] x, byte[] y, String xName, String yName) {
            int at = Arrays.mismatch(x, y);
            if (!isText(x) || !isText(y))
                return x.length + " bytes (" + xName + ") against " + y.length + ", first different byte at " + at;
            int from = Math.max(0, at - 80);
            int width = Math.max(xName.length(), yName.length()) + 1;
            return "\n    " + String.format("%-" + width + "s", xName + ":") + " …" + text(x, from, at + 80) + "\n    "
                    + String.format("%-" + width + "s", yName + ":") + " …" + text(y, from, at + 80);
        }

        /** Valid UTF-8 without NUL bytes. */
        private static boolean isText(byte[] b) {
            for (byte c : b) if (c == 0) return false;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
                return true;
            } catch (CharacterCodingException e) {
                return false;
            }
        }

        private static String text(byte[] b, int from, int to) {
            return new String(b, from, Math.min(b.length, to) - from, StandardCharsets.UTF_8).replace("\n", "⏎");
        }

        // -------------------------------------------------------------- edits

        String apply(Edit e) throws IOException {
            List<Path> articles = files(content.resolve("articles"), ".md");
            Optional<Path> article =
                    articles.isEmpty() ? Optional.empty() : Optional.of(articles.get(e.a() % articles.size()));
            switch (e.kind()) {
                case ADD_ARTICLE:
                    return addArticle(e.a(), e.b());
                case CLOCK:
                    now = now.plusHours(clockHours(e.a(), e.b()));
                    return "--now " + ISO.format(now);
                case SITE_SETTINGS:
                    return settings(e.b());
                case TEMPLATE:
                    return template(e.a(), e.b());
                case MEDIA:
                    return media(articles, e.a(), e.b());
                case WARNED_FILE:
                    return warned(articles, e.a(), e.b());
                case EDIT_AUTHOR:
                    return editAuthor(e.a(), e.b());
                default:
                    break;
            }
            if (article.isEmpty()) return "no article to edit";
            Path file = article.get();
            String text = Files.readString(file);
            String name = content.relativize(file).toString();
            switch (e.kind()) {
                case DELETE_ARTICLE:
                    Files.delete(file);
                    return "deleted " + name;
                case RETITLE: {
                    String title = "Retitled story " + e.b();
                    write(file, setKey(text, "title", quote(title)));
                    return name + ": title " + title;
                }
                case EDIT_BODY: {
                    String[] parts = text.split("\n---\n", 2);
                    String body = parts[1];
                    body = e.b() % 3 == 0
                            ? "Edited " + e.b() + " at the top. " + body
                            : body + "\nA late paragraph, edit " + e.b() + ".\n";
                    write(file, parts[0] + "\n---\n" + body);
                    return name + ": body " + (e.b() % 3 == 0 ? "first paragraph" : "appended");
                }
                case MOVE_SECTION:
                    write(file, setKey(text, "section", quote(section(e.b()))));
                    return name + ": section " + section(e.b());
                case CHANGE_TAGS: {
                    List<String> tags = tags(e.b());
                    write(
                            file,
                            setKey(
                                    text,
                                    "tags",
                                    "["
                                            + String.join(
                                                    ", ",
                                                    tags.stream()
                                                            .map(Project::quote)
                                                            .toList()) + "]"));
                    return name + ": tags " + tags;
                }
                case CHANGE_AUTHORS: {
                    List<Path> authors = files(content.resolve("authors"), ".md");
                    List<String> slugs = new ArrayList<>();
                    slugs.add(slug(authors.get(e.b() % authors.size())));
                    if (e.b() % 3 == 1) {
                        String second = slug(authors.get((e.b() / 3 + 1) % authors.size()));
                        if (!slugs.contains(second)) slugs.add(second);
                    }
                    write(file, setKey(text, "authors", "[" + String.join(", ", slugs) + "]"));
                    return name + ": authors " + slugs;
                }
                case CHANGE_DATE: {
                    ZonedDateTime date = date(articles, e.a(), e.b());
                    String changed = setKey(text, "date", ISO.format(date));
                    changed = setKey(changed, "updated", null);
                    changed = removeBlock(changed, "corrections");
                    write(file, changed);
                    return name + ": date " + ISO.format(date);
                }
                case TOGGLE_DRAFT: {
                    boolean draft = text.contains("\ndraft: true\n");
                    write(file, setKey(text, "draft", draft ? null : "true"));
                    return name + (draft ? ": no longer a draft" : ": a draft");
                }
                default:
                    throw new AssertionError(e);
            }
        }

        private String addArticle(int a, int b) throws IOException {
            ZonedDateTime date = date(files(content.resolve("articles"), ".md"), a, b);
            String slug = "added-" + ++added;
            Path file = content.resolve(
                    "articles/" + date.format(DateTimeFormatter.ofPattern("yyyy/MM")) + "/" + slug + ".md");
            List<Path> authors = files(content.resolve("authors"), ".md");
            String link = a % 2 == 0 ? "" : " Earlier: [the first story](" + firstArticleLink(file) + ").";
            write(
                    file,
                    "---\ntitle: \"Added story " + added + "\"\ndate: " + ISO.format(date) + "\nsection: "
                            + quote(section(a)) + "\nauthors: [" + slug(authors.get(a % authors.size())) + "]\ntags: ["
                            + String.join(
                                    ", ",
                                    tags(a * 7 + b).stream().map(Project::quote).toList())
                            + "]\n---\nThe story " + added + " begins." + link + "\n\nIt goes on.\n");
            return "added " + content.relativize(file) + " dated " + ISO.format(date) + " in " + section(a);
        }

        /** A relative link from {@code from} to the first article file, in the form authors write. */
        private String firstArticleLink(Path from) throws IOException {
            List<Path> articles = files(content.resolve("articles"), ".md");
            if (articles.isEmpty()) return "/";
            return from.getParent().relativize(articles.get(0)).toString().replace('\\', '/');
        }

        /** One of {@link #DATES}: after every article, after the clock, some day of the archive, or the newest's time. */
        private ZonedDateTime date(List<Path> articles, int a, int b) throws IOException {
            ZonedDateTime newest = ZonedDateTime.parse(ArchiveGenerator.NOW).minusHours(3);
            for (Path f : articles) {
                Matcher m = DATE.matcher(Files.readString(f));
                if (m.find()) {
                    ZonedDateTime d = parseDate(m.group(1));
                    if (d.isAfter(newest) && !d.isAfter(now)) newest = d;
                }
            }
            switch (b % DATES.length) {
                case 0:
                    return newest.plusMinutes(1 + a % 50);
                case 1:
                    return now.plusHours(1 + a % 48);
                case 2:
                    return ZonedDateTime.parse("2021-12-01T10:00:00+02:00").plusDays(a * 37L % 1400);
                default:
                    return newest;
            }
        }

        private String settings(int b) throws IOException {
            String base = "title: \"" + ArchiveGenerator.TITLE + "\"\nbase_url: " + ArchiveGenerator.BASE_URL
                    + "\nlanguage: en\npermalink: /:year/:month/:day/:slug/\n";
            String variant = switch (b % SETTINGS.length) {
                case 0 -> base.replace("Archive", "Archive " + b) + "timezone: Europe/Kyiv\npage_size: 20\n";
                case 1 -> base + "timezone: Europe/Kyiv\npage_size: 2\n";
                case 2 -> base + "timezone: Europe/Kyiv\npage_size: 3\n";
                case 3 -> base + "timezone: Europe/Kyiv\npage_size: 20\n";
                case 4 -> base + "timezone: Europe/Kyiv\npage_size: 20\nfeed_size: 3\n";
                case 5 -> base + "timezone: UTC\npage_size: 20\n";
                // Widths the test's images (12 to 28 pixels wide) reach: some get copies, some not.
                case 6 -> base + "timezone: Europe/Kyiv\npage_size: 20\nimages:\n  widths: [16, 24]\n";
                case 7 -> base + "timezone: Europe/Kyiv\npage_size: 20\nimages:\n  widths: [24, 16]\n  webp: false\n";
                default -> base + "timezone: Europe/Kyiv\npage_size: 20\n";
            };
            write(content.resolve("site.yaml"), variant);
            return "site.yaml: " + variant.replace("\n", "; ");
        }

        private String template(int a, int b) throws IOException {
            String name = TEMPLATES[a % TEMPLATES.length];
            Path file = root.resolve("templates").resolve(name);
            if (b % 3 == 0) {
                Files.deleteIfExists(file);
                return "deleted templates/" + name;
            }
            String bundled;
            try (InputStream in =
                    IncrementalEqualsCleanTest.class.getResourceAsStream("/galley/theme/templates/" + name)) {
                bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            // A visible change: a comment in the output (in the layout's footer; in the others after
            // their first line, the import of the layout).
            String comment = "<!-- variant " + b % 3 + " -->";
            String marked = bundled.contains("</footer>")
                    ? bundled.replace("</footer>", comment + "</footer>")
                    : bundled.replaceFirst("\n", "\n" + comment + "\n");
            write(file, marked);
            return "templates/" + name + " = the bundled one with a comment, variant " + b % 3;
        }

        private String media(List<Path> articles, int a, int b) throws IOException {
            Path media = content.resolve("media");
            switch (b % MEDIA.length) {
                case 0: {
                    if (articles.isEmpty()) return "no article";
                    Path file = articles.get(a % articles.size());
                    String src = "/media/test/hero-" + a % 5 + ".png";
                    if (!Files.exists(media.resolve(src.substring(7))))
                        png(media.resolve(src.substring(7)), 12 + a % 5 * 4, 6 + a % 3);
                    String text = removeBlock(Files.readString(file), "image");
                    write(file, setKey(text, "image", "\n  src: " + src + "\n  alt: \"A picture\""));
                    return content.relativize(file) + ": hero image " + src;
                }
                case 1: {
                    List<Path> images = files(media.resolve("test"), ".png");
                    if (images.isEmpty()) {
                        // One of the generated archive's images.
                        images = files(media, ".jpg");
                        if (images.isEmpty()) return "no image";
                    }
                    Path image = images.get(a % images.size());
                    png(image, 10 + a % 7 * 3, 10 + b % 5);
                    return "rewrote " + content.relativize(image) + " as " + (10 + a % 7 * 3) + "x" + (10 + b % 5);
                }
                case 2: {
                    List<Path> images = files(media, "g"); // .jpg and .png
                    images.removeIf(p -> p.toString().contains("unreferenced"));
                    if (images.isEmpty()) return "no image";
                    Path image = images.get(a % images.size());
                    Files.delete(image);
                    return "deleted " + content.relativize(image);
                }
                case 3:
                    png(media.resolve("unreferenced/extra-" + a % 3 + ".png"), 4, 4);
                    return "wrote media/unreferenced/extra-" + a % 3 + ".png";
                case 4: {
                    List<Path> extra = files(media.resolve("unreferenced"), ".png");
                    if (extra.isEmpty()) return "no unreferenced file";
                    Path gone = extra.get(a % extra.size());
                    Files.delete(gone);
                    return "deleted " + content.relativize(gone);
                }
                default: {
                    if (articles.isEmpty()) return "no article";
                    Path file = articles.get(a % articles.size());
                    String src = "/media/test/inline-" + a % 3 + ".png";
                    // Half the time the image is made first (14 to 26 pixels wide), else it may be missing.
                    if (b / MEDIA.length % 2 == 0 && !Files.exists(media.resolve(src.substring(7))))
                        png(media.resolve(src.substring(7)), 14 + a % 3 * 6, 8);
                    String[] parts = Files.readString(file).split("\n---\n", 2);
                    write(file, parts[0] + "\n---\n" + parts[1] + "\n![A figure](" + src + ")\n");
                    return content.relativize(file) + ": body image " + src
                            + (Files.exists(media.resolve(src.substring(7))) ? "" : " (missing)");
                }
            }
        }

        private String warned(List<Path> articles, int a, int b) throws IOException {
            switch (b % WARNED.length) {
                case 3: {
                    // A missing media file named in a body: warned, and a later MEDIA edit may add it.
                    if (articles.isEmpty()) return "no article";
                    Path file = articles.get(a % articles.size());
                    String[] parts = Files.readString(file).split("\n---\n", 2);
                    write(file, parts[0] + "\n---\n" + parts[1] + "\n![Soon](/media/test/inline-1.png)\n");
                    return content.relativize(file) + ": body image /media/test/inline-1.png";
                }
                default: {
                    Path file = content.resolve(WARNED[b % WARNED.length].substring("content/".length()));
                    if (Files.exists(file)) {
                        Files.delete(file);
                        return "deleted " + content.relativize(file);
                    }
                    write(file, "notes\n");
                    return "wrote " + content.relativize(file);
                }
            }
        }

        private String editAuthor(int a, int b) throws IOException {
            List<Path> authors = files(content.resolve("authors"), ".md");
            Path file = authors.get(a % authors.size());
            String text = Files.readString(file);
            write(file, setKey(text, "name", quote("Renamed Author " + b)));
            return content.relativize(file) + ": name Renamed Author " + b;
        }

        // -------------------------------------------------------------- files

        /** Writes {@code text} with a modification time after every earlier write (a size-preserving edit must show). */
        void write(Path file, String text) throws IOException {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            touch(file);
        }

        void png(Path file, int width, int height) throws IOException {
            Files.createDirectories(file.getParent());
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
            touch(file);
        }

        private void touch(Path file) throws IOException {
            clock += 2000;
            Files.setLastModifiedTime(file, FileTime.fromMillis(clock));
        }

        static final Pattern DATE = Pattern.compile("(?m)^date: (\\S+)$");

        static ZonedDateTime parseDate(String s) {
            return s.length() == 10
                    ? java.time.LocalDate.parse(s).atStartOfDay(ArchiveGenerator.ZONE)
                    : ZonedDateTime.parse(s, ISO);
        }

        /** Sets (or with {@code null} removes) a one-line key of the front matter. */
        static String setKey(String text, String key, String value) {
            String[] parts = text.split("\n---\n", 2);
            String fm = parts[0];
            Pattern line = Pattern.compile("(?m)^" + Pattern.quote(key) + ":.*\n?");
            Matcher m = line.matcher(fm + "\n");
            String lines = fm + "\n";
            if (m.find()) {
                lines = lines.substring(0, m.start())
                        + (value == null ? "" : key + ": " + value + "\n")
                        + lines.substring(m.end());
            } else if (value != null) {
                lines = lines + key + ":" + (value.startsWith("\n") ? "" : " ") + value + "\n";
            }
            return lines.replaceAll("\n+$", "") + "\n---\n" + parts[1];
        }

        /** Removes a key whose value is an indented block (image, corrections). */
        static String removeBlock(String text, String key) {
            String[] parts = text.split("\n---\n", 2);
            String fm = parts[0].replaceAll("(?m)^" + Pattern.quote(key) + ":.*\n?(?:^[ -].*\n?)*", "");
            return fm.replaceAll("\n+$", "") + "\n---\n" + parts[1];
        }

        static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        static String slug(Path file) {
            String name = file.getFileName().toString();
            return name.substring(0, name.length() - 3);
        }
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) return new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList());
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
