#!/usr/bin/env python3
"""The `zane` command line against a real `zane serve` and the local Docker swarm, run twice: once on a
terminal (under `script`, which gives it a pseudo-terminal) and once with plain pipes, as in CI.

Each run: login (password on standard input) -> create project and service -> env import, set and unset, a URL
-> deploy --wait
to HEALTHY -> logs shows the imported variable -> logs --follow shows a line the container prints within
2 s -> a failing deploy exits 1 with the reason on standard error. The plain run also deploys a new image
with a DEPLOY token from ZANE_URL/ZANE_TOKEN, and checks that this token can read nothing else. The
terminal run must redraw its status line; the plain one must hold no escape sequence.

Usage: scripts/cli-check.py [--zane .build/debug/zane] [--port 18870]
"""

import argparse
import os
import select
import shlex
import stat
import subprocess
import sys
import tempfile
import time

from zane_testlib import PASSWORD, delete_project, remove_docker_service, start_server

PROXY_SERVICE = "zane-proxy-cli-check"
IMAGE = "zane-test/busybox:latest"
# Prints the imported GREETING, serves HTTP, then waits; PID 1 is the shell, whose stdout is the container log.
COMMAND = "sh -c 'echo greeting=$GREETING; httpd -p 80 -h /www; trap \"exit 0\" TERM; while true; do sleep 1; done'"
FAILING_COMMAND = "sh -c 'echo about to fail; exit 3'"


