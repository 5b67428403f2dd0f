#!/usr/bin/env bash
# Runs a service image without Docker: unpacks the image tarball's layers into a root file
# system, then starts its entrypoint there (chroot, as the image's user, with the image's
# environment) and waits for GET /health/liveness, asked with the image's own busybox.
# Needs root (chroot, mounting /proc).   ops/image/smoke-test.sh IMAGE_TAR PORT [NAME=VALUE...]
set -euo pipefail
image=${1:?usage: smoke-test.sh IMAGE_TAR PORT [NAME=VALUE...]}
port=${2:?usage: smoke-test.sh IMAGE_TAR PORT [NAME=VALUE...]}
shift 2
work=$(mktemp -d)
root="$work/root"
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/image" "$root"
tar -xf "$image" -C "$work/image"
config=$(cat "$work/image/config.json")
layers=$(sed -e 's/.*"Layers":\[\([^]]*\)\].*/\1/' "$work/image/manifest.json" | tr ',' '\n' | tr -d '"')
for layer in $layers; do
    tar --warning=no-unknown-keyword -xzf "$work/image/$layer" -C "$root"
done
entrypoint=()
while IFS= read -r arg; do entrypoint+=("$arg"); done < <(
    sed -e 's/.*"Entrypoint":\[\([^]]*\)\].*/\1/' <<<"$config" | tr ',' '\n' | sed -e 's/^"//' -e 's/"$//')
user=$(sed -e 's/.*"User":"\([^"]*\)".*/\1/' <<<"$config")
environment=()
while IFS= read -r pair; do environment+=("$pair"); done < <(
    sed -e 's/.*"Env":\[\([^]]*\)\].*/\1/' <<<"$config" | tr ',' '\n' | sed -e 's/^"//' -e 's/"$//')

mkdir -p "$root/proc"
mount -t proc proc "$root/proc"
env -i "${environment[@]}" PORT="$port" "$@" \
    "$(command -v chroot)" --userspec="$user" "$root" "${entrypoint[@]}" > "$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
    if chroot "$root" /bin/busybox wget -q -O - "http://127.0.0.1:$port/health/liveness" >/dev/null 2>&1; then
        echo "smoke-test: $(basename "$image") is live on port $port as user $user"
        exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        break
    fi
    sleep 0.5
done
echo "smoke-test: $(basename "$image") did not come up; its output:" >&2
grep -v "could not be established\|disconnected" "$work/log" | tail -20 >&2
exit 1
