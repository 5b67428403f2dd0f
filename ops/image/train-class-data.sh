#!/usr/bin/env bash
# Makes a service image's class-data archive (AppCDS, JDK 17): starts the image's entrypoint
# without Docker (chroot, as the image's user, with the image's environment, no broker or
# database), with -XX:ArchiveClassesAtExit instead of the -XX:SharedArchiveFile its later starts
# use, asks its health and metrics endpoints, stops it with SIGTERM, and keeps the archive the JVM
# writes as it exits in OUT_DIR/app.jsa. The image's second build (Maven profile `images`) adds
# it as /app/class-data/app.jsa. The archive is valid only for the runtime and class path it was
# made with, which the second build repeats byte for byte (Jib's fixed file times).
# Needs root (chroot, /proc); without it, nothing is made and the image starts without.
#   ops/image/train-class-data.sh IMAGE_TAR OUT_DIR PORT [NAME=VALUE...]
set -euo pipefail
image=${1:?usage: train-class-data.sh IMAGE_TAR OUT_DIR PORT [NAME=VALUE...]}
out=${2:?usage: train-class-data.sh IMAGE_TAR OUT_DIR PORT [NAME=VALUE...]}
port=${3:?usage: train-class-data.sh IMAGE_TAR OUT_DIR PORT [NAME=VALUE...]}
shift 3
rm -rf "$out"
mkdir -p "$out"  # the image build adds what it holds: nothing when not trained
if [ "$(id -u)" -ne 0 ]; then
    echo "train-class-data: needs root (chroot); $(basename "$image") starts without a class-data archive" >&2
    exit 0
fi
source "$(dirname "$0")/image-root.sh"
work=$(mktemp -d)
root="$work/root"
trap clean_up EXIT

unpack_image "$image"
training=()
for arg in "${entrypoint[@]}"; do
    case "$arg" in
        -XX:SharedArchiveFile=*) training+=("-XX:ArchiveClassesAtExit=/tmp/app.jsa") ;;
        *) training+=("$arg") ;;
    esac
done
start_in_image "$port" "$@" -- "${training[@]}"
if ! wait_until_live "$port"; then
    echo "train-class-data: $(basename "$image") did not come up; its output:" >&2
    tail -20 "$work/log" >&2
    exit 1
fi
live=$(seconds_since_start)
for path in /health /health/readiness /prometheus; do
    chroot "$root" /bin/busybox wget -q -O /dev/null "http://127.0.0.1:$port$path" 2>/dev/null || true
done
kill -TERM "$pid"
for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null || [ ! -s "$root/tmp/app.jsa" ]; then
    echo "train-class-data: $(basename "$image") wrote no archive; its output:" >&2
    tail -20 "$work/log" >&2
    exit 1
fi
pid=
cp "$root/tmp/app.jsa" "$out/app.jsa"
chmod 644 "$out/app.jsa"
echo "train-class-data: $(basename "$image") was live in $live s without it; $(du -h "$out/app.jsa" | cut -f1) archive in $out"
