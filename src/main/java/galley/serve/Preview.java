package galley.serve;

import galley.build.OutputFolder;
import galley.build.SiteBuild;
import galley.build.WarmStart;
import galley.diag.BuildFailedException;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.Progress;
import galley.output.OutputLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A running {@code galley serve}: the {@link PreviewServer} over the output folder, the {@link
 * SourceWatcher} and one thread that rebuilds after each batch of changes, one build at a time.
 * Every rebuild is an ordinary {@link SiteBuild#run} in this JVM, under the output folder's {@link
 * OutputLock} like {@code galley build}'s (a manual build of the same folder waits for it, and it
 * for the manual build): the build cache makes it incremental, the warm JVM and what the last
 * build kept in memory ({@link WarmStart}, told which files changed) make it quick.
 * A failed rebuild leaves the last good site served and its problems shown over every page.
 */
public final class Preview implements AutoCloseable {

    /** Quiet time that ends a batch of changes: an editor's save is over well within it. */
    static final long QUIET_MILLIS = 100;

    /** A batch is built at the latest this long after its first change, even if changes go on. */
    static final long MAX_BATCH_MILLIS = 1000;

    /** No more problems than this are sent to pages; the terminal has them all. */
    private static final int PAGE_PROBLEMS = 50;

    /**
     * How to serve.
     *
     * @param options the build's options for the base URL the site is served at; called for
     *     every build, so that the clock moves on unless it is fixed
     * @param baseUrl the base URL given by the user, if any; else the server's own address
     * @param noWait when another build holds the output folder's lock, do not wait for it
     * @param force replace an output folder that Galley did not make
     * @param quiet print only problems (and the address)
     * @param verbose print every rebuild's timed steps, not only the first build's
     * @param report prints a build's problems as {@code galley build} does
     */
    public record Settings(
            Path root,
            Path out,
            InetSocketAddress address,
            Optional<URI> baseUrl,
            Function<URI, SiteBuild.Options> options,
            boolean noWait,
            boolean force,
            boolean quiet,
            boolean verbose,
            Consumer<Diagnostics> report) {}

    /** How a build ended. */
    enum Outcome {
        CHANGED,
        UNCHANGED,
        FAILED,
        BUSY
    }

    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Path site;
    private final LiveReload reload = new LiveReload();
    /** What each build leaves for the next: they read nothing again that they wrote, and a body edit neither scans nor loads. */
    private final WarmStart warm = new WarmStart();

    private final PreviewServer server;
    private final URI url;
    private final AtomicInteger builds = new AtomicInteger();
    private volatile Consumer<Outcome> listener = o -> {};
    private SourceWatcher watcher;
    private Thread builder;

    /** The progress of the build under way, or of the last one: cancelled by {@link #close}. */
    private volatile Progress running;

    private volatile boolean closed;
    private OutputLock.Busy busy;

    private Preview(Settings settings, PrintWriter out, PrintWriter err, Path site) throws IOException {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.site = site;
        this.server = new PreviewServer(settings.address(), new SiteFiles(site), reload);
        this.url = served(server.address());
    }

    /**
     * Checks the output folder as a build does (a refusal throws {@link BuildFailedException}
     * with the problem in {@code diagnostics}; nothing is written) and binds the server's address,
     * which answers nothing until {@link #start}. Throws {@link java.net.BindException} when the
     * address is in use or not this machine's.
     */
    public static Preview bind(Settings settings, Diagnostics diagnostics, PrintWriter out, PrintWriter err)
            throws IOException {
        Path real = OutputFolder.check(settings.root(), settings.out(), true, settings.force(), diagnostics);
        return new Preview(settings, out, err, real);
    }

    /** The address pages are served at, {@code http://127.0.0.1:PORT/}. */
    public URI url() {
        return url;
    }

    /** The base URL the site is built with: the user's, or the served address. */
    private URI baseUrl() {
        return settings.baseUrl().orElse(url);
    }

    /**
     * Builds the site, then serves it and watches the sources. The first build may fail: the last
     * good site (a preview from an earlier run, or nothing) is served with the problems over it.
     *
     * @throws OutputLock.Busy when another build holds the output folder and {@code noWait}
     */
    public void start() throws IOException, OutputLock.Busy {
        // Watching starts before the first build, so that a save during it is not missed.
        watcher = new SourceWatcher(settings.root());
        try {
            if (build(true) == Outcome.BUSY) throw busy;
        } catch (OutputLock.Busy e) {
            watcher.close();
            throw e;
        }
        server.start();
        builder = new Thread(this::watch, "galley-rebuild");
        builder.start();
    }

