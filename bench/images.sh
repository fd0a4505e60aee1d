#!/usr/bin/env bash
# Galley's image benchmark (#21): responsive derivatives of N photos, against vipsthumbnail and Hugo.
#
#   bench/images.sh [N]           photos, and articles with one of them each as hero (default: 2000)
#
# Generates N photos with bench/gen_photos.py (2400x1600 JPEGs, 300-950 KB, EXIF orientation 6 on
# every 7th, GPS on every 5th) and three projects on them, cached under $BENCH_DIR/images-N-sSEED:
#   galley/  content/ with N articles, each with `image: {src: /media/photos/pNNNN.jpg}`
#   hugo/    a Hugo site, one page bundle a photo, whose template asks for every width below in
#            JPEG (q82) and WebP (q78), turned upright first (`r270`: Hugo 0.111 has no AutoOrient)
#   vips-jobs.txt  the same work for vipsthumbnail, in batches
# Every photo gets the widths Galley makes: 320, 480, 672, 960, 1344 and 1920 that are not wider than
# the upright photo, and its own width if between 320 and 1920 (1600 for the sideways ones), each as
# JPEG and WebP: 12 derivatives a photo. Then, ROUNDS times, alternating, each in folders of its own:
#   vips          vipsthumbnail, one process per (width, format, batch of VIPS_BATCH photos), JOBS
#                 at a time (xargs -P); each process decodes each of its photos (with JPEG
#                 shrink-on-load), so a photo is decoded once per derivative
#   galley cold   `galley build` into an empty site with no .galley/ (no image cache)
#   galley again  the same build again, nothing changed: should decode nothing
#   galley cached the site (and its standby tree) deleted, .galley/ kept: every derivative from the cache
#   hugo cold     `hugo` with no public/ and no resources/_gen/
#   hugo warm     public/ deleted, resources/_gen/ kept (Hugo's image cache)
# and prints, for each: derivatives in the output and their MB, wall and CPU seconds (user+system, children
# included), derivatives per wall second and per CPU second (per core), peak RSS (GNU time: the
# largest single process), files written (Galley's --changes); then the ratios the issue's targets
# are about. After the rounds, Galley's second and cached builds run once more in the launching JVM
# with -Xlog:class+load, to show whether any image codec class was loaded at all (none: nothing was
# decoded), with a cold build of three of the photos as the control. Inputs are read once before
# each run (a warm page cache). Benchmarks are not tests. One round at 2,000 photos takes about an
# hour on 2 cores (vipsthumbnail about 1 CPU second a photo, Hugo about 2), hence ROUNDS=1.
#
# Needs: python3 with numpy, GNU time, cjpeg, vipsthumbnail, hugo (extended, for WebP):
#   apt-get install -y time libjpeg-turbo-progs libvips-tools hugo
# Environment: GALLEY_JAR (default target/galley.jar; built with mvn package if it is that and
#              missing), ROUNDS=1, BENCH_DIR=/tmp/galley-bench, SEED=1, JOBS=2 (vipsthumbnail's
#              processes at once; gen_photos.py's processes), VIPS_BATCH=20, JPEG_Q=82, WEBP_Q=78
#              (Galley's defaults, given to vipsthumbnail and Hugo), VIPS_CONCURRENCY=1 (libvips'
#              threads a process: the processes are the parallelism), HUGO=hugo, JAVA_OPTS (note: any
#              JVM option makes Galley build in the launching JVM, not its tuned child; GALLEY_JAVA_OPTS
#              replaces the child's), NOW=2025-11-26T00:00:00+02:00, DROP_CACHES=0 (1: drop the
#              kernel's caches before each run, when root; off by default on a shared machine)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
jar=${GALLEY_JAR:-$repo/target/galley.jar}
ROUNDS=${ROUNDS:-1}
BENCH_DIR=${BENCH_DIR:-/tmp/galley-bench}
SEED=${SEED:-1}
JOBS=${JOBS:-2}
VIPS_BATCH=${VIPS_BATCH:-20}
JPEG_Q=${JPEG_Q:-82}
WEBP_Q=${WEBP_Q:-78}
HUGO=${HUGO:-hugo}
JAVA_OPTS=${JAVA_OPTS:-}
NOW=${NOW:-2025-11-26T00:00:00+02:00}
DROP_CACHES=${DROP_CACHES:-0}
VIPS_CONCURRENCY=${VIPS_CONCURRENCY:-1}
n=${1:-2000}

