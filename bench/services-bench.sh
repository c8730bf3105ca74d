#!/usr/bin/env bash
# Benchmarks the service reads of a full environment: `service-details` of one service and
# `service-list` of an environment holding SERVICES services, each with 20 env variables, 3 URLs
# and 2 volumes (requested through the API, so they are pending changes until deployments exist).
# Both reads are cached until the next write; the report also gives the cost of a read right after a
# write (a cache miss), measured with single requests.
#
# Usage (from anywhere):  bench/services-bench.sh
#
# Environment:
#   SKIP_BUILD=1        use the existing release binary instead of building
#   DURATION=10         seconds per wrk run
#   ROUNDS=3            rounds; the report shows medians
#   SERVICES=500        services in the environment
#   THREADS=2 CONNECTIONS=32   wrk -t / -c
#   ZANE_PORT=8091
#   IMAGE=...           image of the services; default: zane-test/busybox:latest when the local Docker
#                       engine has it (the server checks images against its engine), else ghcr.io/bench/app:1.0
#   KEEP_TMP=1          keep the temp dir (data dir, server log, raw wrk output)
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SKIP_BUILD=${SKIP_BUILD:-0}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
SERVICES=${SERVICES:-500}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ZANE_PORT=${ZANE_PORT:-8091}
KEEP_TMP=${KEEP_TMP:-0}
ZANE_BIN=$ROOT/.build/release/zane
ZANE_URL="http://127.0.0.1:$ZANE_PORT"
PASSWORD='Bench-pass-123'

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

TMP=$(mktemp -d)
ZANE_PID=""
cleanup() {
    [[ -z $ZANE_PID ]] || { kill "$ZANE_PID" 2>/dev/null || true; wait "$ZANE_PID" 2>/dev/null || true; }
    if [[ $KEEP_TMP == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

for tool in wrk python3 curl; do command -v "$tool" >/dev/null || die "$tool is required (apt-get install wrk python3-requests curl)"; done
python3 -c 'import requests' 2>/dev/null || die "python3-requests is required"

if [[ $SKIP_BUILD != 1 ]]; then
    log "building zane (release)"
    (cd "$ROOT" && swift build -c release --product zane >&2)
fi
[[ -x $ZANE_BIN ]] || die "no release binary at $ZANE_BIN"

# Replaces the current (sub)shell with zane, so that `(run_zane …) &` leaves the server's own pid in $!.
run_zane() {
    exec env ZANE_DATA_DIR="$TMP/data" ZANE_ANON_THROTTLE_RATE=100000/second LOG_LEVEL=warning "$ZANE_BIN" "$@"
}
(exec 3<>"/dev/tcp/127.0.0.1/$ZANE_PORT") 2>/dev/null && die "port $ZANE_PORT is already in use"
(run_zane createsuperuser --username admin --password "$PASSWORD") >"$TMP/createsuperuser.log" 2>&1 \
    || die "createsuperuser failed: $(cat "$TMP/createsuperuser.log")"
(run_zane serve --hostname 127.0.0.1 --port "$ZANE_PORT") >"$TMP/zane.log" 2>&1 &
ZANE_PID=$!
for _ in $(seq 1 100); do
    curl -fs "$ZANE_URL/api/ping" >/dev/null && break
    kill -0 "$ZANE_PID" 2>/dev/null || die "zane exited: $(tail -5 "$TMP/zane.log")"
    sleep 0.2
done

IMAGE=${IMAGE:-ghcr.io/bench/app:1.0}
if [[ $IMAGE == ghcr.io/bench/app:1.0 ]] && docker image inspect zane-test/busybox:latest >/dev/null 2>&1; then
    IMAGE=zane-test/busybox:latest
fi
log "seeding $SERVICES services ($IMAGE)"
seeded=$(python3 "$ROOT/bench/seed_services.py" --base-url "$ZANE_URL" --password "$PASSWORD" --count "$SERVICES" \
    --image "$IMAGE") \
    || die "seeding failed"
SESSION=$(sed -n 's/^sessionid=//p' <<<"$seeded")
CSRF=$(sed -n 's/^csrftoken=//p' <<<"$seeded")

DETAILS_URL="$ZANE_URL/api/projects/bench/production/service-details/svc-$(( (SERVICES + 1) / 2 ))"
LIST_URL="$ZANE_URL/api/projects/bench/production/service-list"

# Prints "req_per_s p50_ms p99_ms non2xx" from wrk --latency output.
parse_wrk() {
    awk '
        function ms(s,   n, u) { n = s + 0; u = s; sub(/^[0-9.]+/, "", u); return u == "us" ? n / 1000 : (u == "s" ? n * 1000 : n) }
        /^[ \t]*50%[ \t]/ { p50 = ms($2) }
        /^[ \t]*99%[ \t]/ { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        END { printf "%s %.2f %.2f %d\n", rps, p50, p99, non2xx }' "$1"
}

RESULTS="$TMP/results.tsv"
: >"$RESULTS"
for url in "$DETAILS_URL" "$LIST_URL"; do
    size=$(curl -s -H "Cookie: sessionid=$SESSION" "$url" | wc -c)
    log "$url: $size bytes; warming up"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -H "Cookie: sessionid=$SESSION" "$url" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
    for name in details list; do
        url=$DETAILS_URL; [[ $name == list ]] && url=$LIST_URL
        out="$TMP/wrk-$name-$round.txt"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: sessionid=$SESSION" "$url" >"$out"
        printf '%s\t%s\n' "$name" "$(parse_wrk "$out")" >>"$RESULTS"
        log "round $round $name: $(parse_wrk "$out")"
    done
done

# A write (the same setting saved again) empties the cache; the next read renders from the database.
WRITE_URL="$ZANE_URL/api/projects/bench/production/service-details/svc-1"
cold() {
    local url=$1 times=()
    for _ in $(seq 1 20); do
        curl -fs -o /dev/null -X PATCH -H "Cookie: sessionid=$SESSION; csrftoken=$CSRF" -H "X-CSRFToken: $CSRF" \
            -H "Content-Type: application/json" -d '{"auto_deploy_enabled": true}' "$WRITE_URL" || die "the write failed"
        times+=("$(curl -fs -o /dev/null -w '%{time_total}' -H "Cookie: sessionid=$SESSION" "$url")")
    done
    printf '%s\n' "${times[@]}" | awk '{ print $1 * 1000 }' | median
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
cold_details=$(cold "$DETAILS_URL")
cold_list=$(cold "$LIST_URL")
rss_mb=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$ZANE_PID/status")
echo
echo "| endpoint ($SERVICES services, $CONNECTIONS connections) | req/s | p50 ms | p99 ms | non-2xx | after a write, ms |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for name in details list; do
    column() { awk -v n="$name" -v c="$1" -F'\t' '$1 == n { split($2, f, " "); print f[c] }' "$RESULTS" | median; }
    label="GET service-details/svc-N"; cold_ms=$cold_details
    [[ $name == list ]] && { label="GET service-list"; cold_ms=$cold_list; }
    echo "| $label | $(column 1) | $(column 2) | $(column 3) | $(column 4) | $(printf '%.1f' "$cold_ms") |"
done
echo
echo "RSS after the runs: $rss_mb MB. Medians of $ROUNDS rounds of ${DURATION}s; wrk -t$THREADS -c$CONNECTIONS."
echo "After a write: median of 20 single requests (curl), each right after a write that empties the cache."
