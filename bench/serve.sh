#!/usr/bin/env bash
# galley serve's benchmark: how soon a preview is up, and how soon an edit reaches the browser.
#
#   bench/serve.sh [N]            archive size (default: 1000)
#
# Generates an archive of N articles with ../shared/bench/gen_corpus.py (cached under $BENCH_DIR),
# starts `java -jar target/galley.jar serve --root DIR --port 0` on a copy of it, and measures:
#   ready    launch to the first HTTP 200 on / (the first build included)
#   edit 1-10 a sentence appended to one article's body, from the file's write to the `reload`
#            event on /__galley/events (the debounce's quiet period of 100 ms included); and their median
#   new-old-date  one article copied under a new file name (a new slug, the copied date: it renumbers
#            every list page after it), from the copy to `reload`
#   new-newest    a new article dated just before NOW (as `galley new` writes one: the newest)
#   template the bundled _layout.ftlh (every page) overridden in templates/ with a comment added
#   peak RSS the server's VmHWM from /proc/PID/status (the launcher's and its tuned child's), after all of the above
# then stops the server with SIGINT (Ctrl-C) and checks that it exits 0. Benchmarks are not tests.
#
# Environment: BENCH_DIR=/tmp/galley-bench, GEN_CORPUS (default ../shared/bench/gen_corpus.py),
#              JAVA_OPTS (e.g. -Xmx2g), NOW=2025-11-26T00:00:00+02:00 (the build clock).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
gen=${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}
jar=$repo/target/galley.jar
BENCH_DIR=${BENCH_DIR:-/tmp/galley-bench}
NOW=${NOW:-2025-11-26T00:00:00+02:00}
NEWEST=${NEWEST:-2025-11-25T23:59:00+02:00} # the date of the "new-newest" article: just before NOW
JAVA_OPTS=${JAVA_OPTS:-}
n=${1:-1000}

[ -f "$gen" ] || { echo "gen_corpus.py not found at $gen (set GEN_CORPUS)" >&2; exit 2; }
[ -f "$jar" ] || (cd "$repo" && mvn -q -DskipTests package)
mkdir -p "$BENCH_DIR"
corpus=$BENCH_DIR/corpus-$n
if [ ! -f "$corpus/corpus-summary.json" ]; then
  rm -rf "$corpus"; python3 "$gen" --articles "$n" --out "$corpus" >/dev/null
fi
work=$BENCH_DIR/serve-$n
rm -rf "$work"; mkdir -p "$work/templates"; cp -r "$corpus/content" "$work/content"

log=$work/serve.log
start=$(date +%s%N)
# Job control on for the launch: a background job of a script otherwise starts with SIGINT
# ignored, and the JVM keeps it ignored, so the Ctrl-C below would not reach it.
set -m
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$jar" serve --root "$work" --port 0 --now "$NOW" >"$log" 2>"$work/serve.err" &
pid=$!
set +m
trap 'kill -INT $pid 2>/dev/null || true' EXIT

url=""
while [ -z "$url" ]; do
  kill -0 $pid 2>/dev/null || { echo "galley serve ended:" >&2; cat "$work/serve.err" >&2; exit 1; }
  url=$(grep -o 'http://[0-9.]*:[0-9]*/' "$log" | head -1 || true)
  [ -n "$url" ] || sleep 0.05
done
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do sleep 0.02; done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))

# The edits, each timed from the write to the reload event, by one Python process that both
# writes and listens (no clock shared between processes).
python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("galley/theme/templates/_layout.ftlh").decode())' "$jar" > "$work/layout.ftlh"
timings=$(python3 - "$url" "$work/content/articles" "$work/templates" "$work/layout.ftlh" "$NEWEST" <<'PY'
import os, queue, shutil, sys, threading, time, urllib.request

url, articles, templates = sys.argv[1], sys.argv[2], sys.argv[3]
layout, newest = open(sys.argv[4], encoding="utf-8").read(), sys.argv[5]
events = queue.Queue()

def listen():
    stream = urllib.request.urlopen(url + "__galley/events", timeout=600)
    name = None
    for raw in stream:
        line = raw.decode("utf-8").rstrip("\n")
        if line.startswith(":"):
            events.put(("open", time.monotonic()))
        elif line.startswith("event: "):
            name = line[7:]
        elif line == "" and name:
            events.put((name, time.monotonic()))
            name = None

threading.Thread(target=listen, daemon=True).start()
assert events.get(timeout=30)[0] == "open"

def until_reload(written):
    while True:
        name, at = events.get(timeout=120)
        if name == "error":
            sys.exit("the rebuild failed; see serve.err")
        if name == "reload" and at >= written:
            return (at - written) * 1000

files = sorted(os.path.join(d, f) for d, _, fs in os.walk(articles) for f in fs if f.endswith(".md"))
plain = [f for f in files if not any(l.startswith(("slug:", "draft:", "aliases:")) for l in open(f, encoding="utf-8"))]
edited = plain[len(plain) // 2]
times = []
for i in range(1, 11):
    written = time.monotonic()
    with open(edited, "a", encoding="utf-8") as f:
        f.write("\nAn added closing sentence, edit %d.\n" % i)
    times.append(until_reload(written))
    print("edit%d %.0f" % (i, times[-1]))
    time.sleep(0.5)
print("edit-median %.0f" % sorted(times)[len(times) // 2])
source = plain[len(plain) // 3]
copy = source[:-3] + "-serve-bench.md"
written = time.monotonic()
shutil.copyfile(source, copy)
print("new-old-date %.0f" % until_reload(written))
time.sleep(0.5)
# A new article as `galley new` writes one: dated now, so it is the newest.
text = open(source, encoding="utf-8").read().split("\n---\n", 1)
head = "\n".join("date: " + newest if l.startswith("date:") else
                 'title: "A story filed during the benchmark"' if l.startswith("title:") else l
                 for l in text[0].split("\n") if not l.startswith(("updated:", "corrections:")))
written = time.monotonic()
with open(os.path.join(articles, "serve-bench-newest.md"), "w", encoding="utf-8") as f:
    f.write(head + "\n---\n" + text[1])
print("new-newest %.0f" % until_reload(written))
time.sleep(0.5)
# A template every page uses: the bundled layout with a comment added to its footer.
written = time.monotonic()
with open(os.path.join(templates, "_layout.ftlh"), "w", encoding="utf-8") as f:
    f.write(layout.replace("</footer>", "<!-- edited during the benchmark --></footer>", 1))
print("template %.0f" % until_reload(written))
PY
)
# The launcher and the tuned JVM it starts for serve (see TunedJvm): both are the preview's memory.
rss_kb=0
for p in $pid $(pgrep -P $pid || true); do
  rss_kb=$(( rss_kb + $(awk '/VmHWM/ {print $2}' /proc/$p/status) ))
done
rss_mb=$(( rss_kb / 1024 ))

kill -INT $pid
trap - EXIT
for _ in $(seq 300); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then echo "galley serve did not stop within 30 s of SIGINT" >&2; kill -9 $pid; fi
code=0; wait $pid || code=$?

printf '%-10s %s\n' "articles" "$n"
printf '%-10s %s ms\n' "ready" "$ready_ms"
while read -r what ms; do printf '%-10s %s ms\n' "$what" "$ms"; done <<< "$timings"
printf '%-10s %s MB\n' "peak RSS" "$rss_mb"
printf '%-10s %s\n' "exit" "$code (after SIGINT)"
grep -h 'rebuilt in' "$log" | sed 's/^/  galley: /' || true
rm -rf "$work"