need() { command -v "$1" >/dev/null || { echo "needs $1 ($2)" >&2; exit 2; }; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
need cjpeg "apt-get install -y libjpeg-turbo-progs"
need vipsthumbnail "apt-get install -y libvips-tools"
need "$HUGO" "apt-get install -y hugo (the extended build, for WebP)"
python3 -c 'import numpy' 2>/dev/null || { echo "needs python3 with numpy" >&2; exit 2; }
if [ ! -f "$jar" ]; then
  if [ "$jar" = "$repo/target/galley.jar" ]; then (cd "$repo" && mvn -q -DskipTests package)
  else echo "no Galley jar at $jar (GALLEY_JAR)" >&2; exit 2; fi
fi
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
case "$n" in '' | *[!0-9]*) echo "usage: bench/images.sh [N]" >&2; exit 2 ;; esac

# --- The inputs, made once ---------------------------------------------------------------------
base=$BENCH_DIR/images-$n-s$SEED-w6 # w6: the six default widths (the projects hold them)
if [ "$(cat "$base/ready" 2>/dev/null)" != 2 ]; then # 2: the format of what is made here
  rm -rf "$base"; mkdir -p "$base"
  echo "generating $n photos in $base/photos ..." >&2
  python3 "$here/gen_photos.py" --count "$n" --out "$base/photos" --seed "$SEED" --jobs "$JOBS" >&2
  python3 - "$base" "$VIPS_BATCH" <<'PY'
import datetime, os, sys

base, batch = sys.argv[1], int(sys.argv[2])
WIDTHS = [320, 480, 672, 960, 1344, 1920]  # Galley's default images.widths
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(base, "photos", "photos.tsv"))][1:]

def widths(upright):
    """Galley's rule: the configured widths not wider than the upright source, and its own width when between."""
    if upright <= WIDTHS[0]:
        return []
    ws = [w for w in WIDTHS if w <= upright]
    if upright < WIDTHS[-1] and upright not in ws:
        ws.append(upright)
    return ws

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

plan = [(r[0], widths(int(r[4]))) for r in rows]
with open(os.path.join(base, "widths.tsv"), "w") as f:
    f.writelines("%s\t%s\n" % (name, " ".join(map(str, ws))) for name, ws in plan)

# Galley: one article a photo, newest first from the day before NOW, three hours apart; and a
# small copy with three of them (a plain one, one with GPS, one sideways) for untimed builds.
def galley(content, chosen):
    write(os.path.join(content, "site.yaml"), 'title: "Image benchmark"\nbase_url: https://bench.example.org/\n'
          "language: en\ntimezone: UTC\npage_size: 20\n")
    write(os.path.join(content, "authors", "bench-photographer.md"),
          "---\nname: Bench Photographer\n---\nTakes the pictures.\n")
    newest = datetime.datetime(2025, 11, 25, 12, 0, tzinfo=datetime.timezone.utc)
    for i, name in enumerate(chosen):
        stem = name.rsplit(".", 1)[0]
        when = newest - datetime.timedelta(hours=3 * i)
        write(os.path.join(content, "articles", "%04d" % when.year, "%02d" % when.month, "photo-%s.md" % stem),
              "---\ntitle: \"Photo %s\"\ndate: %s\nsection: Photos\nauthors: [bench-photographer]\n"
              "image:\n  src: /media/photos/%s\n  alt: \"Benchmark photo %s\"\n---\n"
              "A picture of a landscape, made for the image benchmark.\n" % (stem, when.isoformat(), name, stem))

galley(os.path.join(base, "galley", "content"), [name for name, _ in plan])
small = [r[0] for r in rows if r[3] == "6"][:1] + [r[0] for r in rows if r[6] == "yes"][:1] + [rows[0][0]]
galley(os.path.join(base, "small", "content"), sorted(set(small)))
with open(os.path.join(base, "small", "photos.txt"), "w") as f:
    f.writelines(x + "\n" for x in sorted(set(small)))

