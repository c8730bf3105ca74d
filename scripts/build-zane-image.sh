#!/usr/bin/env bash
# Builds a Zane image from a binary built on this machine, with the libraries `ldd` lists, the binary's
# resource bundles and this machine's git CLI (git services are fetched with it), through `docker import`
# (no base image or registry needed). The Dockerfile
# at the repository's root is the way to build the image elsewhere.
# Usage: scripts/build-zane-image.sh [binary (.build/release/zane)] [image (zane-local/zane:latest)]
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY=${1:-.build/release/zane}
IMAGE=${2:-zane-local/zane:latest}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/app" "$work/rootfs/tmp" "$work/rootfs/var/lib/zane" "$work/rootfs/etc/ssl/certs"
cp "$BINARY" "$work/rootfs/app/zane"
cp -r "$(dirname "$BINARY")"/*.resources "$work/rootfs/app/"
programs=("$BINARY")
if [ -x /usr/bin/git ]; then
    GIT_CORE=$(git --exec-path)
    mkdir -p "$work/rootfs/usr/bin" "$work/rootfs$GIT_CORE"
    cp /usr/bin/git "$work/rootfs/usr/bin/git"
    for helper in git-remote-http git-remote-https; do
        [ -e "$GIT_CORE/$helper" ] && cp -L "$GIT_CORE/$helper" "$work/rootfs$GIT_CORE/$helper"
    done
    programs+=(/usr/bin/git "$GIT_CORE/git-remote-http")
fi
for library in $(ldd "${programs[@]}" 2>/dev/null | grep -o '/[^ ]*' | grep -v ':$' | sort -u); do
    mkdir -p "$work/rootfs$(dirname "$library")"
    cp -L "$library" "$work/rootfs$library"
done
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$work/rootfs/etc/ssl/certs/"
chmod 1777 "$work/rootfs/tmp"
tar -C "$work/rootfs" -c . | docker import \
    --change 'WORKDIR /app' --change 'ENV ZANE_DATA_DIR=/var/lib/zane' --change 'EXPOSE 8000' \
    --change 'CMD ["/app/zane", "serve", "--hostname", "0.0.0.0", "--port", "8000"]' - "$IMAGE" >/dev/null
echo "$IMAGE"