    /** The rebuild loop: one batch of changes, one build; changes made during a build make the next batch. */
    private void watch() {
        try {
            while (!closed) {
                Optional<Set<Path>> batch = watcher.next(QUIET_MILLIS, MAX_BATCH_MILLIS);
                if (batch.isEmpty() || closed) return;
                warm.changed(batch.get());
                Outcome outcome = build(false);
                while (outcome == Outcome.BUSY && !closed) {
                    Thread.sleep(500); // --no-wait: try again shortly rather than wait on the lock
                    outcome = build(false);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            err.println(
                    "galley: internal error in the rebuild loop: " + e + "; no more rebuilds; restart galley serve");
            err.flush();
        }
    }

    /** One build, reported to the terminal and to the pages. */
    private Outcome build(boolean first) {
        Diagnostics diagnostics = new Diagnostics();
        long started = System.nanoTime();
        builds.incrementAndGet();
        Outcome outcome;
        List<String> problems = new ArrayList<>();
        SiteBuild.Result result = null;
        try (OutputLock lock = OutputLock.take(OutputFolder.stateFolder(site), !settings.noWait(), holder -> {
            err.println("galley: waiting for another build of " + settings.out() + " (" + holder + ") to finish...");
            err.flush();
        })) {
            result = SiteBuild.run(
                    settings.options().apply(baseUrl()),
                    diagnostics,
                    line -> {
                        if ((first && !settings.quiet()) || settings.verbose()) err.println("galley: " + line);
                    },
                    running = new Progress(),
                    warm);
            outcome = result.changed().isEmpty() && result.removed().isEmpty() ? Outcome.UNCHANGED : Outcome.CHANGED;
        } catch (OutputLock.Busy e) {
            busy = e;
            if (!first) {
                err.println("galley: another build of " + settings.out() + " is running (" + e.holder()
                        + "); trying again shortly (--no-wait)");
            }
            outcome = Outcome.BUSY;
        } catch (Progress.Cancelled e) {
            return Outcome.UNCHANGED; // stopped by close(): the site is the last finished build's
        } catch (BuildFailedException e) {
            outcome = Outcome.FAILED;
        } catch (IOException | UncheckedIOException e) {
            outcome = Outcome.FAILED;
            problems.add("cannot write the site: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
        } catch (RuntimeException e) {
            outcome = Outcome.FAILED;
            problems.add("internal error: " + e + " (a bug: please report it)");
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (outcome == Outcome.BUSY) {
            err.flush();
            listener.accept(outcome);
            return outcome;
        }
        settings.report().accept(diagnostics);
        if (outcome == Outcome.FAILED) {
            for (String p : problems) err.println("galley: " + p); // not a diagnostic: printed here
            for (Diagnostic d : diagnostics.sorted()) problems.add(d.toString());
            err.printf(
                    "galley: %s failed with %d error(s) in %d ms; serving the last good site%n",
                    first ? "build" : "rebuild", Math.max(1, diagnostics.errorCount()), ms);
            reload.failed(LiveReload.firstLines(problems, PAGE_PROBLEMS));
        } else {
            boolean changed = outcome == Outcome.CHANGED;
            if (!settings.quiet()) {
                if (first) {
                    out.printf(
                            "built in %d ms: %d articles, %d pages, %d files changed, %d removed%n",
                            ms,
                            result.articles(),
                            result.pages(),
                            result.changed().size(),
                            result.removed().size());
                } else {
                    out.printf(
                            "rebuilt in %d ms: %d %s changed%s%n",
                            ms,
                            result.changed().size(),
                            result.changed().size() == 1 ? "file" : "files",
                            result.removed().isEmpty()
                                    ? ""
                                    : ", " + result.removed().size() + " removed");
                }
            }
            if (Files.exists(site.resolve(SiteFiles.RESERVED), LinkOption.NOFOLLOW_LINKS)) {
                err.println("galley: the site has a folder " + SiteFiles.RESERVED
                        + "/, a name galley serve keeps for itself: its files are not served");
            }
            if (reload.failing()) reload.recovered(changed);
            else if (changed) reload.changed();
        }
        out.flush();
        err.flush();
        listener.accept(outcome);
        return outcome;
    }

    /**
     * Stops serving and watching, stops a rebuild under way at its next page or file (before its
     * commit) and waits for it to end, so that the output folder and its lock are left as the last
     * finished build left them.
     */
    @Override
    public void close() {
        closed = true;
        // A rebuild under way stops at its next page or file, before its commit.
        Progress build = running;
        if (build != null) build.cancel();
        server.stop();
        try {
            if (watcher != null) watcher.close();
        } catch (IOException ignored) {
            // closing a watch service does not fail in practice; the process is ending anyway
        }
        if (builder != null && builder != Thread.currentThread()) {
            try {
                builder.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builds run so far, the first included (for tests). */
    int builds() {
        return builds.get();
    }

    /** Told the outcome of every build (for tests). */
    void onBuild(Consumer<Outcome> listener) {
        this.listener = listener;
    }

    /** {@code http://HOST:PORT/} for the bound address; the loopback address when bound to all. */
    static URI served(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        String name = host.isAnyLocalAddress() ? "127.0.0.1" : host.getHostAddress();
        int zone = name.indexOf('%');
        if (zone >= 0) name = name.substring(0, zone);
        if (name.indexOf(':') >= 0) name = "[" + name + "]";
        return URI.create("http://" + name + ":" + address.getPort() + "/");
    }
}
