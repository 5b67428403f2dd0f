#!/usr/bin/env bash
# The base of the service images, made on this machine with no registry: a jlink'd Java runtime
# (with the JDK's own class-data archive, which the images' archives extend),
# the shared libraries it loads (copied from this machine, which is where the JDK came from),
# a static busybox for healthchecks, and /tmp. Jib puts the service on top (FROM scratch).
#   ops/image/build-base.sh OUT_DIR
set -euo pipefail
out=${1:?usage: build-base.sh OUT_DIR}
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q "statically linked"; then
    busybox=/bin/busybox
    [ -x "$busybox" ] || { echo "build-base: a static busybox is needed (apt-get install busybox-static)" >&2; exit 1; }
fi

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
"$java_home/bin/jlink" --add-modules "$modules" --output "$out/opt/java" --generate-cds-archive \
    --strip-debug --no-header-files --no-man-pages --compress=2
# The archive for heaps over 32 GB (no compressed oops) is of no use in a service image.
rm -f "$out/opt/java/lib/server/classes_nocoops.jsa"
# Debian's JDK links its CA certificates to /etc; the copy must be a file.
if [ -L "$out/opt/java/lib/security/cacerts" ]; then
    cp --remove-destination -L "$java_home/lib/security/cacerts" "$out/opt/java/lib/security/cacerts" 2>/dev/null \
        || rm -f "$out/opt/java/lib/security/cacerts"
fi

# Every shared library the runtime's binaries need, except those of the desktop libraries (AWT,
# fonts, sound, images), which java.desktop brings but a server never loads.
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
    -not -regex '.*/lib\(awt\|awt_xawt\|awt_headless\|fontmanager\|jsound\|lcms\|javajpeg\|splashscreen\|mlib_image\|jawt\|atk-wrapper\)\.so' -print0 \
    | xargs -0 -n1 ldd 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/lib/ { print $1 }' \
    | sort -u \
    | grep -v "^$out/" \
    | while read -r lib; do
        mkdir -p "$out$(dirname "$lib")"
        cp -L "$lib" "$out$lib"
    done

mkdir -p "$out/bin" "$out/tmp"
cp "$busybox" "$out/bin/busybox"
chmod 1777 "$out/tmp"
echo "build-base: $(du -sh "$out" | cut -f1) in $out"
