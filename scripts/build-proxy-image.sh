#!/usr/bin/env bash
# Builds a local proxy image from a caddy binary and the libraries it links, for machines that cannot
# pull the official `caddy` image: by default `zane-local/caddy:latest` from Debian's caddy (installed
# when missing).
# Usage: scripts/build-proxy-image.sh [image name] [caddy binary]   (prints the image name)
set -euo pipefail
IMAGE=${1:-zane-local/caddy:latest}
BINARY=${2:-}

if docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "$IMAGE"; exit 0; fi
if [ -z "$BINARY" ] && ! command -v caddy >/dev/null; then
    echo "installing Debian's caddy…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq caddy >&2
    # Only the binary is wanted: the package's own system service must not hold ports 80/443.
    systemctl disable --now caddy >/dev/null 2>&1 || true
    pkill -x caddy 2>/dev/null || true
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
binary=${BINARY:-$(command -v caddy)}
mkdir -p "$work/rootfs/usr/bin" "$work/rootfs/tmp" "$work/rootfs/etc/ssl/certs"
cp "$binary" "$work/rootfs/usr/bin/caddy"
# The dynamic loader and every library ldd lists, at the same paths.
for library in $(ldd "$binary" 2>/dev/null | grep -o '/[^ ]*' || true); do
    mkdir -p "$work/rootfs$(dirname "$library")"
    cp -L "$library" "$work/rootfs$library"
done
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$work/rootfs/etc/ssl/certs/"
tar -C "$work/rootfs" -c . | docker import --change 'CMD ["/usr/bin/caddy", "run"]' - "$IMAGE" >/dev/null
echo "$IMAGE"
