#!/usr/bin/env bash
# hugo server's benchmark, the counterpart of bench/serve.sh: the same archive, the same edits, the same output.
#
#   bench/serve-hugo.sh [N]       archive size (default: 1000)
#
# Generates (or reuses) the archive of N articles exactly as bench/serve.sh does, copies its content/,
# makes a Hugo site of the copy with ../shared/bench/hugo-site/prepare.sh (as ../shared/bench/vs-hugo.sh
# does: the site's config and layouts, mounts.toml pointing at the copy), and starts
#   hugo server -s SITE --config hugo.toml,mounts.toml --clock NOW --port P --bind 127.0.0.1 --cacheDir DIR
# on a free loopback port P. These options only say where: the site, its clock (as the build benchmark's),
# the port, loopback only, and a cache folder of this run's own (so no earlier run's file cache is reused).
# Everything else is a user's default server: pages rendered to memory, livereload on, and Fast Render
# Mode, in which a rebuild renders only the home page, the (at most 10) recently requested URLs and the
# pages whose files changed; any other page is rendered when it is requested (this benchmark requests
# only / until its checks at the end). So for Hugo, `reload` means the browser may reload, not that every
# page is up to date. Hugo's watcher hands events over on a fixed 500 ms tick (not after a quiet period),
# so each edit waits 0-500 ms before its rebuild starts; hugo's own `Total in` times are listed at the end.
# It measures:
#   ready    launch to the first HTTP 200 on / (the first build, into memory, included)
#   edit 1-10 a sentence appended to one article's body, from the file's write to the `reload` message
#            on the livereload WebSocket (ws://127.0.0.1:P/livereload); and their median
#   new-old-date  one article copied under a new file name (a new slug, the copied date: it renumbers
#            every list page after it), from the copy to `reload`
#   new-newest    a new article dated just before NOW (as `galley new` writes one: the newest)
#   template the site's layouts/_default/baseof.html (every HTML page) with a comment added to its footer,
#            written as {{ "<!-- ... -->" | safeHTML }}: Go's html/template drops a comment written as
#            plain template text, which would leave every page's bytes as they were
#   peak RSS hugo's VmHWM from /proc/PID/status, after all of the above
# Each reload is counted only once hugo's log shows a rebuild for the file just written, and each step
# starts after the server has been quiet for a second (no rebuild running, no message). At the end the
# served pages are checked (the edited article, the copy, the newest article and the comment on /),
# then the server is stopped with SIGINT (Ctrl-C) and must exit 0. Benchmarks are not tests.
#
# Environment: BENCH_DIR=/tmp/galley-bench, GEN_CORPUS (default ../shared/bench/gen_corpus.py),
#              HUGO_SITE (default: the hugo-site folder beside gen_corpus.py), HUGO=hugo,
#              HUGO_OPTS (more server options, none by default, e.g. --disableFastRender),
#              NOW=2025-11-26T00:00:00+02:00 (the build clock).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
gen=${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}
site_src=${HUGO_SITE:-$(dirname "$gen")/hugo-site}
HUGO=${HUGO:-hugo}
HUGO_OPTS=${HUGO_OPTS:-}
BENCH_DIR=${BENCH_DIR:-/tmp/galley-bench}
NOW=${NOW:-2025-11-26T00:00:00+02:00}
NEWEST=${NEWEST:-2025-11-25T23:59:00+02:00} # the date of the "new-newest" article: just before NOW
n=${1:-1000}

[ -f "$gen" ] || { echo "gen_corpus.py not found at $gen (set GEN_CORPUS)" >&2; exit 2; }
[ -x "$site_src/prepare.sh" ] || { echo "hugo-site/prepare.sh not found in $site_src (set HUGO_SITE)" >&2; exit 2; }
command -v "$HUGO" >/dev/null || { echo "hugo not found (set HUGO)" >&2; exit 2; }
mkdir -p "$BENCH_DIR"
corpus=$BENCH_DIR/corpus-$n
if [ ! -f "$corpus/corpus-summary.json" ]; then
  rm -rf "$corpus"; python3 "$gen" --articles "$n" --out "$corpus" >/dev/null
fi
work=$BENCH_DIR/serve-hugo-$n
rm -rf "$work"; mkdir -p "$work"; cp -r "$corpus/content" "$work/content"
work=$(cd "$work" && pwd)
"$site_src/prepare.sh" "$work/content" "$work/site"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port/