# Hugo: one page bundle a photo (the photo linked in by images.sh), its widths in the front matter.
h = os.path.join(base, "hugo")
write(os.path.join(h, "config.toml"), 'baseURL = "https://bench.example.org/"\ntitle = "Image benchmark"\n'
      'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
for name, ws in plan:
    stem = name.rsplit(".", 1)[0]
    write(os.path.join(h, "content", "photos", stem, "index.md"),
          "---\ntitle: \"Photo %s\"\nwidths: [%s]\n---\n" % (stem, ", ".join(map(str, ws))))

# vipsthumbnail: one line a process: WIDTH FORMAT PHOTO... (one width and format a process).
photos = os.path.join(base, "photos")
lines = []
for fmt in ("jpg", "webp"):
    for w in sorted({w for _, ws in plan for w in ws}):
        names = [name for name, ws in plan if w in ws]
        for k in range(0, len(names), batch):
            lines.append("%d %s %s\n" % (w, fmt, " ".join(os.path.join(photos, x) for x in names[k:k + batch])))
with open(os.path.join(base, "vips-jobs.txt"), "w") as f:
    f.writelines(lines)
print(sum(2 * len(ws) for _, ws in plan), file=open(os.path.join(base, "expected"), "w"))
PY
  mkdir -p "$base/galley/content/media/photos" "$base/hugo/layouts/_default"
  while IFS=$'\t' read -r name _; do
    ln "$base/photos/$name" "$base/galley/content/media/photos/$name"
    ln "$base/photos/$name" "$base/hugo/content/photos/${name%.jpg}/$name"
  done < "$base/widths.tsv"
  mkdir -p "$base/small/content/media/photos"
  while read -r name; do ln "$base/photos/$name" "$base/small/content/media/photos/$name"; done < "$base/small/photos.txt"
  echo '<!doctype html><title>{{ .Title }}</title>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}' \
    > "$base/hugo/layouts/_default/list.html"
  echo 2 > "$base/ready"
fi
expected=$(cat "$base/expected")
# The Hugo template, written every time (it carries JPEG_Q and WEBP_Q).
# Hugo 0.111 does not turn a photo upright by its EXIF orientation (images.AutoOrient came in
# 0.121): r270 (counter-clockwise) does what Orientation 6 asks, before the resize.
cat > "$base/hugo/layouts/_default/single.html" <<'EOF'
{{- $img := .Resources.GetMatch "*.jpg" -}}
{{- $turn := "" -}}
{{- with $img.Exif }}{{ if eq (printf "%v" .Tags.Orientation) "6" }}{{ $turn = " r270" }}{{ end }}{{ end -}}
<!doctype html><title>{{ .Title }}</title><picture>
{{- range .Params.widths }}
{{- $webp := $img.Resize (printf "%dx webp q${WEBP_Q}%s" . $turn) }}
{{- $jpeg := $img.Resize (printf "%dx jpg q${JPEG_Q}%s" . $turn) }}
<source type="image/webp" srcset="{{ $webp.RelPermalink }} {{ $webp.Width }}w"><img src="{{ $jpeg.RelPermalink }}" width="{{ $jpeg.Width }}" height="{{ $jpeg.Height }}" alt="">
{{- end }}
</picture>
EOF
sed -i "s/\${WEBP_Q}/$WEBP_Q/; s/\${JPEG_Q}/$JPEG_Q/" "$base/hugo/layouts/_default/single.html"

# --- Runs --------------------------------------------------------------------------------------
work=$base/work
rm -rf "$work"; mkdir -p "$work/times"
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")

# settle: write back; optionally drop the kernel's caches; read the inputs and programs back warm.
settle() {
  sync
  if [ "$DROP_CACHES" = 1 ]; then echo 3 > /proc/sys/vm/drop_caches; fi
  cat "$base"/photos/*.jpg "$jar" "$(dirname "$jar")"/*.jsa "$(command -v "$HUGO")" > /dev/null 2>&1 || true
  find "$java_home" -type f -exec cat {} + > /dev/null 2>&1 || true
}

# timed LABEL COMMAND...: runs COMMAND under GNU time; appends "wall cpu rss_kb" to times/LABEL.
timed() {
  local label=$1; shift
  settle
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.out" "$@" > "$work/last.log" 2>&1 \
    || { echo "$label failed:" >&2; cat "$work/last.log" >&2; exit 1; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/time.out" >> "$work/times/$label"
}

read -ra java_opts <<< "$JAVA_OPTS"
# galley_cmd ROOT [JVM option...]: sets gcmd to a build of ROOT/content into ROOT/site
galley_cmd() {
  gcmd=(java "${java_opts[@]}" "${@:2}" -jar "$jar" build --root "$1" --out "$1/site" --now "$NOW" --quiet --changes "$1/changes")
}
# derivatives LABEL DIR [find test...]: notes how many derivatives DIR holds and their MB
derivatives() {
  local label=$1 dir=$2; shift 2
  find "$dir" -type f "$@" -printf '%s\n' | awk -v f="$work/$label" \
    '{n++; b += $1} END {print n + 0 > (f ".derivs"); printf "%.1f\n", b / 1e6 > (f ".mb")}'
}
derivs_galley() { derivatives "$1" "$2" -name '*.[0-9]*w.*'; }
derivs_hugo() { derivatives "$1" "$2" -name '*_hu*_resize_*'; }
note() { echo "$2" > "$work/$1"; }

# vipsthumbnail makes one width in one format a process: every line of vips-jobs.txt is a process
# (WIDTH FORMAT PHOTO...), JOBS of them at once; VIPS_OUT is the output folder.
export JPEG_Q WEBP_Q VIPS_CONCURRENCY
# shellcheck disable=SC2016
vips_cmd=(xargs -a "$base/vips-jobs.txt" -P "$JOBS" -L 1 sh -c '
  w=$1 fmt=$2; shift 2
  case $fmt in jpg) opts="[Q=$JPEG_Q,strip,interlace,optimize_coding]" ;; *) opts="[Q=$WEBP_Q,strip]" ;; esac
  exec vipsthumbnail -s "${w}x" -o "$VIPS_OUT/%s.${w}w.$fmt$opts" "$@"' sh)

# Galley's class-data archive beside the jar is made by its first run: a small build first, untimed.
mkdir -p "$work/warmup"; cp -al "$base/small/content" "$work/warmup/content"
galley_cmd "$work/warmup"
"${gcmd[@]}" > /dev/null 2>&1 || { echo "galley build failed on $work/warmup:" >&2; "${gcmd[@]}"; exit 1; }
rm -rf "$work/warmup"

echo "$n photos, $ROUNDS round(s), jar $jar" >&2
for ((r = 1; r <= ROUNDS; r++)); do
  round=$work/r$r; mkdir -p "$round/vips"
  export VIPS_OUT=$round/vips
  timed vips "${vips_cmd[@]}"
  derivatives vips "$round/vips"

  g=$round/galley; mkdir -p "$g"; cp -al "$base/galley/content" "$g/content"
  galley_cmd "$g"
  timed galley-cold "${gcmd[@]}"
  derivs_galley galley-cold "$g/site"; note galley-cold.changes "$(wc -l < "$g/changes")"
  timed galley-again "${gcmd[@]}"
  derivs_galley galley-again "$g/site"; note galley-again.changes "$(wc -l < "$g/changes")"
  rm -rf "$g/site" "$g/.site.galley-standby"
  timed galley-cached "${gcmd[@]}"
  derivs_galley galley-cached "$g/site"; note galley-cached.changes "$(wc -l < "$g/changes")"

  h=$round/hugo; mkdir -p "$h"; cp -al "$base/hugo/." "$h/"
  timed hugo-cold "$HUGO" --source "$h" --destination "$h/public" --cacheDir "$h/cache" --quiet
  derivs_hugo hugo-cold "$h/public"
  rm -rf "$h/public"
  timed hugo-warm "$HUGO" --source "$h" --destination "$h/public" --cacheDir "$h/cache" --quiet
  derivs_hugo hugo-warm "$h/public"
  echo "round $r done" >&2
done

# Did the second and the cached build decode anything? In the launching JVM (an option of its own
# keeps Galley from relaunching), with every class load logged: an image reader or Galley's decoder
# loaded means a decode may have happened; none means none did. The cold build is the control.
# javax.imageio.ImageReader and ImageWriter are the base classes of every ImageIO codec (JDK,
# TwelveMonkeys, webp-imageio); SourceDecoder, Resampler and ImageEncoder are Galley's own.
decoders='^(javax\.imageio\.Image(Reader|Writer)|galley\.media\.(SourceDecoder|Resampler|ImageEncoder))$'
loaded() { # ROOT LABEL: the image codec classes loaded by one more build of ROOT, or "none"
  galley_cmd "$1" "-Xlog:class+load=info:file=$work/$2.classes"
  if ! "${gcmd[@]}" > /dev/null 2>&1; then echo "(the build failed)"; return; fi
  local found
  found=$(awk '{print $2}' "$work/$2.classes" | grep -E "$decoders" | sort -u | tr '\n' ' ' || true)
  echo "${found:-none}"
}
# The control: a cold build of the small copy (three photos), which does decode.
mkdir -p "$work/control"; cp -al "$base/small/content" "$work/control/content"
classes_cold=$(loaded "$work/control" cold)
check=$work/r$ROUNDS/galley # the last round's, as its cached build left it
classes_again=$(loaded "$check" again)
rm -rf "$check/site" "$check/.site.galley-standby"
classes_cached=$(loaded "$check" cached)

# --- Figures -----------------------------------------------------------------------------------
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v c="$2" '{print $c}' "$work/times/$1"; }
range() { col "$1" 1 | sort -g | awk '{a[NR]=$1} END {printf "[%.2f-%.2f]", a[1], a[NR]}'; }
wall() { col "$1" 1 | median; }
cpu() { col "$1" 2 | median; }
rss() { col "$1" 3 | sort -g | tail -1; }
value() { cat "$work/$1" 2>/dev/null || echo -; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a > 0 && b > 0) printf "%.2f", a / b; else printf "n/a"}'; }

photos_mb=$(du -sm --apparent-size "$base/photos" | cut -f1)
sideways=$(awk -F'\t' 'NR > 1 && $4 == 6' "$base/photos/photos.tsv" | wc -l)
gps=$(awk -F'\t' 'NR > 1 && $7 == "yes"' "$base/photos/photos.tsv" | wc -l)
echo
echo "$n photos ($photos_mb MB; $sideways with EXIF orientation 6, $gps with GPS), $expected derivatives expected; $ROUNDS round(s), $(nproc) cores"
printf '%-15s %7s %7s %-22s %7s %9s %12s %8s %8s\n' run derivs "out MB" "wall s: median [range]" "CPU s" deriv/s "deriv/CPU-s" "peak MB" written
for label in vips galley-cold galley-again galley-cached hugo-cold hugo-warm; do
  d=$(value "$label.derivs"); w=$(wall "$label"); c=$(cpu "$label")
  printf '%-15s %7s %7s %-22s %7.2f %9s %12s %8d %8s\n' "$label" "$d" "$(value "$label.mb")" "$(printf '%.2f %s' "$w" "$(range "$label")")" "$c" \
    "$(awk -v d="$d" -v w="$w" 'BEGIN {printf "%.1f", d / w}')" "$(awk -v d="$d" -v c="$c" 'BEGIN {printf "%.1f", d / c}')" \
    "$(( $(rss "$label") / 1024 ))" "$(value "$label.changes")"
done
gd=$(value galley-cold.derivs); vd=$(value vips.derivs); hd=$(value hugo-cold.derivs)
galley_image_cpu=$(awk -v a="$(cpu galley-cold)" -v b="$(cpu galley-cached)" 'BEGIN {printf "%.2f", a - b}')
echo
if [ "$gd" -gt 0 ]; then
  per() { awk -v c="$1" -v d="$2" 'BEGIN {print c / d}'; }
  echo "Galley's image work (cold CPU minus cached CPU): $galley_image_cpu s, $(awk -v c="$galley_image_cpu" -v d="$gd" 'BEGIN {printf "%.1f", d / c}') derivatives per CPU second"
  echo "Galley / vipsthumbnail, CPU per derivative:  cold build $(ratio "$(per "$(cpu galley-cold)" "$gd")" "$(per "$(cpu vips)" "$vd")")x, image work only $(ratio "$(per "$galley_image_cpu" "$gd")" "$(per "$(cpu vips)" "$vd")")x (target: at most 2)"
  echo "Galley / vipsthumbnail, wall:                $(ratio "$(wall galley-cold)" "$(wall vips)")x"
  echo "Galley cold / Hugo cold, wall:               $(ratio "$(wall galley-cold)" "$(wall hugo-cold)")x; CPU $(ratio "$(cpu galley-cold)" "$(cpu hugo-cold)")x (target: below 1)"
else
  echo "Galley wrote no derivatives: this jar does not process images (it copied the originals), so no Galley ratio is given."
  echo "Galley cold / Hugo cold, wall (for the record, pages and copies only): $(ratio "$(wall galley-cold)" "$(wall hugo-cold)")x"
fi
[ "$vd" = "$expected" ] || echo "warning: vipsthumbnail wrote $vd derivatives, not $expected" >&2
[ "$hd" = "$expected" ] || echo "warning: Hugo wrote $hd derivatives, not $expected" >&2
if [ "$gd" -gt 0 ] && [ "$gd" != "$expected" ]; then echo "warning: Galley wrote $gd derivatives, not $expected" >&2; fi
echo "Image codec classes loaded by one more build each, in the launching JVM (-Xlog:class+load)$([ "$gd" -gt 0 ] || echo "; with this jar, no build loads any"):"
echo "  cold, 3 photos (the control): $classes_cold"
echo "  again, $n photos:       $classes_again"
echo "  cached, $n photos:      $classes_cached"
echo "Tools: $(java -version 2>&1 | head -1); vipsthumbnail $(vips --version); $("$HUGO" version | cut -d' ' -f2)"
rm -rf "$work"
