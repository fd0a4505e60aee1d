package galley.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of {@code galley serve}: the JDK's own server ({@code com.sun.net.httpserver}),
 * which parses HTTP for us and is enough for one person's browser on the loopback address.
 * Serves the files of the live site (see {@link SiteFiles}) with {@code Cache-Control: no-store}
 * (a preview must never show a cached page after a rebuild), HTML with the {@link ReloadScript},
 * and the event stream of {@link LiveReload}. GET and HEAD only.
 */
final class PreviewServer {

    private final HttpServer server;
    private final SiteFiles files;
    private final LiveReload reload;
    private final ExecutorService handlers;
    private final ScheduledExecutorService heartbeat;

    /** Binds {@code address} (port 0: any free port); serves nothing until {@link #start}. */
    PreviewServer(InetSocketAddress address, SiteFiles files, LiveReload reload) throws IOException {
        this.server = HttpServer.create(address, 50);
        this.files = files;
        this.reload = reload;
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newCachedThreadPool(r -> daemon(r, "galley-http-" + n.incrementAndGet()));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "galley-sse-heartbeat"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    void start() {
        server.start();
        heartbeat.scheduleWithFixedDelay(reload::heartbeat, 15, 15, TimeUnit.SECONDS);
    }

    /** Stops accepting requests, ends the event streams and waits briefly for requests being answered. */
    void stop() {
        heartbeat.shutdownNow();
        reload.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        boolean stream = false;
        try {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                text(exchange, 405, "405 method not allowed: the preview server answers GET and HEAD\n", head);
                return;
            }
            if (exchange.getRequestURI().getRawPath().equals(LiveReload.PATH) && !head) {
                events(exchange);
                stream = true;
                return;
            }
            serve(exchange, head, true);
        } catch (IOException e) {
            // the browser went away mid-answer: nothing to tell anyone
        } catch (RuntimeException e) {
            // A bug: said on the terminal, and the browser gets an answer rather than a dropped connection.
            System.err.println("galley: internal error serving " + exchange.getRequestURI() + ": " + e);
            try {
                text(exchange, 500, "500 internal error: " + e + "\n", false);
            } catch (IOException | RuntimeException ignored) {
                // the answer had started already
            }
        } finally {
            if (!stream) exchange.close();
        }
    }

    /** Answers with the file the path names; a file gone between lookup and read (a rebuild's swap) is looked up once more. */
    private void serve(HttpExchange exchange, boolean head, boolean retry) throws IOException {
        SiteFiles.Lookup found = files.find(exchange.getRequestURI());
        switch (found.kind()) {
            case BAD_REQUEST:
                text(exchange, 400, "400 bad request: the path is not one of this site's\n", head);
                return;
            case REDIRECT:
                exchange.getResponseHeaders().set("Location", found.location());
                text(exchange, 301, "301 moved to " + found.location() + "\n", head);
                return;
            case NOT_FOUND:
                notFound(exchange, head);
                return;
            case FILE:
            default:
                try {
                    file(exchange, 200, found.file(), head);
                } catch (NoSuchFileException e) {
                    if (!retry) throw e;
                    serve(exchange, head, false);
                }
        }
    }

    private void notFound(HttpExchange exchange, boolean head) throws IOException {
        SiteFiles.Lookup page = files.notFoundPage();
        if (page.kind() == SiteFiles.Kind.FILE) {
            try {
                file(exchange, 404, page.file(), head);
                return;
            } catch (NoSuchFileException e) {
                // replaced by a rebuild just now: the plain answer below
            }
        }
        // No 404 page (no site yet, when the first build failed): a page still, so the overlay shows.
        byte[] html = ReloadScript.inject(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>Not found.</p></body></html>"
                        .getBytes(StandardCharsets.UTF_8),
                reload.version());
        send(exchange, 404, "text/html; charset=utf-8", html, head);
    }

    /**
     * Sends a file. It is opened before the answer starts (an open file stays the same file when
     * a rebuild swaps the trees), without following a link in its last name. HTML is read whole
     * to add the reload script; everything else is streamed.
     */
    private void file(HttpExchange exchange, int status, Path file, boolean head) throws IOException {
        String type = ContentTypes.of(file.getFileName().toString());
        try (SeekableByteChannel channel =
                Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ContentTypes.isHtml(type)) {
                byte[] bytes;
                try (InputStream in = Channels.newInputStream(channel)) {
                    bytes = in.readAllBytes();
                }
                send(exchange, status, type, ReloadScript.inject(bytes, reload.version()), head);
                return;
            }
            long size = channel.size();
            exchange.getResponseHeaders().set("Content-Type", type);
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, size == 0 ? -1 : size);
            try (OutputStream body = exchange.getResponseBody();
                    InputStream in = Channels.newInputStream(channel)) {
                in.transferTo(body);
            }
        }
    }

    private static void text(HttpExchange exchange, int status, String message, boolean head) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The event stream: left open (the exchange is not closed here) until the page or the server goes. */
    private void events(HttpExchange exchange) throws IOException {
        LiveReload.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(200, 0);
        reload.connect(exchange.getResponseBody(), exchange.getRequestURI().getRawQuery());
    }
}