class Runner:
    """Runs `zane` client commands with their own config file, on a pseudo-terminal or on pipes."""

    def __init__(self, zane, home, tty, extra_env=None):
        self.zane, self.tty = zane, tty
        self.env = dict(os.environ, HOME=home, ZANE_CONFIG=os.path.join(home, "zane-config.json"), TERM="xterm",
                        **(extra_env or {}))
        for name in ("ZANE_URL", "ZANE_TOKEN", "NO_COLOR"):
            if not extra_env or name not in extra_env:
                self.env.pop(name, None)

    def command(self, args):
        if not self.tty:
            return [self.zane] + args
        return ["script", "-qefc", shlex.join([self.zane] + args), "/dev/null"]

    def run(self, args, stdin=None, timeout=180):
        result = subprocess.run(self.command(args), input=stdin, capture_output=True, text=True, env=self.env,
                                timeout=timeout)
        return result.returncode, result.stdout, result.stderr

    def ok(self, args, stdin=None, timeout=180):
        code, out, err = self.run(args, stdin, timeout)
        assert code == 0, f"zane {' '.join(args)} exited {code}:\n{out}\n{err}"
        return out

    def popen(self, args):
        return subprocess.Popen(self.command(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)


def container_of(project_id):
    out = subprocess.run(["docker", "ps", "-q", "--filter", f"name=srv-{project_id}-"], capture_output=True, text=True,
                         check=True).stdout.split()
    assert len(out) == 1, f"expected one running container for {project_id}, got {out}"
    return out[0]


def follow_latency(runner, service, project_id):
    """Starts `logs --follow`, has the container print a marker, and returns the seconds until it shows."""
    follower = runner.popen(["logs", service, "--follow"])
    try:
        buffered = b""
        deadline = time.time() + 20
        while b"greeting=" not in buffered and time.time() < deadline:  # the stream is open once history is out
            ready, _, _ = select.select([follower.stdout], [], [], 0.5)
            if ready:
                buffered += os.read(follower.stdout.fileno(), 65536)
        assert b"greeting=hello" in buffered, f"logs --follow printed no history first: {buffered[-500:]!r}"
        time.sleep(1)  # the stream has started polling
        marker = f"marker-{time.time_ns()}"
        printed_at = time.monotonic()
        subprocess.run(["docker", "exec", container_of(project_id), "sh", "-c", f"echo {marker} > /proc/1/fd/1"],
                       check=True, capture_output=True)
        seen = b""
        while marker.encode() not in seen and time.monotonic() - printed_at < 10:
            ready, _, _ = select.select([follower.stdout], [], [], 0.1)
            if ready:
                seen += os.read(follower.stdout.fileno(), 65536)
        assert marker.encode() in seen, f"logs --follow never showed the marker: {seen[-500:]!r}"
        return time.monotonic() - printed_at
    finally:
        follower.terminate()
        follower.wait(timeout=10)


def session_run(zane, base, admin, home, tty, project, results, projects):
    mode = "terminal" if tty else "plain"
    runner = Runner(zane, home, tty)
    out = runner.ok(["login", base, "--username", "admin", "--password-stdin"], stdin=PASSWORD + "\n")
    assert "Signed in to" in out, out
    config = os.path.join(home, "zane-config.json")
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600, "the token file is its owner's only"
    assert "Signed in to" in runner.ok(["status"])

    runner.ok(["create", "project", project])
    project_id = admin.call("GET", f"/api/projects/{project}")["id"]
    projects.append((project, project_id))
    service = f"{project}/production/web"
    runner.ok(["create", "service", service, "--image", IMAGE, "--command", COMMAND])
    env_file = os.path.join(home, f"{project}.env")
    with open(env_file, "w") as handle:
        handle.write("# imported by cli-check\nGREETING=hello\nexport OTHER='x y'\n")
    assert "Imported 2 variables" in runner.ok(["env", "import", service, env_file])
    runner.ok(["env", "set", service, "OTHER=z", "EXTRA=1"])
    runner.ok(["env", "unset", service, "EXTRA"])
    listed = runner.ok(["env", "list", service, "--json"])
    assert "EXTRA" not in listed and "OTHER" not in listed, f"pending variables are not applied yet: {listed}"
    assert "OTHER" in runner.ok(["env", "list", service]) and "EXTRA" not in runner.ok(["env", "list", service])
    runner.ok(["url", "add", service, f"{project}.zane.test/app", "--port", "80"])
    assert service.split("/")[2] in runner.ok(["services", f"{project}/production"])

    started = time.monotonic()
    out = runner.ok(["deploy", service, "--wait"])
    deploy_seconds = time.monotonic() - started
    assert f"{service} is HEALTHY" in out, out
    if tty:
        assert "\x1b[2K" in out and "✔ healthy" in out, f"a terminal gets a redrawn status line: {out[-400:]!r}"
        assert "Preparing deployment" in out, "the pipeline log streams above it"
    else:
        assert "\x1b" not in out, f"plain output holds no escape sequence: {out!r}"
        for status in ("QUEUED", "PREPARING", "STARTING", "HEALTHY"):
            assert f": {status}\n" in out, f"plain output names {status}: {out}"
        assert "Preparing deployment" in out

    assert "greeting=hello" in runner.ok(["logs", service]), "the imported variable reached the container"
    status = runner.ok(["status", service])
    assert f"{project}.zane.test/app" in status and "HEALTHY" in status and "Pending:  nothing" in status, status
    assert '"OTHER":"z"' in runner.ok(["env", "list", service, "--json"]).replace(" ", "")
    latency = follow_latency(runner, service, project_id)
    assert latency < 2, f"logs --follow showed the container's line after {latency:.2f} s"

    runner.ok(["create", "service", f"{project}/production/broken", "--image", IMAGE, "--command", FAILING_COMMAND])
    code, out, err = runner.run(["deploy", f"{project}/production/broken", "--wait"])
    text = out + err  # under `script` both streams arrive on the terminal
    assert code == 1, f"a failing deploy exits 1, not {code}: {text}"
    assert "error: deployment" in text and "FAILED" in text and "zane logs" in text, text
    if not tty:
        assert err.startswith("error: deployment") and err.count("\n") == 1, f"one error line on stderr: {err!r}"
    results.append(f"{mode}: deploy --wait {deploy_seconds:.1f} s, logs --follow latency {latency:.2f} s")


def deploy_token_run(zane, base, admin, home, project, results):
    created = admin.call("POST", "/api/auth/tokens",
                          {"name": "ci", "scope": "DEPLOY", "services": [f"{project}/production/web"]}, expect=201)
    runner = Runner(zane, home, tty=False, extra_env={"ZANE_URL": base, "ZANE_TOKEN": created["token"]})
    out = runner.ok(["deploy", f"{project}/production/web", "--image", IMAGE, "--wait"])
    assert "following the status only" in out and ": HEALTHY\n" in out, out
    code, _, err = runner.run(["env", "list", f"{project}/production/web"])
    assert code == 1 and "scope (DEPLOY)" in err, f"a deploy token reads no variables: {code} {err}"
    code, _, err = runner.run(["deploy", f"{project}/production/broken"])
    assert code == 1 and "may not deploy" in err, f"nor deploys another service: {err}"
    assert created["token"] not in out + err
    admin.call("DELETE", f"/api/auth/tokens/{created['id']}", expect=204)
    code, _, err = runner.run(["projects"])
    assert code == 1 and "refused the token" in err, f"a revoked token is refused: {err}"
    results.append("DEPLOY token: deploy --image --wait ok, env list and other services refused, revoked at once")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zane", default=".build/debug/zane")
    parser.add_argument("--port", type=int, default=18870)
    args = parser.parse_args()
    zane = os.path.abspath(args.zane)
    server, admin = start_server(zane, "zane-cli-check-", args.port, PROXY_SERVICE)
    admin.login()
    results, projects = [], []
    try:
        for tty, project in ((False, "cli-plain"), (True, "cli-tty")):
            home = tempfile.mkdtemp(prefix=f"zane-cli-{project}-")
            session_run(zane, server.base, admin, home, tty, project, results, projects)
        deploy_token_run(zane, server.base, admin, tempfile.mkdtemp(prefix="zane-cli-token-"), "cli-plain", results)
    except Exception:
        print(open(os.path.join(server.data_dir, "server.log")).read()[-3000:], file=sys.stderr)
        raise
    finally:
        for slug, project_id in projects:
            delete_project(admin, slug, project_id)
        server.stop()
        remove_docker_service(PROXY_SERVICE)
    for line in results:
        print(f"cli-check: {line}")
    print("cli-check: ok")


if __name__ == "__main__":
    main()
