package galley.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser reloads by itself: headless Chromium, driven over the DevTools protocol with the
 * JDK's WebSocket client, shows an article; its title is edited in the Markdown file; the page's
 * headline changes without anyone reloading it. A broken article puts the problem over the page
 * (an element with role="alert"), and the fix takes it away. Skipped without Chromium, except on
 * CI (the environment variable CI set), where .ci/run installs it.
 */
@Tag("slow")
class BrowserReloadTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void anEditedHeadlineAppearsInTheOpenPageByItself() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if (System.getenv("CI") != null) fail(CHROMIUM + " is missing; .ci/run installs it");
            Assumptions.assumeTrue(false, CHROMIUM + " is missing");
        }
        try (ServedProject served = ServedProject.start(dir.resolve("project"));
                Chromium browser = Chromium.start(dir.resolve("profile"))) {
            String page = served.url(served.pagePath("harbour")).toString();
            browser.call("Page.enable", "{}");
            browser.call("Page.navigate", "{\"url\":\"" + page + "\"}");
            awaitValue(
                    browser,
                    "document.querySelector('h1') && document.querySelector('h1').textContent.trim()",
                    "Harbour reopens",
                    10_000);

            Path article = served.root().resolve("content/articles/2025/11/harbour.md");
            String good = Files.readString(article);
            Files.writeString(article, good.replace("Harbour reopens", "Harbour reopens to ferries"));
            awaitValue(
                    browser,
                    "document.querySelector('h1') && document.querySelector('h1').textContent.trim()",
                    "Harbour reopens to ferries",
                    10_000);

            Files.writeString(article, good.replace("title: \"Harbour reopens\"", "title: \"Harbour reopens"));
            String overlay = "(function(){var o=document.querySelector('[role=alert]');return o?o.textContent:'';})()";
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String shown = "";
            while (!shown.contains("content/articles/2025/11/harbour.md:") && System.nanoTime() < end) {
                Thread.sleep(100);
                shown = browser.evaluate(overlay);
            }
            assertTrue(
                    Pattern.compile("content/articles/2025/11/harbour\\.md:\\d+:\\d+: error: ")
                            .matcher(shown)
                            .find(),
                    shown);
            assertEquals(
                    "Harbour reopens to ferries", browser.evaluate("document.querySelector('h1').textContent.trim()"));

            Files.writeString(article, good);
            awaitValue(
                    browser,
                    "document.querySelector('h1') && document.querySelector('h1').textContent.trim()",
                    "Harbour reopens",
                    10_000);
            awaitValue(browser, "String(document.querySelector('[role=alert]') === null)", "true", 10_000);
        }
    }

    private static void awaitValue(Chromium browser, String expression, String expected, long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        String value = null;
        while (System.nanoTime() < end) {
            value = browser.evaluate(expression);
            if (expected.equals(value)) return;
            Thread.sleep(100);
        }
        fail("the page showed \"" + value + "\", not \"" + expected + "\", within " + millis + " ms");
    }

    /** Headless Chromium with one page, driven over the DevTools protocol. */
    private static final class Chromium implements AutoCloseable {
        private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
        private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");

        private final Process process;
        private final WebSocket socket;
        private final Map<Integer, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        private Chromium(Process process, WebSocket socket) {
            this.process = process;
            this.socket = socket;
        }

        static Chromium start(Path profile) throws Exception {
            Files.createDirectories(profile);
            List<String> command = new ArrayList<>(List.of(
                    CHROMIUM.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + profile,
                    "--remote-debugging-port=0",
                    "about:blank"));
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            CompletableFuture<String> browserUrl = new CompletableFuture<>();
            Thread stderr = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) browserUrl.complete(m.group(1));
                    }
                } catch (IOException e) {
                    // the browser ended
                }
                browserUrl.completeExceptionally(new AssertionError("chromium printed no DevTools address"));
            });
            stderr.setDaemon(true);
            stderr.start();
            try {
                URI browser = URI.create(browserUrl.get(30, TimeUnit.SECONDS));
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                // The page opened with about:blank, from the browser's list of targets.
                URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
                String targets = http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                Matcher page = Pattern.compile(
                                "\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+)\"")
                        .matcher(targets);
                if (!page.find()) throw new AssertionError("no page target in " + targets);
                Chromium[] self = new Chromium[1];
                WebSocket socket = http.newWebSocketBuilder()
                        .buildAsync(URI.create(page.group(1)), new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    String message = text.toString();
                                    text.setLength(0);
                                    Matcher id = ID.matcher(message);
                                    if (id.find() && self[0] != null) {
                                        CompletableFuture<String> answer =
                                                self[0].answers.remove(Integer.parseInt(id.group(1)));
                                        if (answer != null) answer.complete(message);
                                    }
                                }
                                ws.request(1);
                                return null;
                            }
                        })
                        .get(10, TimeUnit.SECONDS);
                self[0] = new Chromium(process, socket);
                return self[0];
            } catch (Exception | AssertionError e) {
                stop(process);
                throw e;
            }
        }

        /** Sends a command and returns its answer, the whole JSON text. */
        String call(String method, String params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<String> answer = new CompletableFuture<>();
            answers.put(id, answer);
            socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                    .get(5, TimeUnit.SECONDS);
            String message = answer.get(10, TimeUnit.SECONDS);
            if (message.contains("\"error\":{")) throw new AssertionError(method + ": " + message);
            return message;
        }

        /** The value of a JavaScript expression in the page, as a string (empty for null or while the page loads). */
        String evaluate(String expression) throws Exception {
            String answer =
                    call("Runtime.evaluate", "{\"expression\":" + json(expression) + ",\"returnByValue\":true}");
            Matcher value =
                    Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(answer);
            return value.find() ? unescape(value.group(1)) : "";
        }

        private static String json(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        private static String unescape(String s) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '\\' || i + 1 == s.length()) {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(++i);
                switch (e) {
                    case 'n':
                        out.append('\n');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'u':
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                        break;
                    default:
                        out.append(e);
                }
            }
            return out.toString();
        }

        private static void stop(Process process) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            socket.abort();
            stop(process);
        }
    }
}
