#!/usr/bin/env bash
# End-to-end check of a real `zane serve` on a fresh SQLite data directory, with curl, following the
# README's walk-through: createsuperuser, login, me, csrf, create project (twice), refusals.
# Usage: scripts/smoke.sh [path to the zane binary, default .build/debug/zane]
set -euo pipefail
cd "$(dirname "$0")/.."

ZANE=${1:-.build/debug/zane}
PORT=${SMOKE_PORT:-18765}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
export ZANE_DATA_DIR=$WORK/data LOG_LEVEL=warning
# The walk-through deploys nothing: no proxy on the engine (the crash test and the e2e tests run theirs).
export ZANE_PROXY=off
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

passed=0
failed=0
check() { # description, expected, actual
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1: expected $2, got $3"; fi
}
status() { curl -s -o "$WORK/body" -w '%{http_code}' -D "$WORK/headers" "$@"; }

check "version" "0.1.0" "$("$ZANE" version)"
check "invalid configuration exits 1" 1 "$(LOG_LEVEL=loud "$ZANE" migrate >/dev/null 2>&1; echo $?)"
check "migrate on a fresh data dir" 0 "$("$ZANE" migrate >/dev/null 2>&1; echo $?)"
check "database file created" yes "$([ -s "$ZANE_DATA_DIR/zane.sqlite" ] && echo yes || echo no)"
printf 'Sandbox-pass-1\n' | "$ZANE" createsuperuser --username fred >/dev/null
start_server() {
    "$ZANE" serve --hostname 127.0.0.1 --port "$PORT" >>"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/api/ping" && return; sleep 0.1; done
    echo "zane did not start:"; cat "$WORK/server.log"; exit 1
}
start_server

JSON=(-H 'Content-Type: application/json')
check "login" 201 "$(status -c "$WORK/jar" -X POST "$BASE/api/auth/login" "${JSON[@]}" -d '{"username":"fred","password":"Sandbox-pass-1"}')"
cookie=$(grep -i '^set-cookie: sessionid=' "$WORK/headers" | tr -d '\r')
for attribute in HttpOnly 'Max-Age=1209600' 'Path=/' 'SameSite=Lax' 'expires='; do
    check "session cookie has $attribute" yes "$(case $cookie in *"$attribute"*) echo yes ;; *) echo no ;; esac)"
done
check "me" 200 "$(status -b "$WORK/jar" "$BASE/api/auth/me")"
check "csrf" 200 "$(status -b "$WORK/jar" -c "$WORK/jar" "$BASE/api/csrf")"
CSRF=$(awk '$6 == "csrftoken" {print $7}' "$WORK/jar")
create() { status -b "$WORK/jar" -X POST "$BASE/api/projects" "${JSON[@]}" "$@" -d '{"slug":"sandbox"}'; }
check "create project" 201 "$(create -H "X-CSRFToken: $CSRF")"
check "project id" yes "$(grep -q '"id":"prj_' "$WORK/body" && echo yes || echo no)"
check "same slug again" 201 "$(create -H "X-CSRFToken: $CSRF")"
check "second slug" yes "$(grep -q '"slug":"sandbox-2"' "$WORK/body" && echo yes || echo no)"
check "without X-CSRFToken" 403 "$(create)"
check "without a session" 401 "$(status -X POST "$BASE/api/projects" "${JSON[@]}" -d '{"slug":"sandbox"}')"
ENV_URL="$BASE/api/projects/sandbox/production"
send() { status -b "$WORK/jar" -H "X-CSRFToken: $CSRF" "${JSON[@]}" "$@"; }
check "create service" 201 "$(send -X POST "$ENV_URL/create-service/docker" -d '{"slug":"web","image":"zane-test/busybox:latest"}')"
check "request an env change" 200 "$(send -X PUT "$ENV_URL/request-service-changes/web" \
    -d '{"field":"env_variables","type":"ADD","new_value":{"key":"GREETING","value":"hello"}}')"
check "refuse a URL with a scheme" 400 "$(send -X PUT "$ENV_URL/request-service-changes/web" \
    -d '{"field":"urls","type":"ADD","new_value":{"domain":"https://web.example.com","associated_port":80}}')"
check "the error names the field" yes "$(grep -q '"attr":"new_value.domain"' "$WORK/body" && echo yes || echo no)"

kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
start_server
check "data and session survive a restart" 200 "$(status -b "$WORK/jar" "$BASE/api/projects/sandbox-2")"
check "service details after a restart" 200 "$(status -b "$WORK/jar" "$ENV_URL/service-details/web")"
check "pending changes kept" yes "$(grep -q '"new_value":{"key":"GREETING","value":"hello"}' "$WORK/body" && echo yes || echo no)"

# The README's walk-through as written, on a fresh instance of its own.
WALK_PORT=$((PORT + 1))
ZANE_DATA_DIR=$WORK/walkthrough "$ZANE" serve --hostname 127.0.0.1 --port "$WALK_PORT" >>"$WORK/walkthrough.log" 2>&1 &
WALK_PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$WALK_PORT/api/ping" && break; sleep 0.1; done
check "the README's walk-through" 0 "$(python3 scripts/readme-walkthrough.py --base "http://127.0.0.1:$WALK_PORT" \
    --image zane-test/busybox:latest >&2; echo $?)"
kill "$WALK_PID"; wait "$WALK_PID" 2>/dev/null || true

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
