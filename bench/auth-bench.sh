#!/usr/bin/env bash
# Benchmarks Zane's session-authenticated read endpoints against the hb-anchor baseline
# (Hummingbird 2 + raw SQLite, the practical ceiling for a `/me`), both measured in the same run.
#
# Usage (from anywhere):  bench/auth-bench.sh
#
# Environment:
#   SKIP_BUILD=1        use the existing release binaries instead of building
#   DURATION=10         seconds per wrk run
#   ROUNDS=3            interleaved rounds; the report shows medians
#   WARMUP=2            seconds of unrecorded load per endpoint before round 1 (0 = none)
#   IDLE_WAIT=5         seconds of quiet before reading idle RSS
#   PROJECTS=1000       projects created in Zane before measuring
#   THREADS=2 CONNECTIONS=32   wrk -t / -c
#   ZANE_PORT=8090 HB_PORT=8082
#   HB_ANCHOR_DIR=../shared/bench/baselines/hb-anchor   (relative to the repo root)
#   KEEP_TMP=1          keep the temp dir (data dirs, server logs, raw wrk output)
#   ZANE_BIN, HB_BIN    binaries to run (default: the release build products below)
set -euo pipefail
export LC_ALL=C

# Captured before defaults are filled in, so the report shows exactly how this run was invoked.
INVOCATION=""
for _v in SKIP_BUILD DURATION ROUNDS WARMUP IDLE_WAIT PROJECTS THREADS CONNECTIONS \
          ZANE_PORT HB_PORT HB_ANCHOR_DIR KEEP_TMP ZANE_BIN HB_BIN; do
    if [[ -n ${!_v+x} ]]; then INVOCATION+="$_v=$(printf '%q' "${!_v}") "; fi
done
INVOCATION+="bench/auth-bench.sh"
unset _v

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR="$ROOT/bench"

SKIP_BUILD=${SKIP_BUILD:-0}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2}
IDLE_WAIT=${IDLE_WAIT:-5}
PROJECTS=${PROJECTS:-1000}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ZANE_PORT=${ZANE_PORT:-8090}
HB_PORT=${HB_PORT:-8082}
HB_ANCHOR_DIR=${HB_ANCHOR_DIR:-../shared/bench/baselines/hb-anchor}
KEEP_TMP=${KEEP_TMP:-0}
START_TIMEOUT=${START_TIMEOUT:-60}

ADMIN_USER='admin'
ADMIN_PASSWORD='Bench-pass-123'
HB_SESSION=benchsession0000000000000000000

HB_WORK="$BENCH_DIR/.work/hb-anchor"
ZANE_BIN=${ZANE_BIN:-$ROOT/.build/release/zane}
HB_BIN=${HB_BIN:-$HB_WORK/.build/release/HBAnchor}
ZANE_URL="http://127.0.0.1:$ZANE_PORT"
HB_URL="http://127.0.0.1:$HB_PORT"

# Measurement order within a round; each round starts one position later (see run_round).
TARGETS=(hb-me zane-me zane-projects hb-ping zane-ping zane-projects-bearer)

TMP=""
ZANE_PID=""
HB_PID=""
SAMPLER_PID=""
ZANE_SESSION=""
ZANE_TOKEN=""
PROJECTS_LISTED=""

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

# --- process handling -------------------------------------------------------------------------

