#!/usr/bin/env bash
# Runs the whole test suite: unit tests, the database tests on SQLite and on a real PostgreSQL server,
# the tests against a real Docker engine, then an end-to-end check of a real `zane serve` with curl
# (scripts/smoke.sh). It starts PostgreSQL and the Docker engine itself, installing Debian's
# postgresql and docker.io when they are missing.
# Usage: scripts/test.sh [swift test arguments…]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null; then
    echo "Swift 6.2 or newer is required (https://swift.org/install); 'swift' is not on PATH." >&2
    exit 1
fi

eval "$(scripts/start-test-postgres.sh)"
export TEST_POSTGRES_URL
echo "PostgreSQL for tests: $TEST_POSTGRES_URL"
scripts/start-docker.sh
ZANE_TEST_PROXY_IMAGE=$(scripts/build-proxy-image.sh)
export ZANE_TEST_PROXY_IMAGE
# The Caddy admin client's tests run a Caddy process of their own (the release the proxy image is built from).
ZANE_TEST_CADDY_BINARY=$(scripts/fetch-current-caddy.sh)
export ZANE_TEST_CADDY_BINARY
export E2E_DOCKER=1

swift build --build-tests
swift test --skip-build "$@"

# Zane's OpenAPI document must stay a valid OpenAPI 3.1 document (a test checks it lists every route).
python3 -c "import openapi_spec_validator" 2>/dev/null || pip install -q openapi-spec-validator
python3 scripts/check-openapi.py

# Every operation of that document fuzzed by Schemathesis on a real server, signed in, on seeded objects:
# no server error, no answer the document does not describe.
python3 -c "import schemathesis, requests" 2>/dev/null || pip install -q schemathesis requests
python3 scripts/api-schema-check.py --zane .build/debug/zane

# The README's walk-through against a real server process.
scripts/smoke.sh .build/debug/zane

# The dashboard in a real headless Chromium (Debian's chromium, driven by Playwright).
if ! command -v chromium >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
python3 -c "import playwright" 2>/dev/null || pip install -q playwright
python3 scripts/dashboard-check.py --zane .build/debug/zane --screenshots "${ZANE_SCREENSHOTS:-$PWD/.build/dashboard-screenshots}"

# The `zane` command line on a real server and engine, on a terminal (under `script`) and on pipes.
python3 scripts/cli-check.py --zane .build/debug/zane

# Crash safety of the deployment pipeline: kill -9 the server at each step, restart, check the outcome.
python3 -c "import requests" 2>/dev/null || pip install -q requests
python3 scripts/crash-test.py --zane .build/debug/zane --trials 2

# Zero downtime through the proxy: load during a redeploy and a failed redeploy, no request lost.
python3 scripts/zero-downtime-check.py --zane .build/debug/zane

# Runtime logs across a crash: 100,000 lines, Zane killed while storing them, none lost or doubled.
python3 scripts/log-collection-check.py --zane .build/debug/zane

# Zane as users install it: a Swarm service (deploy/docker-stack.yml) that deploys a service.
python3 scripts/container-check.py --zane .build/debug/zane

# Engine faults: dockerd restarted during a deployment and while a replaced one drains, the proxy killed
# around the switch; every deployment ends, every route comes back, the next deploy is HEALTHY.
python3 scripts/engine-fault-check.py --zane .build/debug/zane
