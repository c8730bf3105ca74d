#!/usr/bin/env bash
# Git deploy speed: a push to HEALTHY on Zane, cold and with a warm build cache, beside the same clone,
# `docker build` and bare `docker service create` done by hand (bench/git_build_bench.py). Needs the local
# swarm and test image (scripts/start-docker.sh). SKIP_BUILD=1 reuses the release binary; RUNS=5 per case.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${SKIP_BUILD:-0} != 1 ]]; then (cd "$ROOT" && swift build -c release --product zane >&2); fi
python3 -c 'import requests' 2>/dev/null || { echo "python3-requests is required" >&2; exit 1; }
exec python3 "$ROOT/bench/git_build_bench.py" --zane "$ROOT/.build/release/zane" --runs "${RUNS:-5}"