stop_process() {
    local pid=$1 i
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    stop_process "$SAMPLER_PID"
    stop_process "$ZANE_PID"
    stop_process "$HB_PID"
    if [[ -n $TMP && -d $TMP ]]; then
        if ((rc != 0)); then
            local f
            for f in "$TMP"/*.log; do
                [[ -s $f ]] || continue
                printf -- '--- last lines of %s ---\n' "$(basename "$f")" >&2
                tail -n 20 "$f" >&2
            done
        fi
        if [[ $KEEP_TMP == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
    fi
    exit "$rc"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# HTTP status of a GET, optionally with the session cookie or an API token.
http_status() {
    local url=$1 session=${2:-} bearer=${3:-}
    local -a args=(-sS --noproxy '*' -o /dev/null -w '%{http_code}' --max-time 5)
    [[ -z $session ]] || args+=(-H "Cookie: sessionid=$session")
    [[ -z $bearer ]] || args+=(-H "Authorization: Bearer $bearer")
    curl "${args[@]}" "$url" 2>/dev/null || true
}

wait_ready() {
    local name=$1 pid=$2 url=$3 deadline=$((SECONDS + START_TIMEOUT))
    until [[ $(http_status "$url") == 200 ]]; do
        kill -0 "$pid" 2>/dev/null || die "$name exited during startup"
        ((SECONDS < deadline)) || die "$name not answering 200 on $url after ${START_TIMEOUT}s"
        sleep 0.2
    done
}

rss_kb() { awk '/^VmRSS:/ { print $2; found = 1 } END { exit !found }' "/proc/$1/status" 2>/dev/null; }

# utime + stime of the whole process, in clock ticks (fields 14 and 15 of /proc/PID/stat,
# counted after the parenthesised command name, which may itself contain spaces).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# Runs until killed; keeps the highest VmRSS seen in OUTFILE.
sample_peak_rss() {
    local pid=$1 out=$2 peak=0 v
    while v=$(rss_kb "$pid"); do
        if ((v > peak)); then peak=$v; fi
        echo "$peak" >"$out"
        sleep 0.5
    done
}

# --- setup --------------------------------------------------------------------------------------

ensure_tools() {
    command -v curl >/dev/null || die "curl is required"
    command -v python3 >/dev/null || die "python3 is required"
    python3 -c 'import requests' 2>/dev/null || die "python3 module 'requests' is required"
    command -v wrk >/dev/null && return 0
    log "installing wrk"
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y wrk
    command -v wrk >/dev/null || die "wrk installation failed"
}

build_zane() {
    log "building zane (release)"
    (cd "$ROOT" && swift build -c release --product zane)
}

# The baseline folder is read-only, so it is built from a copy (kept between runs for
# incremental builds; only its .build survives the refresh).
build_baseline() {
    local src
    src=$(cd "$ROOT" && cd "$HB_ANCHOR_DIR" 2>/dev/null && pwd) \
        || die "baseline not found: $HB_ANCHOR_DIR (relative to $ROOT)"
    log "copying $src -> ${HB_WORK#"$ROOT"/}"
    mkdir -p "$HB_WORK"
    find "$HB_WORK" -mindepth 1 -maxdepth 1 ! -name .build -exec rm -rf {} +
    tar -C "$src" --exclude=./.build -cf - . | tar -C "$HB_WORK" -xf -
    chmod u+w "$HB_WORK"
    find "$HB_WORK" -mindepth 1 -maxdepth 1 ! -name .build -exec chmod -R u+w {} +
    log "building hb-anchor (release)"
    (cd "$HB_WORK" && swift build -c release)
}

start_baseline() {
    port_in_use "$HB_PORT" && die "port $HB_PORT is already in use"
    log "starting hb-anchor on $HB_URL"
    DB_PATH="$TMP/hb.sqlite" PORT="$HB_PORT" "$HB_BIN" >"$TMP/hb.log" 2>&1 &
    HB_PID=$!
    wait_ready hb-anchor "$HB_PID" "$HB_URL/ping"
}

# Replaces the current (sub)shell with the zane binary, run from the repo root with the
# benchmark environment; used as `(exec_zane ...) &` so that $! is the server's own pid.
exec_zane() {
    cd "$ROOT"
    exec env ZANE_DATA_DIR="$TMP/zane-data" ZANE_ANON_THROTTLE_RATE=100000/second LOG_LEVEL=warning \
        "$ZANE_BIN" "$@"
}

start_zane() {
    port_in_use "$ZANE_PORT" && die "port $ZANE_PORT is already in use"
    mkdir -p "$TMP/zane-data"
    log "creating superuser"
    (exec_zane createsuperuser --username "$ADMIN_USER" --password "$ADMIN_PASSWORD") \
        >"$TMP/createsuperuser.log" 2>&1 || die "zane createsuperuser failed: $(cat "$TMP/createsuperuser.log")"
    log "starting zane on $ZANE_URL"
    (exec_zane serve --hostname 127.0.0.1 --port "$ZANE_PORT") >"$TMP/zane.log" 2>&1 &
    ZANE_PID=$!
    wait_ready zane "$ZANE_PID" "$ZANE_URL/api/ping"
}

seed_zane() {
    log "logging in and creating $PROJECTS projects"
    local out line
    out=$(python3 "$BENCH_DIR/seed_projects.py" --base-url "$ZANE_URL" --username "$ADMIN_USER" \
        --password "$ADMIN_PASSWORD" --count "$PROJECTS") || die "seeding zane failed"
    while IFS= read -r line; do
        case $line in
            sessionid=*) ZANE_SESSION=${line#sessionid=} ;;
            token=*) ZANE_TOKEN=${line#token=} ;;
            listed=*) PROJECTS_LISTED=${line#listed=} ;;
        esac
    done <<<"$out"
    [[ -n $ZANE_SESSION ]] || die "seeding did not return a session id"
    [[ -n $ZANE_TOKEN ]] || die "seeding did not return an API token"
    if [[ $PROJECTS_LISTED != "$PROJECTS" ]]; then
        log "warning: GET /api/projects/ returned $PROJECTS_LISTED projects, not $PROJECTS"
    fi
}

# --- measurement --------------------------------------------------------------------------------

# Sets T_SERVER T_ENDPOINT T_URL T_SESSION T_BEARER T_PID for a target key.
target() {
    T_BEARER=""
    case $1 in
        hb-ping) T_SERVER=hb-anchor T_ENDPOINT=/ping T_URL=$HB_URL/ping T_SESSION="" T_PID=$HB_PID ;;
        hb-me) T_SERVER=hb-anchor T_ENDPOINT=/me T_URL=$HB_URL/me T_SESSION=$HB_SESSION T_PID=$HB_PID ;;
        zane-ping) T_SERVER=zane T_ENDPOINT=/api/ping T_URL=$ZANE_URL/api/ping T_SESSION="" T_PID=$ZANE_PID ;;
        zane-me) T_SERVER=zane T_ENDPOINT=/api/auth/me T_URL=$ZANE_URL/api/auth/me T_SESSION=$ZANE_SESSION T_PID=$ZANE_PID ;;
        zane-projects) T_SERVER=zane T_ENDPOINT=/api/projects/ T_URL=$ZANE_URL/api/projects/ T_SESSION=$ZANE_SESSION T_PID=$ZANE_PID ;;
        zane-projects-bearer) T_SERVER=zane T_ENDPOINT="/api/projects/ (Bearer)" T_URL=$ZANE_URL/api/projects/ T_SESSION="" T_BEARER=$ZANE_TOKEN T_PID=$ZANE_PID ;;
        *) die "unknown target $1" ;;
    esac
}

wrk_cmd() {  # DURATION_SECONDS -> fills WRK_CMD for the current target
    WRK_CMD=(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --latency)
    [[ -z $T_SESSION ]] || WRK_CMD+=(-H "Cookie: sessionid=$T_SESSION")
    [[ -z $T_BEARER ]] || WRK_CMD+=(-H "Authorization: Bearer $T_BEARER")
    WRK_CMD+=("$T_URL")
}

# Prints "req_per_s p50_ms p99_ms requests non2xx socket_errors" from wrk --latency output.
parse_wrk() {
    awk '
        function to_ms(s,   n, unit) {
            n = s + 0; unit = s; sub(/^[0-9.]+/, "", unit)
            if (unit == "us") return n / 1000
            if (unit == "ms") return n
            if (unit == "s")  return n * 1000
            if (unit == "m")  return n * 60000
            if (unit == "h")  return n * 3600000
            bad = 1; return 0
        }
        /^[ \t]*50%[ \t]/        { p50 = to_ms($2) }
        /^[ \t]*99%[ \t]/        { p99 = to_ms($2) }
        / requests in /          { reqs = $1 }
        /^Requests\/sec:/        { rps = $2 }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ {
            for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { sub(/,/, "", $i); sockerr += $i }
        }
        END {
            if (bad || rps == "" || p50 == "" || p99 == "" || reqs == "") exit 1
            printf "%s %.3f %.3f %d %d %d\n", rps, p50, p99, reqs, non2xx, sockerr
        }' "$1"
}

# One recorded wrk run of a target; appends a row to $RUNS.
measure() {
    local key=$1 round=$2 out peakf parsed ticks0 ticks1 cpu_ms
    local rps p50 p99 reqs non2xx sockerr peak
    target "$key"
    wrk_cmd "$DURATION"
    out="$TMP/wrk-$key-r$round.txt"
    peakf="$TMP/peak-$key-r$round"
    echo 0 >"$peakf"

    sample_peak_rss "$T_PID" "$peakf" &
    SAMPLER_PID=$!
    ticks0=$(cpu_ticks "$T_PID")
    "${WRK_CMD[@]}" >"$out" 2>&1 || die "wrk failed on $T_URL: $(cat "$out")"
    ticks1=$(cpu_ticks "$T_PID") || die "$T_SERVER died under load on $T_ENDPOINT"
    stop_process "$SAMPLER_PID"
    SAMPLER_PID=""

    parsed=$(parse_wrk "$out") || die "could not parse wrk output ($out):"$'\n'"$(cat "$out")"
    read -r rps p50 p99 reqs non2xx sockerr <<<"$parsed"
    peak=$(cat "$peakf")
    cpu_ms=$(awk -v d=$((ticks1 - ticks0)) -v hz="$CLK_TCK" -v n="$reqs" \
        'BEGIN { printf "%.4f", (n > 0 ? d * 1000 / hz / n : 0) }')

    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$round" "$T_SERVER" "$T_ENDPOINT" "$rps" "$p50" "$p99" "$reqs" "$non2xx" "$sockerr" "$peak" \
        "$cpu_ms" >>"$RUNS"
    local note=""
    ((non2xx + sockerr == 0)) || note="  !! $non2xx non-2xx, $sockerr socket errors"
    printf '    %-10s %-15s %10.0f req/s  p50 %7.2f ms  p99 %7.2f ms%s\n' \
        "$T_SERVER" "$T_ENDPOINT" "$rps" "$p50" "$p99" "$note" >&2
}

precheck() {
    local key code
    for key in "${TARGETS[@]}"; do
        target "$key"
        code=$(http_status "$T_URL" "$T_SESSION" "$T_BEARER")
        [[ $code == 200 ]] || die "$T_SERVER GET $T_ENDPOINT answered ${code:-nothing}, expected 200"
    done
}

warmup() {
    ((WARMUP > 0)) || return 0
    log "warm-up: ${WARMUP}s per endpoint"
    local key
    for key in "${TARGETS[@]}"; do
        target "$key"
        wrk_cmd "$WARMUP"
        "${WRK_CMD[@]}" >/dev/null 2>&1 || die "wrk warm-up failed on $T_URL"
    done
}

run_round() {
    local round=$1 n=${#TARGETS[@]} i
    log "round $round/$ROUNDS"
    for ((i = 0; i < n; i++)); do
        measure "${TARGETS[(i + round - 1) % n]}" "$round"
    done
}

# --- report -------------------------------------------------------------------------------------

median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) exit 1
        m = int((NR + 1) / 2)
        if (NR % 2) print v[m]; else print (v[m] + v[m + 1]) / 2 }'
}

# Values of one column (1-based, see measure) for a server/endpoint.
column() { awk -F'\t' -v s="$1" -v e="$2" -v c="$3" '$2 == s && $3 == e { print $c }' "$RUNS"; }

# Quotes arguments for display only where needed ('Cookie: sessionid=...', 'Authorization: Bearer ...').
shell_join() {
    local a out=()
    for a in "$@"; do
        if [[ $a =~ ^[A-Za-z0-9_./:=@%+-]+$ ]]; then out+=("$a"); else out+=("'${a//\'/\'\\\'\'}'"); fi
    done
    printf '%s' "${out[*]}"
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'; }

FLAGGED=0

# shellcheck disable=SC2016  # backticks below are markdown, not command substitution
report_row() {
    local key=$1 rps p50 p99 cpu peak non2xx sockerr idle vs="" errors
    target "$key"
    rps=$(column "$T_SERVER" "$T_ENDPOINT" 4 | median)
    p50=$(column "$T_SERVER" "$T_ENDPOINT" 5 | median)
    p99=$(column "$T_SERVER" "$T_ENDPOINT" 6 | median)
    cpu=$(column "$T_SERVER" "$T_ENDPOINT" 11 | median)
    peak=$(column "$T_SERVER" "$T_ENDPOINT" 10 | sort -g | tail -n 1)
    non2xx=$(column "$T_SERVER" "$T_ENDPOINT" 8 | awk '{ s += $1 } END { print s + 0 }')
    sockerr=$(column "$T_SERVER" "$T_ENDPOINT" 9 | awk '{ s += $1 } END { print s + 0 }')
    if [[ $T_SERVER == zane ]]; then idle=$ZANE_IDLE_KB; else idle=$HB_IDLE_KB; fi

    case $key in
        zane-me) vs=$(ratio "$rps" "$(column hb-anchor /me 4 | median)") ;;
        zane-ping) vs=$(ratio "$rps" "$(column hb-anchor /ping 4 | median)") ;;
        zane-projects-bearer) vs="$(ratio "$rps" "$(column zane /api/projects/ 4 | median)") of cookie" ;;
    esac

    errors=0
    if ((non2xx + sockerr > 0)); then
        errors="⚠️ $non2xx non-2xx, $sockerr socket"
        FLAGGED=1
    fi
    printf '| %s | `%s` | %.0f | %.2f ms | %.2f ms | %s | %.3f ms | %s | %s | %s |\n' \
        "$T_SERVER" "$T_ENDPOINT" "$rps" "$p50" "$p99" "${vs:-—}" "$cpu" "$(mb "$idle")" "$(mb "$peak")" "$errors"
}

# shellcheck disable=SC2016  # backticks below are markdown, not command substitution
write_report() {
    local file=$1 commit key
    commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")
    [[ -z $(git -C "$ROOT" status --porcelain 2>/dev/null) ]] || commit+=" (uncommitted changes)"
    {
        printf '# Auth benchmark, %s\n\n' "$(date '+%Y-%m-%d %H:%M:%S %Z')"
        printf -- '- Zane: %s; baseline: hb-anchor (Hummingbird 2 + sqlite-nio, raw SQL)\n' "$commit"
        printf -- '- Load: `wrk -t%s -c%s -d%ss --latency`, %s interleaved rounds after a %ss warm-up; ' \
            "$THREADS" "$CONNECTIONS" "$DURATION" "$ROUNDS" "$WARMUP"
        printf 'req/s, p50, p99 and CPU/req are medians, peak RSS is the max over rounds\n'
        printf -- '- Zane seeded with %s projects; `GET /api/projects/` returned %s\n' "$PROJECTS" "$PROJECTS_LISTED"
        printf -- '- CPU cores: %s\n\n' "$(nproc)"
        printf '| server | endpoint | req/s | p50 | p99 | vs baseline | CPU/req | RSS idle | RSS peak (load) | errors |\n'
        printf '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n'
        for key in hb-ping hb-me zane-ping zane-me zane-projects zane-projects-bearer; do report_row "$key"; done
        printf '\n"vs baseline" is Zane req/s divided by hb-anchor req/s for the equivalent request '
        printf '(`/api/auth/me` vs `/me`, `/api/ping` vs `/ping`), and for the Bearer row the same list '
        printf 'authenticated by an API token instead of the session cookie. CPU/req is server CPU time per request.\n\n'
        printf 'Command (from the repo root):\n\n    %s\n\n' "$INVOCATION"
        printf 'Servers:\n\n'
        printf '    DB_PATH=<tmp>/hb.sqlite PORT=%s %s\n' "$HB_PORT" "${HB_BIN#"$ROOT"/}"
        printf '    ZANE_DATA_DIR=<tmp> ZANE_ANON_THROTTLE_RATE=100000/second LOG_LEVEL=warning %s serve --hostname 127.0.0.1 --port %s\n\n' \
            "${ZANE_BIN#"$ROOT"/}" "$ZANE_PORT"
        printf 'wrk runs:\n\n'
        for key in "${TARGETS[@]}"; do
            target "$key"
            wrk_cmd "$DURATION"
            printf '    %s\n' "$(shell_join "${WRK_CMD[@]}")"
        done
    } >"$file"
}

# --- main ---------------------------------------------------------------------------------------

main() {
    case ${1:-} in
        "") ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    ensure_tools
    CLK_TCK=$(getconf CLK_TCK)

    if [[ $SKIP_BUILD == 1 ]]; then
        log "SKIP_BUILD=1: using existing binaries"
    else
        build_zane
        build_baseline
    fi
    [[ -x $ZANE_BIN ]] || die "missing $ZANE_BIN (build it or unset SKIP_BUILD)"
    [[ -x $HB_BIN ]] || die "missing $HB_BIN (build it or unset SKIP_BUILD)"

    TMP=$(mktemp -d "${TMPDIR:-/tmp}/zane-auth-bench.XXXXXX")
    RUNS="$TMP/runs.tsv"
    : >"$RUNS"

    start_baseline
    start_zane
    seed_zane

    log "quiet for ${IDLE_WAIT}s before reading idle RSS"
    sleep "$IDLE_WAIT"
    ZANE_IDLE_KB=$(rss_kb "$ZANE_PID") || die "cannot read zane RSS"
    HB_IDLE_KB=$(rss_kb "$HB_PID") || die "cannot read hb-anchor RSS"

    precheck
    warmup
    local round
    for ((round = 1; round <= ROUNDS; round++)); do run_round "$round"; done

    mkdir -p "$BENCH_DIR/results"
    local file
    file="$BENCH_DIR/results/auth-$(date '+%Y-%m-%d-%H%M%S').md"
    write_report "$file"
    printf '\n' >&2
    cat "$file"
    printf '\nwritten to %s\n' "${file#"$ROOT"/}"

    if ((FLAGGED)); then
        die "some runs had non-2xx responses or socket errors (see the errors column)"
    fi
}

# Sourcing the file (e.g. to test parse_wrk) defines the functions without running anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
