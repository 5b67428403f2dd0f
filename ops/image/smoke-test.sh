#!/usr/bin/env bash
# Runs a service image without Docker: unpacks the image tarball's layers into a root file
# system, then starts its entrypoint there (chroot, as the image's user, with the image's
# environment), waits for GET /health/liveness, and says whether the JVM mapped the image's
# class-data archive (ops/image/train-class-data.sh); REQUIRE_CLASS_DATA=yes fails an image
# without one. Needs root (chroot, mounting /proc).
#   ops/image/smoke-test.sh IMAGE_TAR PORT [NAME=VALUE...]
set -euo pipefail
image=${1:?usage: smoke-test.sh IMAGE_TAR PORT [NAME=VALUE...]}
port=${2:?usage: smoke-test.sh IMAGE_TAR PORT [NAME=VALUE...]}
shift 2
source "$(dirname "$0")/image-root.sh"
work=$(mktemp -d)
root="$work/root"
trap clean_up EXIT

unpack_image "$image"
start_in_image "$port" "$@" -- "${entrypoint[@]}"
if wait_until_live "$port"; then
    seconds=$(seconds_since_start)
    class_data="without a class-data archive"
    if grep -q '/app/class-data/app.jsa' "/proc/$pid/maps" 2>/dev/null; then
        class_data="with its class-data archive mapped"
    elif [ -f "$root/app/class-data/app.jsa" ]; then
        echo "smoke-test: $(basename "$image") carries a class-data archive that the JVM did not map" >&2
        exit 1
    elif [ "${REQUIRE_CLASS_DATA:-}" = yes ]; then
        echo "smoke-test: $(basename "$image") carries no class-data archive" >&2
        exit 1
    fi
    echo "smoke-test: $(basename "$image") is live on port $port as user $user in $seconds s, $class_data"
    exit 0
fi
echo "smoke-test: $(basename "$image") did not come up; its output:" >&2
grep -v "could not be established\|disconnected" "$work/log" | tail -20 >&2
exit 1
