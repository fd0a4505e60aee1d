#!/usr/bin/env bash
# Galley's own benchmark: cold, no-op, one-edit and one-new-article builds of generated archives.
#
#   bench/run.sh [N ...]          sizes to measure (default: 1000 25000 100000)
#
# For every size it generates an archive with ../shared/bench/gen_corpus.py (cached under
# $BENCH_DIR), then runs, ROUNDS times each, in a fresh JVM every time:
#   cold     a full build into an empty output folder (no cache)
#   noop     the same build again: nothing changed
#   edit     one sentence of one article's body changed
#   new      one newest article added (gen_corpus.py --add-latest, on a copy of the archive); the
#            first build that changes several files, committed through the standby tree that the
#            cold build made (see README)
#   new2     one more newest article: the steady state of a newsroom publishing
# and prints wall seconds (median, min, max), peak RSS (GNU time), pages per second (cold) and
# the files the build rewrote (from --changes). Each round's folder is kept until the end (a
# 25,000-article round takes about 1.6 GB, a 100,000-article one 5.9 GB). Benchmarks are not tests: CI runs this at a
# small size only, as a smoke test (bench/run.sh 200 with ROUNDS=1).
#
# Environment: ROUNDS=3, BENCH_DIR=/tmp/galley-bench, JAVA_OPTS (e.g. -Xmx2g), DROP_CACHES=auto (1: drop the
#              kernel's caches before each cold build, when root; 0: never),
#              NOW=2025-11-26T00:00:00+02:00 (the build clock; the corpus ends 2025-11-25)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
gen=${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}
jar=$repo/target/galley.jar
ROUNDS=${ROUNDS:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/galley-bench}
NOW=${NOW:-2025-11-26T00:00:00+02:00}
JAVA_OPTS=${JAVA_OPTS:-}
DROP_CACHES=${DROP_CACHES:-auto}
if [ "$DROP_CACHES" = auto ]; then
  if [ -w /proc/sys/vm/drop_caches ] && (echo 1 > /proc/sys/vm/drop_caches) 2>/dev/null; then DROP_CACHES=1; else DROP_CACHES=0; fi
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 25000 100000)

[ -f "$gen" ] || { echo "gen_corpus.py not found at $gen" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
[ -f "$jar" ] || (cd "$repo" && mvn -q -DskipTests package)
mkdir -p "$BENCH_DIR"

# build ROOT OUT LABEL: one timed build; prints "wall rss changed"
build() {
  local root=$1 out=$2 changes
  changes=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$changes.time" java $JAVA_OPTS -jar "$jar" build --root "$root" --out "$out" \
    --now "$NOW" --quiet --changes "$changes" >/dev/null
  read -r wall rss < "$changes.time"
  echo "$wall $rss $(wc -l < "$changes")"
  rm -f "$changes" "$changes.time"
}

# settle DIR: before a cold build, write back and drop what the kernel holds, as
# ../shared/bench/vs-hugo.sh does. On ext4 without a journal (these VMs), inodes deleted in the
# last minute (six while their inode-table block is not yet written back) are skipped one by one
# when new ones are allocated, as long as their block is cached: making 46,000 folders took 13.9 s
# right after deleting a site and 1.3 s after this. Allocating reads those blocks back, so the walk
# grows again during the build: cold builds right after the previous round's trees were deleted
# took 16-26 s at 25,000 articles, which is why no round's trees are deleted before the next.
settle() {
  sync
  if [ "$DROP_CACHES" = 1 ]; then echo 3 > /proc/sys/vm/drop_caches; fi
  # The archive, Galley and the JDK are read back warm, as on a working machine.
  find "$1" "$java_home" -type f -exec cat {} + > /dev/null 2>&1 || true
  cat "$jar" "$repo"/target/*.jsa > /dev/null 2>&1 || true
}
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")

# stats: median min max of the numbers on stdin
stats() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f [%.2f-%.2f]", m, a[1], a[NR]}'; }

# Every round of every size builds in a folder of its own (BENCH_DIR/work-N-rR), and all are deleted
# only at the end: deleting the last round's trees just before a cold build made it pay for them
# (see settle). Folders a killed run left behind are deleted first.
rm -rf "$BENCH_DIR"/work-*
printf '%-8s %-7s %-24s %-10s %-10s %s\n' articles build "wall s: median [min-max]" "peak MB" "files" "pages/s"
for n in "${sizes[@]}"; do
  corpus=$BENCH_DIR/corpus-$n
  if [ ! -f "$corpus/corpus-summary.json" ]; then
    rm -rf "$corpus"; python3 "$gen" --articles "$n" --out "$corpus" >/dev/null
  fi
  declare -A walls=() rss=() files=()
  pages=0
  for ((r = 1; r <= ROUNDS; r++)); do
    work=$BENCH_DIR/work-$n-r$r; mkdir -p "$work"; cp -r "$corpus/content" "$work/content"
    settle "$work"
    out=$work/site
    read -r w m f <<< "$(build "$work" "$out")"; walls[cold]+="$w "; rss[cold]=$m; files[cold]=$f
    pages=$(find "$out" -name '*.html' | wc -l)
    read -r w m f <<< "$(build "$work" "$out")"; walls[noop]+="$w "; rss[noop]=$m; files[noop]=$f
    article=$(find "$work/content/articles" -name '*.md' | sort | sed -n '10p')
    printf '\nAn added closing sentence, round %d.\n' "$r" >> "$article"
    read -r w m f <<< "$(build "$work" "$out")"; walls[edit]+="$w "; rss[edit]=$m; files[edit]=$f
    python3 "$gen" --add-latest --out "$work" >/dev/null
    read -r w m f <<< "$(build "$work" "$out")"; walls[new]+="$w "; rss[new]=$m; files[new]=$f
    python3 "$gen" --add-latest --out "$work" >/dev/null
    read -r w m f <<< "$(build "$work" "$out")"; walls[new2]+="$w "; rss[new2]=$m; files[new2]=$f
  done
  for kind in cold noop edit new new2; do
    median=$(tr ' ' '\n' <<< "${walls[$kind]}" | grep . | stats)
    pps=""
    if [ "$kind" = cold ]; then
      pps=$(awk -v p="$pages" -v w="$(tr ' ' '\n' <<< "${walls[cold]}" | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" 'BEGIN {printf "%.0f", p / w}')
    fi
    printf '%-8s %-7s %-24s %-10s %-10s %s\n' "$n" "$kind" "$median" "$(( ${rss[$kind]} / 1024 ))" "${files[$kind]}" "$pps"
  done
  unset walls rss files
done
rm -rf "$BENCH_DIR"/work-*