log=$work/serve.log
start=$(date +%s%N)
# Job control on for the launch: a background job of a script otherwise starts with SIGINT ignored.
set -m
# shellcheck disable=SC2086
"$HUGO" server -s "$work/site" --config hugo.toml,mounts.toml --clock "$NOW" --port "$port" --bind 127.0.0.1 \
  --cacheDir "$work/cache" $HUGO_OPTS >"$log" 2>"$work/serve.err" &
pid=$!
set +m
trap 'kill -INT $pid 2>/dev/null || true' EXIT

# hugo opens its port before the first build and answers once the build is done: a request waits.
deadline=$(( $(date +%s) + 1800 ))
until [ "$(curl -s -o /dev/null --max-time 30 -w '%{http_code}' "$url" || true)" = 200 ]; do
  kill -0 $pid 2>/dev/null || { echo "hugo server ended:" >&2; cat "$log" "$work/serve.err" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "hugo server not ready within 30 min" >&2; exit 1; }
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))

# The edits, each timed from the write to the reload message, by one Python process that both
# writes and listens (no clock shared between processes).
timings=$(timeout 1800 python3 - "$port" "$work/content/articles" "$work/site/layouts/_default/baseof.html" \
  "$NEWEST" "$log" "$work/serve.err" "$work/checks" <<'PY'
import base64, hashlib, json, os, queue, re, shutil, socket, struct, sys, threading, time

port, articles, baseof, newest = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
log, err, checks = sys.argv[5], sys.argv[6], sys.argv[7]
layout = open(baseof, encoding="utf-8").read()
messages = queue.Queue()

class WebSocket:
    """The client side of RFC 6455, as much as livereload needs: text messages, ping, close."""
    def __init__(self, port, path):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           % (path, port, key)).encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                sys.exit("livereload: connection closed during the handshake")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        if lines[0].split(" ")[1:2] != ["101"] or headers.get("sec-websocket-accept") != accept:
            sys.exit("livereload: no WebSocket upgrade: " + lines[0])
        self.sock.settimeout(None)

    def exactly(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, opcode, payload):  # a client's frames are masked
        mask = os.urandom(4)
        n = len(payload)
        head = struct.pack("!B", 0x80 | opcode) + (struct.pack("!B", 0x80 | n) if n < 126 else
                struct.pack("!BH", 0x80 | 126, n) if n < 1 << 16 else struct.pack("!BQ", 0x80 | 127, n))
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self):  # the next text message, None once closed
        parts = []
        while True:
            b0, b1 = self.exactly(2)
            fin, opcode, n = b0 & 0x80, b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self.exactly(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self.exactly(8))[0]
            mask = self.exactly(4) if b1 & 0x80 else None
            payload = self.exactly(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                return None
            if opcode == 0x9:
                self.send(0xA, payload)
            elif opcode in (0x0, 0x1, 0x2):
                parts.append(payload)
                if fin:
                    return b"".join(parts).decode("utf-8")

ws = WebSocket(port, "/livereload")

def listen():
    try:
        while True:
            text = ws.receive()
            at = time.monotonic()
            messages.put((json.loads(text) if text is not None else {"command": "closed"}, at))
            if text is None:
                return
    except (OSError, EOFError, ValueError) as e:
        messages.put(({"command": "closed", "why": repr(e)}, time.monotonic()))

threading.Thread(target=listen, daemon=True).start()
# The livereload protocol's hello; hugo answers it (it matches the bytes "command":"hello", so no spaces).
ws.send(0x1, json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]},
                        separators=(",", ":")).encode())
hello = messages.get(timeout=30)[0]
if hello.get("command") != "hello":
    sys.exit("livereload: no hello from hugo: %r" % hello)

def text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()

def settle():
    """Until hugo has been quiet for a second: every rebuild it started has ended, no message came."""
    deadline, quiet_since = time.monotonic() + 600, time.monotonic()
    while True:
        try:
            messages.get(timeout=0.1)
            quiet_since = time.monotonic()
        except queue.Empty:
            pass
        out = text(log)
        busy = len(re.findall(r"^Change detected, rebuilding site\.$", out, re.M)) > len(re.findall(r"^Total in ", out, re.M))
        if busy:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 1.0:
            return
        if time.monotonic() > deadline:
            sys.exit("hugo did not settle within 10 min")

