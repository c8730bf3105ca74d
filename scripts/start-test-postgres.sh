#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for the test suite and prints the
# TEST_POSTGRES_URL to use. Installs Debian's postgresql when it is missing.
# Usage: eval "$(scripts/start-test-postgres.sh)"
set -euo pipefail

PORT=${TEST_POSTGRES_PORT:-55432}
DATA_DIR=${TEST_POSTGRES_DIR:-/tmp/zane-test-postgres}

log() { echo "$@" >&2; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

if ! BIN=$(pg_bin); then
    log "installing postgresql…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
    BIN=$(pg_bin)
fi

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    RUN_AS=(runuser -u postgres --)
fi

if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
    rm -rf "$DATA_DIR"
    mkdir -p "$DATA_DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DATA_DIR"
    "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA_DIR" -U zane --auth=trust >/dev/null
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w \
        -o "-h 127.0.0.1 -p $PORT -k $DATA_DIR -c fsync=off -c max_connections=200" start >&2
fi

"${RUN_AS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U zane -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'zane_test'" | grep -q 1 \
    || "${RUN_AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U zane zane_test

echo "export TEST_POSTGRES_URL=postgres://zane@127.0.0.1:$PORT/zane_test"
