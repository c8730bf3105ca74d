#!/usr/bin/env bash
# Zero downtime, measured on a release build: load through the proxy during a redeploy and a failed
# redeploy (scripts/zero-downtime-check.py). Needs the local swarm, the test image and the local proxy
# image (scripts/start-docker.sh, scripts/build-proxy-image.sh). SKIP_BUILD=1 reuses the release binary;
# RATE=250 requests per second.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${SKIP_BUILD:-0} != 1 ]]; then (cd "$ROOT" && swift build -c release --product zane >&2); fi
exec python3 "$ROOT/scripts/zero-downtime-check.py" --zane "$ROOT/.build/release/zane" --rate "${RATE:-250}"
