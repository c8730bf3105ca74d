#!/usr/bin/env python3
"""Fuzzes a real `zane serve` with Schemathesis against Zane's own OpenAPI document (GET /api/schema).

Usage: scripts/api-schema-check.py [--zane .build/debug/zane] [--max-examples N] [--port P] [--seed S] [--keep]
Needs schemathesis 4.x (pip install schemathesis) and requests.

Starts a fresh server (temporary data directory, SQLite, no proxy, no container engine), signs in, seeds
objects (projects, environments, services, a deployment, shared variables, a pending change) and runs
Schemathesis over every operation of the document, signed in (session cookie, csrftoken cookie and
X-CSRFToken header), with the path parameters pinned to the seeded objects so the operations are exercised
on objects that exist:

  1. "seeded"   every operation but logout and change-password; path parameters pinned to seeded objects.
                Destructive operations (archive project, delete environment, delete shared variable,
                archive service) are pinned to sacrificial objects of their own, renaming operations
                (update project, rename environment, update service) to objects of their own that a
                hook renames back after each successful call; regenerate-deploy-token and
                cancel-service-change to a second service so the deploy token used by deploy-by-token
                stays valid.
  2. "unseeded" the same operations with generated path parameters (mostly unknown objects: 404s).
  3. "session"  change-password and logout last, since they end the session.

Checks: not_a_server_error, status_code_conformance, content_type_conformance,
response_headers_conformance, response_schema_conformance. Prints the number of requests and of
failures; exits 1 on any failure (or error), 2 when it cannot run.

The container engine is kept out of reach: with DOCKER_HOST unset Zane uses /var/run/docker.sock when it
exists, so the server runs in a private mount namespace (`unshare`) where an empty tmpfs hides the socket's
directory; nothing is ever sent to a real engine. Without an engine images are only syntax-checked and
deployments stay queued.

The document is the one the binary serves, read by SwiftPM's Bundle.module from zane_WebApp.resources next
to the binary, else from the absolute build directory: copy that directory along with a copied binary.
"""

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import requests

CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
]
# Run last (pass "session"): they end the session or change the credentials the other passes use.
SESSION_ENDING = ["logout", "changePassword"]
IMAGE = "zane-test/busybox:latest"
ENV_PREFIX = "ZANE_SCHEMA_CHECK_"

# ----------------------------------------------------------------------------------------------------------
# Schemathesis hooks: this file is also loaded by schemathesis (SCHEMATHESIS_HOOKS) under another module name.
# ----------------------------------------------------------------------------------------------------------
if __name__ != "__main__" and os.environ.get(ENV_PREFIX + "BASE"):
    import schemathesis

    _lock = threading.Lock()
    _base = os.environ[ENV_PREFIX + "BASE"]
    _log_path = os.environ[ENV_PREFIX + "REQUEST_LOG"]
    _restore = json.loads(os.environ.get(ENV_PREFIX + "RESTORE", "{}"))
    _cookies = {"sessionid": os.environ[ENV_PREFIX + "SESSION"], "csrftoken": os.environ[ENV_PREFIX + "CSRF"]}
    _restorer = requests.Session()
    _restorer.trust_env = False
    _restorer.cookies.update(_cookies)
    _restorer.headers["X-CSRFToken"] = _cookies["csrftoken"]

    def _operation_id(case):
        return case.operation.definition.raw.get("operationId", case.operation.label)

    def _record(case, status):
        with _lock, open(_log_path, "a") as log:
            log.write(f"{status} {case.method.upper()} {case.formatted_path} {_operation_id(case)}\n")

    @schemathesis.hook
    def before_call(context, case, kwargs):
        # The signed-in session and the CSRF cookie on every request; X-CSRFToken comes from the config headers.
        case.cookies = {**(case.cookies or {}), **_cookies}

    @schemathesis.hook
    def after_call(context, case, response):
        _record(case, response.status_code)
        # A renaming operation that succeeded on its dedicated object: rename the object back, so the next
        # calls (pinned to the original name) find it again.
        target = _restore.get(_operation_id(case))
        if target and 200 <= response.status_code < 300:
            try:
                current = response.json().get(target["field"])
            except Exception:  # noqa: BLE001
                current = None
            if isinstance(current, str) and current != target["name"]:
                try:
                    _restorer.request(target["method"], _base + target["path"].format(current),
                                      json={target["field"]: target["name"]}, timeout=10)
                except requests.RequestException:
                    pass

    # Zane refuses a request head over 80 KB by closing the connection (the HTTP parser's limit, as the
    # document says): a query that long tells nothing about an operation.
    @schemathesis.hook
    def filter_query(context, query):
        return not query or len(urllib.parse.urlencode(query, doseq=True)) < 60_000

    @schemathesis.hook
    def after_network_error(context, case, request):
        _record(case, "network-error")


