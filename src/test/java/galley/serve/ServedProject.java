package galley.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import galley.TestProject;
import galley.build.OutputFolder;
import galley.build.SiteBuild;
import galley.diag.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A project in a temporary folder served by a {@link Preview} on a free loopback port, built with
 * the fixed clock of {@link TestProject#NOW}, with an HTTP client and a reader of the event stream.
 */
final class ServedProject implements AutoCloseable {

    /** Two articles, the second with a body worth editing. */
    static final String FILES = TestProject.BASE + """
            -- content/articles/2025/11/harbour.md --
            ---
            title: "Harbour reopens"
            date: 2025-11-24T09:12:00+02:00
            section: Business
            authors: [ann-lee]
            tags: [Port, Ships]
            ---
            The harbour reopened on Monday.

            Ships queued at the breakwater.
            -- content/articles/2025/10/rowing.md --
            ---
            title: "Rowing season opens"
            date: 2025-10-01T09:00:00+02:00
            section: Sport
            authors: [ann-lee]
            tags: [Rowing]
            ---
            Boats are out.
            """;

    final TestProject project;
    final Preview preview;
    final StringWriter out;
    final StringWriter err;
    final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ServedProject(TestProject project, Preview preview, StringWriter out, StringWriter err) {
        this.project = project;
        this.preview = preview;
        this.out = out;
        this.err = err;
    }

    static ServedProject start(Path dir) throws Exception {
        return start(dir, FILES);
    }

    static ServedProject start(Path dir, String files) throws Exception {
        TestProject project = TestProject.write(dir, files);
        Path root = project.root().toAbsolutePath();
        Path site = OutputFolder.previewFolder(root);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err, true);
        Preview.Settings settings = new Preview.Settings(
                root,
                site,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(),
                base -> new SiteBuild.Options(
                        root,
                        site,
                        Optional.of(base),
                        Instant.parse(TestProject.NOW),
                        false,
                        false,
                        false,
                        2,
                        false,
                        true,
                        false),
                false,
                false,
                false,
                false,
                d -> d.sorted().forEach(errWriter::println));
        Preview preview = Preview.bind(settings, new Diagnostics(), new PrintWriter(out, true), errWriter);
        preview.start();
        return new ServedProject(project, preview, out, err);
    }

    @Override
    public String toString() {
        return "--- stdout\n" + out + "--- stderr\n" + err;
    }

    Path root() {
        return project.root().toAbsolutePath();
    }

    Path site() {
        return OutputFolder.previewFolder(root());
    }

    URI url(String path) {
        return preview.url().resolve(path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(url(path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A request with its request line exactly as given (no client normalises or refuses it):
     * returns the status code and the body.
     */
    RawAnswer raw(String target) throws IOException {
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), preview.url().getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (answer.isEmpty()) return new RawAnswer(0, "");
            String status = answer.substring(0, answer.indexOf("\r\n"));
            int code = Integer.parseInt(status.split(" ")[1]);
            int body = answer.indexOf("\r\n\r\n");
            return new RawAnswer(code, body < 0 ? "" : answer.substring(body + 4));
        }
    }

    record RawAnswer(int status, String body) {}

    /** The output file of the page whose folder is named {@code slug} (the site's permalink decides where). */
    String pagePath(String slug) throws IOException {
        try (Stream<Path> walk = Files.walk(site())) {
            Path page = walk.filter(p -> p.getFileName().toString().equals("index.html")
                            && p.getParent().getFileName().toString().equals(slug))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no page for " + slug + " in " + site()));
            return "/" + site().relativize(page.getParent()).toString().replace('\\', '/') + "/";
        }
    }

    /** Waits for {@code condition}, checking every 20 ms; fails after {@code millis}. */
    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) fail("not within " + millis + " ms: " + what);
            Thread.sleep(20);
        }
    }

    /** Waits until the builds counted reach {@code count}, then that long again with no more starting. */
    void awaitBuildsSettled(int count, long settleMillis) throws InterruptedException {
        await("build " + count, 30_000, () -> preview.builds() >= count);
        Thread.sleep(settleMillis);
    }

    /** Server-sent events of {@code /__galley/events}, read line by line on a thread of their own. */
    Events events(String query) throws Exception {
        HttpResponse<Stream<String>> response = http.send(
                HttpRequest.newBuilder(url(LiveReload.PATH + (query.isEmpty() ? "" : "?" + query)))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        Events events = new Events(response.body());
        events.awaitOpen();
        return events;
    }

    /** One server-sent event. */
    record Event(String name, String data) {}

    static final class Events implements AutoCloseable {
        private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        private final BlockingQueue<Boolean> open = new LinkedBlockingQueue<>();
        private final Stream<String> lines;

        Events(Stream<String> lines) {
            this.lines = lines;
            Thread reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            String name = "message";
            StringBuilder data = null;
            try {
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith(":")) {
                        open.offer(true);
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = data == null ? new StringBuilder() : data.append('\n');
                        data.append(line.substring(6));
                    } else if (line.isEmpty() && data != null) {
                        queue.offer(new Event(name, data.toString()));
                        name = "message";
                        data = null;
                    }
                }
            } catch (RuntimeException e) {
                // the stream ended (the test closed it, or the server stopped)
            }
        }

        void awaitOpen() throws InterruptedException {
            if (open.poll(10, TimeUnit.SECONDS) == null) fail("the event stream did not open");
        }

        /** The next event, or null after {@code millis}. */
        Event next(long millis) throws InterruptedException {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** The next event named {@code name}, skipping others; fails after {@code millis}. */
        Event next(String name, long millis) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                Event e = left > 0 ? queue.poll(left, TimeUnit.MILLISECONDS) : null;
                if (e == null) fail("no " + name + " event within " + millis + " ms");
                if (e.name().equals(name)) return e;
            }
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    @Override
    public void close() {
        preview.close();
    }
}
