#!/usr/bin/env bash
# Builds the stand-ins for the compose file's third-party images, for CI machines that reach no
# image registry: a Debian base made by debootstrap (PostgreSQL 17, Prometheus, Java 21 and wget
# from Debian's packages), Kafka from the Apache Kafka artifacts on Maven Central at the compose
# file's version. ops/compose/ci.yml points docker-compose.yml at them. Needs root, debootstrap
# and a Docker engine.
#   ops/compose/standins/build.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
here=$repo/ops/compose/standins
work=$repo/target/compose-standins
base=babynames-ci/debian:trixie
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
export DOCKER_BUILDKIT=0  # the classic builder: no buildx plugin needed, and the base is local

kafka_version=$(sed -n 's|^ *image: apache/kafka:\(.*\)$|\1|p' "$repo/docker-compose.yml")
[ -n "$kafka_version" ] || { echo "standins: no apache/kafka image in docker-compose.yml" >&2; exit 1; }

mkdir -p "$work"
if ! docker image inspect "$base" >/dev/null 2>&1; then
    rm -rf "$work/rootfs"
    echo "standins: debootstrap trixie from $mirror"
    debootstrap --variant=minbase --include=postgresql-17,prometheus,openjdk-21-jre-headless,wget \
        trixie "$work/rootfs" "$mirror" > "$work/debootstrap.log" \
        || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
    rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
    tar -C "$work/rootfs" -c . | docker import - "$base" >/dev/null
    rm -rf "$work/rootfs"
fi

rm -rf "$work/kafka"
cp -r "$here/kafka" "$work/kafka"
"$repo/mvnw" -B -q -f "$here/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -Dkafka.version="$kafka_version" -DoutputDirectory="$work/kafka/libs"
build() {  # quiet unless it fails
    docker build -t "$1" "$2" > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
}
build "babynames-ci/kafka:$kafka_version" "$work/kafka"
build babynames-ci/postgres:17 "$here/postgres"
build babynames-ci/prometheus:latest "$here/prometheus"
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^babynames-ci/' | sed 's/^/standins: /'
