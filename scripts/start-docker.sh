#!/usr/bin/env bash
# Starts a Docker engine for Zane and its tests when none answers on /var/run/docker.sock, installing
# Debian's docker.io when it is missing, makes it a single-node swarm manager, and builds the local test
# image `zane-test/busybox:latest` (busybox-static imported as a root filesystem: no registry is needed).
# Usage: scripts/start-docker.sh [--no-test-image]
set -euo pipefail
BUILD_TEST_IMAGE=yes
[ "${1:-}" = "--no-test-image" ] && BUILD_TEST_IMAGE=no

SOCKET=/var/run/docker.sock
log() { echo "$@" >&2; }

engine_answers() { curl -s --unix-socket "$SOCKET" http://localhost/_ping 2>/dev/null | grep -q OK; }

if ! engine_answers; then
    if ! command -v dockerd >/dev/null; then
        log "installing docker.io…"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 && apt-get install -y -qq docker.io >&2
    fi
    log "starting dockerd…"
    mkdir -p /var/log/zane
    nohup dockerd --host "unix://$SOCKET" >/var/log/zane/dockerd.log 2>&1 &
    for _ in $(seq 1 120); do engine_answers && break; sleep 0.5; done
    engine_answers || { log "dockerd did not start:"; tail -20 /var/log/zane/dockerd.log >&2; exit 1; }
fi

if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    log "initialising a single-node swarm…"
    docker swarm init --advertise-addr 127.0.0.1 >&2
fi

if [ "$BUILD_TEST_IMAGE" = yes ] && ! docker image inspect zane-test/busybox:latest >/dev/null 2>&1; then
    log "building zane-test/busybox:latest…"
    work=$(mktemp -d)
    apt-get update -qq >&2
    (cd "$work" && apt-get download busybox-static >&2 && dpkg-deb -x busybox-static_*.deb pkg)
    mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/www"
    cp "$work/pkg/bin/busybox" "$work/rootfs/bin/busybox"
    for applet in sh httpd echo cat sleep ls wget env; do ln -s busybox "$work/rootfs/bin/$applet"; done
    echo "zane test page" >"$work/rootfs/www/index.html"
    tar -C "$work/rootfs" -c . | docker import --change 'CMD ["/bin/busybox", "httpd", "-f", "-p", "80", "-h", "/www"]' - zane-test/busybox:latest >&2
    rm -rf "$work"
fi
log "docker engine ready on $SOCKET"
