#!/usr/bin/env bash
# deploy-changes.sh: publish only what a Galley build changed.
#
# Usage: deploy-changes.sh [-n] CHANGES_FILE SITE_DIR TARGET
#
#   CHANGES_FILE  the list written by `galley build --changes FILE`: the output paths the build
#                 added, changed or removed, one per line, relative to SITE_DIR
#   SITE_DIR      that build's output folder (e.g. site)
#   TARGET        s3://BUCKET[/PREFIX], or any destination rsync takes: /srv/www/site/,
#                 user@host:/srv/www/site/ (set RSYNC_RSH for ssh options, e.g. "ssh -p 2222")
#   -n            dry run: show what would be uploaded and deleted, change nothing
#
# A listed path that exists in SITE_DIR is uploaded; a listed path that does not exist there was
# removed by the build and is deleted at TARGET. Nothing else at TARGET is touched. Uploads go
# first and deletions last. rsync (one run, through filter rules naming exactly the listed paths)
# puts all uploaded files into place at the end of the transfer (--delay-updates), then deletes,
# and removes the folders the deletions leave empty (a folder holding other files stays). On S3,
# media and other assets go first, then pages, then the files that list pages (feeds, sitemaps,
# search indexes, robots.txt, _redirects).
#
# S3 objects get a Cache-Control header: CACHE_CONTROL_MEDIA for media/ (default: 30 days),
# CACHE_CONTROL for everything else, including css/ and js/, which Galley does not fingerprint
# (default: 5 minutes). The aws CLI reads its credentials and region as usual (AWS_PROFILE, ...).
#
# Lists of several builds can be joined (cat a.txt b.txt > all.txt): a path is classified by what
# SITE_DIR holds now. If a deploy fails, deploy the joined lists (or the whole folder) next time;
# a list left undeployed leaves the host behind.
#
# Exit status: 0 done (or nothing to do), 1 failed, 2 usage error.

set -euo pipefail

usage() {
  sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

dry_run=false
if [ "${1:-}" = "-n" ]; then
  dry_run=true
  shift
fi
[ $# -eq 3 ] || usage
changes=$1
site=${2%/}
target=$3

die() {
  printf 'deploy-changes: %s\n' "$*" >&2
  exit 1
}

[ -f "$changes" ] || die "no changes file: $changes"
[ -d "$site" ] || die "no output folder: $site"
case "$target" in "" | s3:// | s3:///*) usage ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Read and check every line before touching the target. Galley writes plain relative paths;
# anything else means the wrong file was passed.
: >"$work/upload"
: >"$work/delete"
line_no=0
while IFS= read -r path || [ -n "$path" ]; do
  line_no=$((line_no + 1))
  [ -n "$path" ] || continue
  case "$path" in
    *$'\r'*) die "$changes:$line_no: carriage return in path (file edited on Windows?)" ;;
    /* | ./* | ../* | */./* | */../* | */. | */.. | . | .. | *//* | */)
      die "$changes:$line_no: not a plain relative path: $path" ;;
    *\\* | [[:space:]]* | *[[:space:]])
      # A backslash would be read as an escape in rsync's filter rules.
      die "$changes:$line_no: backslash or surrounding blanks in path: $path" ;;
  esac
  if [ -f "$site/$path" ]; then
    printf '%s\n' "$path" >>"$work/upload"
  elif [ -e "$site/$path" ] || [ -L "$site/$path" ]; then
    die "$changes:$line_no: not a regular file in $site: $path"
  else
    printf '%s\n' "$path" >>"$work/delete"
  fi
done <"$changes"

LC_ALL=C sort -u -o "$work/upload" "$work/upload"
LC_ALL=C sort -u -o "$work/delete" "$work/delete"
n_up=$(wc -l <"$work/upload" | tr -d ' ')
n_del=$(wc -l <"$work/delete" | tr -d ' ')
echo "deploy-changes: $n_up to upload, $n_del to delete, target $target"
[ "$n_up" -gt 0 ] || [ "$n_del" -gt 0 ] || exit 0

deploy_rsync() {
  # One rsync run over filter rules that name exactly the listed paths and their folders:
  # a listed file the site has is sent, a listed file it lacks is deleted (--delete), and
  # everything else at the target is excluded, so left alone. A folder the site no longer has
  # is removed when the deletions leave it empty. Wildcard characters are escaped.
  local path dir
  cat "$work/upload" "$work/delete" | while IFS= read -r path; do
    dir=$path
    while [ "${dir%/*}" != "$dir" ]; do
      dir=${dir%/*}
      printf '%s/\n' "$dir"
    done
    printf '%s\n' "$path"
  done | LC_ALL=C sort -u | sed -e 's/[*?[]/\\&/g' -e 's|^|+ /|' >"$work/rules"
  echo '- *' >>"$work/rules"
  local opts=(-a --delete-after --delay-updates --include-from="$work/rules")
  if $dry_run; then opts+=(--dry-run --itemize-changes); fi
  rsync "${opts[@]}" "$site/" "$target"
}

s3() {
  if $dry_run; then
    printf '(dry run) aws s3'
    printf ' %q' "$@"
    printf '\n'
  else
    aws s3 "$@" --only-show-errors </dev/null
  fi
}

deploy_s3() {
  local base=${target%/} rank path cc
  local cc_media=${CACHE_CONTROL_MEDIA:-public, max-age=2592000}
  local cc_other=${CACHE_CONTROL:-public, max-age=300}
  for rank in assets pages lists; do
    while IFS= read -r path <&3; do
      case "$path" in
        *.html) [ "$rank" = pages ] || continue ;;
        *.xml | *.json | *.txt | _redirects) [ "$rank" = lists ] || continue ;;
        *) [ "$rank" = assets ] || continue ;;
      esac
      case "$path" in
        media/*) cc=$cc_media ;;
        *) cc=$cc_other ;;
      esac
      s3 cp "$site/$path" "$base/$path" --cache-control "$cc"
    done 3<"$work/upload"
  done
  while IFS= read -r path <&3; do
    s3 rm "$base/$path"
  done 3<"$work/delete"
}

case "$target" in
  s3://*) deploy_s3 ;;
  *) deploy_rsync ;;
esac
echo "deploy-changes: done"
