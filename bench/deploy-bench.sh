#!/usr/bin/env bash
# Deploy speed: Zane's deploy-to-HEALTHY time beside a bare `docker service create` (bench/deploy_bench.py).
# Needs the local swarm and test image (scripts/start-docker.sh). SKIP_BUILD=1 reuses the release binary;
# RUNS=5 alternating runs per side.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${SKIP_BUILD:-0} != 1 ]]; then (cd "$ROOT" && swift build -c release --product zane >&2); fi
python3 -c 'import requests' 2>/dev/null || { echo "python3-requests is required" >&2; exit 1; }
exec python3 "$ROOT/bench/deploy_bench.py" --zane "$ROOT/.build/release/zane" --runs "${RUNS:-5}"
