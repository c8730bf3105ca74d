#!/usr/bin/env bash
# Benchmarks the dashboard's busiest pages beside the API's cheapest signed-in read: the environment
# page of an environment holding SERVICES services (each with 20 env variables, 3 URLs and 2 volumes,
# pending), one service's page (its Deployments tab), and `GET /api/auth/me`. Requests carry the session
# and CSRF cookies a browser has. Both pages are cached until the next write; the report also gives the
# cost of a page right after a write (a cache miss), measured with single requests.
#
# Usage (from anywhere):  bench/dashboard-bench.sh
#
# Environment:
#   SKIP_BUILD=1        use the existing release binary instead of building
#   DURATION=10         seconds per wrk run
#   ROUNDS=3            rounds; the report shows medians
#   SERVICES=100        services in the environment
#   THREADS=2 CONNECTIONS=32   wrk -t / -c
#   ZANE_PORT=8092
#   IMAGE=...           image of the services; default: zane-test/busybox:latest when the local Docker
#                       engine has it (the server checks images against its engine), else ghcr.io/bench/app:1.0
#   KEEP_TMP=1          keep the temp dir (data dir, server log, raw wrk output)
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SKIP_BUILD=${SKIP_BUILD:-0}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
SERVICES=${SERVICES:-100}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ZANE_PORT=${ZANE_PORT:-8092}
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
COOKIE="Cookie: sessionid=$SESSION; csrftoken=$CSRF"

ENV_URL="$ZANE_URL/project/bench/production"
SERVICE_URL="$ZANE_URL/project/bench/production/services/svc-$(( (SERVICES + 1) / 2 ))"
ME_URL="$ZANE_URL/api/auth/me"

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
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

NAMES=(environment service me)
declare -A LABELS=([environment]="/project/bench/production" [service]="/project/bench/production/services/svc-N"
    [me]="/api/auth/me")
url_of() { case $1 in environment) echo "$ENV_URL" ;; service) echo "$SERVICE_URL" ;; me) echo "$ME_URL" ;; esac; }

RESULTS="$TMP/results.tsv"
: >"$RESULTS"
for name in "${NAMES[@]}"; do
    url=$(url_of "$name")
    status=$(curl -s -o "$TMP/$name.body" -w '%{http_code}' -H "$COOKIE" "$url")
    [[ $status == 200 ]] || die "$url answered $status"
    log "$url: $(wc -c <"$TMP/$name.body") bytes; warming up"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -H "$COOKIE" "$url" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
    for name in "${NAMES[@]}"; do
        out="$TMP/wrk-$name-$round.txt"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$COOKIE" "$(url_of "$name")" >"$out"
        printf '%s\t%s\n' "$name" "$(parse_wrk "$out")" >>"$RESULTS"
        log "round $round $name: $(parse_wrk "$out")"
    done
done

# A write (the same setting saved again) empties the cache; the next page renders from the database.
WRITE_URL="$ZANE_URL/api/projects/bench/production/service-details/svc-1"
cold() {
    local url=$1 times=()
    for _ in $(seq 1 20); do
        curl -fs -o /dev/null -X PATCH -H "$COOKIE" -H "X-CSRFToken: $CSRF" \
            -H "Content-Type: application/json" -d '{"auto_deploy_enabled": true}' "$WRITE_URL" || die "the write failed"
        times+=("$(curl -fs -o /dev/null -w '%{time_total}' -H "$COOKIE" "$url")")
    done
    printf '%s\n' "${times[@]}" | awk '{ print $1 * 1000 }' | median
}
rss_mb=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$ZANE_PID/status")
echo
echo "| page ($SERVICES services, $CONNECTIONS connections) | bytes | req/s | p50 ms | p99 ms | non-2xx | after a write, ms |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for name in "${NAMES[@]}"; do
    column() { awk -v n="$name" -v c="$1" -F'\t' '$1 == n { split($2, f, " "); print f[c] }' "$RESULTS" | median; }
    cold_ms="-"
    [[ $name != me ]] && cold_ms=$(printf '%.1f' "$(cold "$(url_of "$name")")")
    echo "| GET ${LABELS[$name]} | $(wc -c <"$TMP/$name.body") | $(column 1) | $(column 2) | $(column 3) | $(column 4) | $cold_ms |"
done
echo
echo "RSS after the runs: $rss_mb MB. Medians of $ROUNDS rounds of ${DURATION}s; wrk -t$THREADS -c$CONNECTIONS."
echo "After a write: median of 20 single requests (curl), each right after a write that empties the cache."
