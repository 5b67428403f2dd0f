# Sourced by the scripts that run a service image without Docker (smoke-test.sh,
# train-class-data.sh), which set `work` (a scratch folder) and `root` (the image's root file
# system, inside it) and trap EXIT with clean_up.

# unpack_image IMAGE_TAR: unpacks the tarball's layers into $root and sets, from the image's
# configuration, `entrypoint` (an array), `user` and `environment` (an array of NAME=VALUE).
unpack_image() {
    local image=$1 layout config layers layer
    layout=$(mktemp -d)
    mkdir -p "$root"
    tar -xf "$image" -C "$layout"
    config=$(cat "$layout/config.json")
    layers=$(sed -e 's/.*"Layers":\[\([^]]*\)\].*/\1/' "$layout/manifest.json" | tr ',' '\n' | tr -d '"')
    for layer in $layers; do
        tar --warning=no-unknown-keyword -xzf "$layout/$layer" -C "$root"
    done
    rm -rf "$layout"
    # What a container runtime provides: without random devices the JVM seeds SecureRandom from
    # thread timings, seconds at every start.
    mkdir -p "$root/dev"
    mknod -m 666 "$root/dev/null" c 1 3
    mknod -m 444 "$root/dev/random" c 1 8
    mknod -m 444 "$root/dev/urandom" c 1 9
    entrypoint=()
    while IFS= read -r arg; do entrypoint+=("$arg"); done < <(
        sed -e 's/.*"Entrypoint":\[\([^]]*\)\].*/\1/' <<<"$config" | tr ',' '\n' | sed -e 's/^"//' -e 's/"$//')
    user=$(sed -e 's/.*"User":"\([^"]*\)".*/\1/' <<<"$config")
    environment=()
    while IFS= read -r pair; do environment+=("$pair"); done < <(
        sed -e 's/.*"Env":\[\([^]]*\)\].*/\1/' <<<"$config" | tr ',' '\n' | sed -e 's/^"//' -e 's/"$//')
}

# start_in_image PORT [NAME=VALUE...] -- COMMAND...: runs COMMAND in $root (chroot, as the
# image's user, with the image's environment, PORT and the given variables), its output in
# $work/log; sets `pid` (the JVM's: env and chroot exec into it) and `started` (ns).
start_in_image() {
    local port=$1 variables=()
    shift
    while [ "$1" != -- ]; do variables+=("$1"); shift; done
    shift
    mkdir -p "$root/proc"
    mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
    started=$(date +%s%N)
    env -i "${environment[@]}" PORT="$port" "${variables[@]}" \
        "$(command -v chroot)" --userspec="$user" "$root" "$@" > "$work/log" 2>&1 &
    pid=$!
}

# seconds_since_start: the time since start_in_image, in seconds with one decimal.
seconds_since_start() {
    awk -v ns=$(($(date +%s%N) - started)) 'BEGIN { printf "%.1f", ns / 1e9 }'
}

# wait_until_live PORT: true once GET /health/liveness answers (asked with the image's own
# busybox), false if the process ends or a minute passes first.
wait_until_live() {
    local port=$1
    for _ in $(seq 1 120); do
        if chroot "$root" /bin/busybox wget -q -O - "http://127.0.0.1:$port/health/liveness" >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.5
    done
    return 1
}

# clean_up: kills the process if it still runs, unmounts /proc, removes $work.
clean_up() {
    if [ -n "${pid:-}" ]; then
        { kill -9 "$pid" && wait "$pid"; } 2>/dev/null || true
    fi
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$work"
}
