package galley.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages listening for rebuilds (server-sent events on {@link #PATH}) and the state they are
 * told about: the site version (which changes with every rebuild that changed a file) and the
 * problems of the last rebuild, if it failed. A page connecting while problems exist is sent them
 * at once; a page served from an older version is told to reload.
 */
final class LiveReload {

    /** Where pages listen; under the {@link SiteFiles#RESERVED} segment, so never a site file. */
    static final String PATH = "/" + SiteFiles.RESERVED + "/events";

    private static final Pattern SINCE = Pattern.compile("(?:^|&)since=([0-9a-z-]+)");

    /** Open event streams; guarded by this. */
    private final List<OutputStream> listeners = new ArrayList<>();

    /** Distinguishes this server's versions from another run's, whose pages may reconnect to it. */
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    private long version;
    private List<String> problems = List.of();

    synchronized String version() {
        return run + "-" + version;
    }

    /** A page connects: it is sent the problems, or {@code reload} when it shows an older version. */
    synchronized void connect(OutputStream stream, String query) throws IOException {
        String since = null;
        if (query != null) {
            Matcher m = SINCE.matcher(query);
            if (m.find()) since = m.group(1);
        }
        // A comment first: the browser sees the stream open (and the test harness a first line).
        stream.write(": galley serve\n\n".getBytes(StandardCharsets.UTF_8));
        if (!problems.isEmpty()) stream.write(event("error", String.join("\n", problems)));
        else if (since != null && !since.equals(version())) stream.write(event("reload", version()));
        stream.flush();
        listeners.add(stream);
    }

    /** A rebuild changed files: every page reloads. */
    synchronized void changed() {
        version++;
        broadcast(event("reload", version()));
    }

    /** A rebuild failed: every page shows {@code lines}. */
    synchronized void failed(List<String> lines) {
        problems = List.copyOf(lines.isEmpty() ? List.of("the rebuild failed") : lines);
        broadcast(event("error", String.join("\n", problems)));
    }

    /** A rebuild succeeded after a failure: pages drop the problems and reload; the version moves on if files changed. */
    synchronized void recovered(boolean filesChanged) {
        if (filesChanged) version++;
        problems = List.of();
        broadcast(event("ok", version()));
    }

    synchronized boolean failing() {
        return !problems.isEmpty();
    }

    /** A comment to every page, so that streams whose page has gone are found and closed. */
    synchronized void heartbeat() {
        broadcast(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
    }

    synchronized int listeners() {
        return listeners.size();
    }

    /** Ends every stream (the server is stopping). */
    synchronized void close() {
        for (OutputStream s : listeners) closeQuietly(s);
        listeners.clear();
    }

    private void broadcast(byte[] event) {
        listeners.removeIf(s -> {
            try {
                s.write(event);
                s.flush();
                return false;
            } catch (IOException e) {
                closeQuietly(s);
                return true;
            }
        });
    }

    /** One event: every line of {@code data} its own {@code data:} field, as the format requires. */
    static byte[] event(String name, String data) {
        StringBuilder s = new StringBuilder("event: ").append(name).append('\n');
        for (String line : data.replace("\r", "").split("\n", -1))
            s.append("data: ").append(line).append('\n');
        return s.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the page has gone already
        }
    }

    /** For the record of a failed rebuild: no more than this many problems are sent to pages. */
    static List<String> firstLines(List<String> lines, int max) {
        if (lines.size() <= max) return lines;
        List<String> first = new ArrayList<>(lines.subList(0, max));
        first.add("… and " + (lines.size() - max) + " more (see the terminal)");
        return first;
    }

    static Map<String, String> headers() {
        return Map.of("Content-Type", "text/event-stream; charset=utf-8", "Cache-Control", "no-store");
    }
}
