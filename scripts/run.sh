#!/usr/bin/env bash
# Builds Zane (release), makes sure a Docker engine runs as a single-node swarm manager (installing and
# starting Debian's docker.io when missing; ZANE_SKIP_DOCKER=1 skips this), and serves Zane on
# 127.0.0.1:8000 with an SQLite database under ./.zane/. Zane starts its Caddy proxy on the engine
# (ports 80 and 443; see ZANE_PROXY_* in the README).
# Extra arguments go to `zane serve` (e.g. --hostname 0.0.0.0 --port 8080).
# With ZANE_ADMIN_USERNAME and ZANE_ADMIN_PASSWORD set, that superuser is created first if missing;
# otherwise create the first user through the API (POST /api/auth/create-initial-user).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null; then
    echo "Swift 6.2 or newer is required (https://swift.org/install); 'swift' is not on PATH." >&2
    exit 1
fi

swift build -c release --product zane
ZANE=.build/release/zane

if [ "${ZANE_SKIP_DOCKER:-0}" != 1 ]; then
    scripts/start-docker.sh --no-test-image
    # The proxy runs the official Caddy image; where it cannot be pulled, a local one is built from a
    # current Caddy release (Zane needs Caddy 2.7 or newer; Debian's 2.6 will not do).
    PROXY_IMAGE=${ZANE_PROXY_IMAGE:-caddy:2}
    if ! docker image inspect "$PROXY_IMAGE" >/dev/null 2>&1 && ! docker pull -q "$PROXY_IMAGE" >/dev/null 2>&1; then
        echo "$PROXY_IMAGE cannot be pulled: building a local proxy image from a current Caddy release" >&2
        export ZANE_PROXY_IMAGE
        ZANE_PROXY_IMAGE=$(scripts/build-proxy-image.sh)
    fi
fi

if [ -n "${ZANE_ADMIN_USERNAME:-}" ] && [ -n "${ZANE_ADMIN_PASSWORD:-}" ]; then
    printf '%s\n' "$ZANE_ADMIN_PASSWORD" | "$ZANE" createsuperuser --username "$ZANE_ADMIN_USERNAME" \
        || echo "(superuser not created; it may exist already)"
fi

exec "$ZANE" serve "$@"