def until_reload(written, path, log_from, err_from):
    """The reload message of the rebuild that took in `path` (hugo logs the file before it sends)."""
    while True:
        message, at = messages.get(timeout=600)
        if message.get("command") == "closed":
            sys.exit("livereload: the connection closed %r" % message)
        if len(text(err)) > err_from:
            sys.exit("hugo reported an error; see serve.err:\n" + text(err)[err_from:])
        if message.get("command") == "reload" and at >= written and ('"%s"' % path) in text(log)[log_from:]:
            return (at - written) * 1000

def timed(path, write):
    settle()
    log_from, err_from = len(text(log)), len(text(err))
    written = time.monotonic()
    write()
    return until_reload(written, path, log_from, err_from)

def url_of(md, stem):  # hugo.toml's permalink /:year/:month/:day/:slugorfilename/, the day as the date writes it
    date = next(l for l in text(md).split("\n") if l.startswith("date:"))[5:].strip().strip("\"'")
    return "/%s/%s/%s/%s/" % (date[0:4], date[5:7], date[8:10], stem)

files = sorted(os.path.join(d, f) for d, _, fs in os.walk(articles) for f in fs if f.endswith(".md"))
plain = [f for f in files if not any(l.startswith(("slug:", "draft:", "aliases:")) for l in open(f, encoding="utf-8"))]
edited = plain[len(plain) // 2]
def append(i):
    def write():
        with open(edited, "a", encoding="utf-8") as f:
            f.write("\nAn added closing sentence, edit %d.\n" % i)
    return write
times = []
for i in range(1, 11):
    times.append(timed(edited, append(i)))
    print("edit%d %.0f" % (i, times[-1]))
print("edit-median %.0f" % sorted(times)[len(times) // 2])
source = plain[len(plain) // 3]
copy = source[:-3] + "-serve-bench.md"
print("new-old-date %.0f" % timed(copy, lambda: shutil.copyfile(source, copy)))
# A new article as `galley new` writes one: dated now, so it is the newest.
parts = text(source).split("\n---\n", 1)
head = "\n".join("date: " + newest if l.startswith("date:") else
                 'title: "A story filed during the benchmark"' if l.startswith("title:") else l
                 for l in parts[0].split("\n") if not l.startswith(("updated:", "corrections:")))
fresh = os.path.join(articles, "serve-bench-newest.md")
def write_fresh():
    with open(fresh, "w", encoding="utf-8") as f:
        f.write(head + "\n---\n" + parts[1])
print("new-newest %.0f" % timed(fresh, write_fresh))
# The layout every HTML page is rendered in, with a comment added to its footer (html/template drops
# a comment that is template text, so it is written as a string the template outputs).
def write_layout():
    with open(baseof, "w", encoding="utf-8") as f:
        f.write(layout.replace("</footer>", '{{ "<!-- edited during the benchmark -->" | safeHTML }}</footer>', 1))
print("template %.0f" % timed(baseof, write_layout))
settle()
# What the served pages must show now; checked (with curl) after the peak RSS is read.
with open(checks, "w", encoding="utf-8") as f:
    f.write("%s An added closing sentence, edit 10.\n" % url_of(edited, os.path.basename(edited)[:-3]))
    f.write("%s <article>\n" % url_of(copy, os.path.basename(copy)[:-3]))
    f.write("/ A story filed during the benchmark\n")
    f.write("/ <!-- edited during the benchmark -->\n")
PY
)
rss_mb=$(( $(awk '/VmHWM/ {print $2}' /proc/$pid/status) / 1024 ))

failed=0
while read -r path needle; do
  page=$(curl -s --max-time 120 "http://127.0.0.1:$port$path" || true)
  if ! grep -qF -- "$needle" <<< "$page"; then
    echo "check failed: $path does not show: $needle" >&2; failed=1
  fi
done < "$work/checks"

kill -INT $pid
trap - EXIT
for _ in $(seq 300); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then echo "hugo server did not stop within 30 s of SIGINT" >&2; kill -9 $pid; fi
code=0; wait $pid || code=$?

printf '%-10s %s\n' "articles" "$n"
printf '%-10s %s ms\n' "ready" "$ready_ms"
while read -r what ms; do printf '%-10s %s ms\n' "$what" "$ms"; done <<< "$timings"
printf '%-10s %s MB\n' "peak RSS" "$rss_mb"
printf '%-10s %s\n' "exit" "$code (after SIGINT)"
grep -h -e '^Built in' -e '^Total in' "$log" | sed 's/^/  hugo: /' || true
[ "$failed" = 0 ] || { echo "(the served pages did not all show the edits: $work kept)" >&2; exit 1; }
rm -rf "$work"
