#!/usr/bin/env bash
# Runtime logs at scale (bench/log_bench.py): ingest rate with Zane's CPU and RSS, query latency over
# 1,000,000 stored lines, idle RSS with 50 followed services. Needs the local swarm and test image
# (scripts/start-docker.sh). SKIP_BUILD=1 reuses the release binary; MODES="ingest query idle" by default.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${SKIP_BUILD:-0} != 1 ]]; then (cd "$ROOT" && swift build -c release --product zane >&2); fi
python3 -c 'import requests' 2>/dev/null || { echo "python3-requests is required" >&2; exit 1; }
for mode in ${MODES:-ingest query idle}; do
    python3 "$ROOT/bench/log_bench.py" "$mode" --zane "$ROOT/.build/release/zane"
done