# ----------------------------------------------------------------------------------------------------------
# The driver.
# ----------------------------------------------------------------------------------------------------------
def engine_isolation():
    """The command prefix that keeps `zane serve` away from any container engine, or None when not needed."""
    if not os.path.exists("/var/run/docker.sock"):  # DOCKER_HOST is never passed on to the server
        return []
    directory = os.path.dirname(os.path.realpath("/var/run/docker.sock"))
    prefix = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
              f'mount -t tmpfs zane-schema-check "{directory}" && exec "$0" "$@"']
    probe = subprocess.run(prefix + ["sh", "-c", "test ! -e /var/run/docker.sock"], capture_output=True)
    return prefix if probe.returncode == 0 else None


class Server:
    def __init__(self, zane, work, port):
        self.zane, self.port, self.base = zane, port, f"http://127.0.0.1:{port}"
        self.data_dir = os.path.join(work, "data")
        self.log_path = os.path.join(work, "server.log")
        self.process = None
        self.env = {k: v for k, v in os.environ.items() if k != "DOCKER_HOST" and not k.startswith("ZANE_")}
        self.env.update(ZANE_DATA_DIR=self.data_dir, LOG_LEVEL="warning", ZANE_PROXY="off",
                        ZANE_ANON_THROTTLE_RATE="100000/minute", ZANE_REGISTRATION_THROTTLE_RATE="100000/minute",
                        ZANE_LOGIN_FAILURE_RATE="100000/minute",
                        # Generated repository URLs must not send git to any host but this one.
                        ZANE_GIT_ALLOWED_HOSTS="127.0.0.1")
        self.prefix = engine_isolation()
        if self.prefix is None:
            raise SystemExit("api-schema-check: a container engine is reachable and `unshare --mount` is not "
                             "available to hide it; refusing to run against a real engine")

    def create_superuser(self, password):
        subprocess.run(self.prefix + [self.zane, "createsuperuser", "--username", "admin", "--password", password],
                       env=self.env, check=True, capture_output=True)

    def start(self):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(self.prefix + [self.zane, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, stdout=log, stderr=log)
        for _ in range(300):
            if self.process.poll() is not None:
                raise SystemExit(f"api-schema-check: zane exited with {self.process.returncode}:\n{self.tail()}")
            try:
                requests.get(f"{self.base}/api/ping", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise SystemExit(f"api-schema-check: zane did not start:\n{self.tail()}")

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as log:
                return "".join(log.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Client:
    def __init__(self, base):
        self.base, self.session = base, requests.Session()
        self.session.trust_env = False

    def login(self, password):
        r = self.session.post(f"{self.base}/api/auth/login", json={"username": "admin", "password": password})
        if r.status_code != 201:
            raise SystemExit(f"api-schema-check: login failed: {r.status_code} {r.text[:300]}")
        self.session.get(f"{self.base}/api/csrf")
        self.session.headers["X-CSRFToken"] = self.session.cookies.get("csrftoken")

    def call(self, method, path, body=None, expect=200):
        r = self.session.request(method, f"{self.base}{path}", json=body, timeout=30)
        if r.status_code != expect:
            raise SystemExit(f"api-schema-check: seeding failed: {method} {path}: {r.status_code} {r.text[:300]}")
        return r.json() if r.text else None


def seed(client):
    """Creates the objects the fuzzer works on; returns the values of the path parameters."""
    s = {"slug": "seed", "env": "production", "staging": "staging", "service": "web", "second_service": "api"}
    assert client.call("POST", "/api/projects", {"slug": "seed", "description": "Seeded by api-schema-check"}, 201)["slug"] == "seed"
    for slug in ("doomed-prj", "rename-prj"):
        assert client.call("POST", "/api/projects", {"slug": slug}, 201)["slug"] == slug
    for name in ("staging", "doomed-env", "rename-env"):
        client.call("POST", "/api/projects/seed/create-environment", {"name": name}, 201)
    env = "/api/projects/seed/production"
    s["variable"] = client.call("POST", f"{env}/variables", {"key": "SEEDED", "value": "yes"}, 201)["id"]
    s["doomed_variable"] = client.call("POST", f"{env}/variables", {"key": "DOOMED", "value": "bye"}, 201)["id"]
    client.call("POST", "/api/projects/seed/staging/variables", {"key": "STAGED", "value": "yes"}, 201)
    for slug in ("web", "api", "doomed-svc", "rename-svc"):
        client.call("POST", f"{env}/create-service/docker", {"slug": slug, "image": IMAGE}, 201)
    changes = [
        {"field": "env_variables", "type": "ADD", "new_value": {"key": "GREETING", "value": "hello"}},
        {"field": "ports", "type": "ADD", "new_value": {"host": 18999, "forwarded": 80}},
        {"field": "urls", "type": "ADD", "new_value": {"domain": "web.127-0-0-1.sslip.io", "base_path": "/", "associated_port": 80}},
        {"field": "volumes", "type": "ADD", "new_value": {"container_path": "/data", "mode": "READ_WRITE", "name": "data"}},
        {"field": "command", "type": "UPDATE", "new_value": "sleep 3600"},
    ]
    for change in changes:  # applied by the first deployment: the service then has ports, URLs, volumes…
        client.call("PUT", f"{env}/request-service-changes/web", change)
    deployment = client.call("PUT", f"{env}/deploy-service/docker/web", {"commit_message": "seed"})
    s["deployment"] = deployment["hash"]
    client.call("PUT", f"{env}/deploy-service/docker/web", {"commit_message": "second"})
    client.call("PUT", f"{env}/deploy-service/docker/api", {})
    client.call("PUT", f"{env}/request-service-changes/api",
                {"field": "env_variables", "type": "ADD", "new_value": {"key": "PENDING", "value": "1"}})
    api = client.call("GET", f"{env}/service-details/api")
    s["change"] = api["unapplied_changes"][0]["id"]
    s["deploy_token"] = client.call("GET", f"{env}/service-details/web")["deploy_token"]
    return s


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value))


def write_config(path, args, csrf, pinned, operations, report_dir, phases):
    lines = [
        f"workers = {args.workers}",
        "request-timeout = 20",
        f"headers = {toml_value({'X-CSRFToken': csrf})}",
        f"suppress-health-check = {toml_value(['all'])}",
        "[generation]",
        f"max-examples = {args.max_examples}",
        "with-security-parameters = false",
        "database = \"none\"",
        "[checks]",
        "enabled = false",
    ]
    if args.seed is not None:
        lines.insert(0, f"seed = {args.seed}")
    for check in CHECKS:
        lines += [f"[checks.{check}]", "enabled = true"]
    lines += ["[phases.examples]", f"enabled = {toml_value('examples' in phases)}",
              "[phases.coverage]", f"enabled = {toml_value('coverage' in phases)}",
              "[phases.fuzzing]", f"enabled = {toml_value('fuzzing' in phases)}",
              "[phases.stateful]", f"enabled = {toml_value('stateful' in phases)}"]
    if "stateful" in phases:
        lines += ["max-steps = 40"]
    lines += ["[reports.json]", "enabled = true", f"path = {json.dumps(os.path.join(report_dir, 'report.json'))}"]
    if pinned:
        lines += ["[parameters]"] + [f"{json.dumps(k)} = {toml_value(v)}" for k, v in pinned.get("*", {}).items()]
    for operation_id, parameters in (pinned or {}).items():
        if operation_id == "*" or operation_id not in operations:
            continue
        lines += ["[[operations]]", f"include-operation-id = {json.dumps(operation_id)}",
                  f"parameters = {toml_value(parameters)}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def pinned_parameters(s):
    every = {
        "path.slug": s["slug"], "path.env_slug": s["env"], "path.service_slug": s["service"],
        "path.id": s["variable"], "path.deployment_hash": s["deployment"], "path.deploy_token": s["deploy_token"],
        "path.change_id": s["change"],
    }
    return {
        "*": every,
        "archiveProject": {"path.slug": "doomed-prj"},
        "updateProject": {"path.slug": "rename-prj"},
        "getEnvironment": {"path.env_slug": s["staging"]},
        "cloneEnvironment": {"path.env_slug": s["staging"]},
        "renameEnvironment": {"path.env_slug": "rename-env"},
        "deleteEnvironment": {"path.env_slug": "doomed-env"},
        "deleteSharedVariable": {"path.id": s["doomed_variable"]},
        "archiveService": {"path.service_slug": "doomed-svc"},
        "updateService": {"path.service_slug": "rename-svc"},
        "regenerateDeployToken": {"path.service_slug": s["second_service"]},
        "cancelServiceChange": {"path.service_slug": s["second_service"]},
        # The stream stays open max_seconds (up to an hour): keep it short.
        "streamRuntimeLogs": {"query.max_seconds": 1},
        "streamBuildLogs": {"query.max_seconds": 1},
    }


def restore_targets():
    """How to rename the dedicated objects of the renaming operations back: `path` takes the new name."""
    return {
        "updateProject": {"method": "PUT", "path": "/api/projects/{}", "field": "slug", "name": "rename-prj"},
        "renameEnvironment": {"method": "PATCH", "path": "/api/projects/seed/environment-details/{}", "field": "name",
                              "name": "rename-env"},
        "updateService": {"method": "PATCH", "path": "/api/projects/seed/production/service-details/{}", "field": "slug",
                          "name": "rename-svc"},
    }


def run_pass(name, args, work, base, cookies, operations, pinned, phases, restore):
    directory = os.path.join(work, name)
    os.makedirs(directory)
    config = os.path.join(directory, "schemathesis.toml")
    write_config(config, args, cookies["csrftoken"], pinned, operations, directory, phases)
    request_log = os.path.join(directory, "requests.log")
    open(request_log, "w").close()
    env = dict(os.environ, SCHEMATHESIS_HOOKS=os.path.abspath(__file__), **{
        ENV_PREFIX + "BASE": base, ENV_PREFIX + "REQUEST_LOG": request_log, ENV_PREFIX + "SESSION": cookies["sessionid"],
        ENV_PREFIX + "CSRF": cookies["csrftoken"], ENV_PREFIX + "RESTORE": json.dumps(restore)})
    env.pop("NO_PROXY", None)
    env.update(NO_PROXY="127.0.0.1", HTTP_PROXY="", HTTPS_PROXY="", http_proxy="", https_proxy="")
    command = ["schemathesis", "--config-file", config, "run", f"{base}/api/schema", "--no-color"]
    for operation_id in operations:
        command += ["--include-operation-id", operation_id]
    print(f"\n=== pass {name}: {len(operations)} operations, phases {','.join(phases)}", flush=True)
    print("$ " + " ".join(command[:6]) + f" --include-operation-id … ({len(operations)})", flush=True)
    started = time.time()
    result = subprocess.run(command, env=env, cwd=directory)
    with open(request_log) as log:
        requests_made = sum(1 for _ in log)
    failures, errors = summarize_report(os.path.join(directory, "report.json"))
    print(f"=== pass {name}: exit {result.returncode}, {requests_made} requests, {failures} failures, {errors} errors, "
          f"{time.time() - started:.0f}s", flush=True)
    return result.returncode, requests_made, failures, errors


def summarize_report(path):
    """(distinct failures, errors) from Schemathesis' JSON report; prints the failure groups."""
    try:
        with open(path) as f:
            report = json.load(f)
    except (OSError, ValueError):
        print(f"api-schema-check: no JSON report at {path}")
        return 1, 1
    for group in report.get("failures", []):
        print(f"  failure: {group.get('title')} x{group.get('count')} in {', '.join(map(str, group.get('operations', [])))}")
    for group in report.get("errors", []):
        print(f"  error: {group.get('title')} x{group.get('count')}")
    failures = report.get("test_cases", {}).get("unique_failures") or sum(g.get("count", 1) for g in report.get("failures", []))
    return int(failures or 0), sum(int(g.get("count", 1)) for g in report.get("errors", []))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zane", default=".build/debug/zane", help="the zane binary")
    parser.add_argument("--port", type=int, default=18790)
    parser.add_argument("--max-examples", type=int, default=25, help="Schemathesis test cases per operation and phase")
    parser.add_argument("--unseeded-max-examples", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=None, help="Schemathesis random seed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (server log, reports)")
    args = parser.parse_args()
    if shutil.which("schemathesis") is None:
        print("api-schema-check: schemathesis is not installed (pip install schemathesis)", file=sys.stderr)
        return 2
    zane = os.path.abspath(args.zane)
    if not os.path.isdir(os.path.join(os.path.dirname(zane), "zane_WebApp.resources")):
        # SwiftPM's Bundle.module falls back to the absolute build directory: the document then served is
        # whatever the last build left there, not necessarily the one this binary was built with.
        print("api-schema-check: warning: no zane_WebApp.resources next to the binary; the served OpenAPI "
              "document comes from the build directory", file=sys.stderr)
    work = tempfile.mkdtemp(prefix="zane-schema-check-")
    password = "Schema-check-pass-1"
    server = Server(zane, work, args.port)
    started = time.time()
    try:
        server.create_superuser(password)
        server.start()
        client = Client(server.base)
        client.login(password)
        seeded = seed(client)
        print("api-schema-check: seeded " + json.dumps(seeded), flush=True)
        cookies = {"sessionid": client.session.cookies.get("sessionid"), "csrftoken": client.session.cookies.get("csrftoken")}
        raw = requests.get(f"{server.base}/api/schema", timeout=10).content
        document = json.loads(raw)
        print(f"api-schema-check: testing the served document, sha256 {hashlib.sha256(raw).hexdigest()[:16]}", flush=True)
        every = sorted(o["operationId"] for item in document["paths"].values() for m, o in item.items()
                       if m in ("get", "put", "post", "patch", "delete", "head", "options"))
        main_ops = [o for o in every if o not in SESSION_ENDING]
        totals = [0, 0, 0]
        worst = 0

        def account(outcome):
            nonlocal worst
            code, made, failures, errors = outcome
            totals[0] += made
            totals[1] += max(failures, 0)
            totals[2] += max(errors, 0)
            worst = max(worst, code)

        account(run_pass("seeded", args, work, server.base, cookies, main_ops, pinned_parameters(seeded),
                         ["examples", "coverage", "fuzzing", "stateful"], restore_targets()))
        unseeded_args = argparse.Namespace(**{**vars(args), "max_examples": args.unseeded_max_examples})
        account(run_pass("unseeded", unseeded_args, work, server.base, cookies, main_ops,
                         {"*": {}, "streamRuntimeLogs": {"query.max_seconds": 1}, "streamBuildLogs": {"query.max_seconds": 1}}, ["fuzzing"], {}))
        account(run_pass("session", unseeded_args, work, server.base, cookies, SESSION_ENDING,
                         pinned_parameters(seeded), ["examples", "coverage", "fuzzing"], {}))
        if not server.alive():
            print(f"api-schema-check: the server died:\n{server.tail()}")
            worst = max(worst, 1)
        crashes = [line for line in server.tail(100000).splitlines() if " critical " in line or "Fatal error" in line]
        for line in crashes[:20]:
            print(f"api-schema-check: server log: {line}")
        print(f"\napi-schema-check: {len(every)} operations, {totals[0]} requests, {totals[1]} failures, "
              f"{totals[2]} errors, {time.time() - started:.0f}s")
        return 1 if worst or totals[1] or totals[2] or crashes else 0
    finally:
        server.stop()
        if args.keep:
            print(f"api-schema-check: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
