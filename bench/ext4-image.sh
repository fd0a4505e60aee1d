#!/usr/bin/env bash
# A scratch ext4 with mkfs.ext4's defaults, in a file, for benchmarks on a file system set up as a
# newly installed disk would be (needs root and a free loop device):
#
#   bench/ext4-image.sh mount DIR [SIZE_GB]   make DIR/../ext4-bench.img (default 14 GB, sparse) and mount it at DIR
#   bench/ext4-image.sh umount DIR            unmount it and delete the image
#
# Why: the VM this project is developed on has an ext4 root without a journal. Without a journal,
# ext4 will not reuse an inode freed within the last minute (six, while its inode-table block is
# not yet written back) while an older free one is left, and each allocation walks past them one by
# one; a build right after a large tree was deleted (as vs-hugo.sh deletes the other tool's
# output) spends several seconds of kernel time there. mkfs.ext4 on a disk of 128 GB or more
# gives a 1 GB journal; the image gets one of that size too (-J size=1024), so that its journal
# does not fill mid-build, as the 64 MB default of a small image does.
#
# e.g.  bench/ext4-image.sh mount /mnt/galley-ext4
#       BENCH_DIR=/mnt/galley-ext4/ssg-bench PROJECT_NAME=galley \
#         PROJECT_BUILD_CMD='java -jar target/galley.jar build --root {root} --out {out} --now {now}' \
#         ../shared/bench/vs-hugo.sh 25000
#       bench/ext4-image.sh umount /mnt/galley-ext4
set -euo pipefail

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 2 ] || usage
action=$1
dir=$2
image="$(dirname "$(realpath -m "$dir")")/ext4-bench.img"

case "$action" in
  mount)
    size=${3:-14}
    [[ $size =~ ^[0-9]+$ ]] || usage
    if mountpoint -q "$dir"; then echo "$dir is already a mount point" >&2; exit 1; fi
    [ -e "$image" ] && { echo "$image exists; unmount and delete it first" >&2; exit 1; }
    mkdir -p "$dir"
    truncate -s "${size}G" "$image"
    # A failed mkfs or mount (not root, no loop device) leaves no image behind to refuse the next try.
    if ! { mkfs.ext4 -q -F -J size=1024 "$image" && mount -o loop "$image" "$dir"; }; then
      rm -f "$image"
      exit 1
    fi
    echo "mounted $image at $dir ($(dumpe2fs -h "$image" 2>/dev/null | grep -i 'journal size' | sed 's/  */ /g'))"
    ;;
  umount)
    if mountpoint -q "$dir"; then umount "$dir"; echo "unmounted $dir"; fi
    rm -f "$image"
    echo "deleted $image"
    ;;
  *) usage ;;
esac
