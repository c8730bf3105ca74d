#!/usr/bin/env python3
"""A push to HEALTHY for a small Dockerfile app, beside the floor: the same work done by hand.

The repository (served by `git daemon` on loopback) holds a Dockerfile of three steps on the busybox test
image: a RUN that prints a marker, then COPY of the page that every push changes, then the command. Each run
pushes a commit, then:

- the floor: `git clone --depth 1` of the branch, `docker build` (the engine's classic builder, as Zane uses
  it), and a bare `docker service create` of the image, timed until its page answers with the new content;
- Zane: timed from the push webhook (signed as GitHub signs it) until the deployment reads HEALTHY (its
  COMMAND health check fetches the page, so HEALTHY also means "answers"). Zane replaces the previous
  deployment, which drains for 2 s and then goes; each push comes once it has gone, as pushes minutes
  apart do (a push during a drain waits for the old deployment to go before its own Swarm service).

Cold runs build without the cache on both sides (`--no-cache`; Zane's deploy token with
`ignore_build_cache`). Warm runs use it, and check in Zane's build log that the RUN step before the changed
COPY came from the cache. Runs alternate between the two sides; the report gives medians.

Usage: bench/git_build_bench.py --zane .build/release/zane [--runs 5] [--port 18900]
"""

import argparse
import hashlib
import hmac
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from git_testserver import GitServer  # noqa: E402

PASSWORD = "Bench-pass-123"
ENV = "/api/projects/bench/production"
PROXY_SERVICE = "zane-proxy-git-bench"
MARKER = "zane-bench-step-one"
DOCKERFILE = (f"FROM zane-test/busybox:latest\nRUN echo {MARKER} > /step\nCOPY index.html /www/index.html\n"
              "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\"]\n")
HEALTHCHECK = {"type": "COMMAND", "value": "wget -q -O /dev/null http://127.0.0.1:80/"}


def docker(*args, env=None):
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=True, env=env).stdout


def wait_for(predicate, timeout=300, step=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise RuntimeError("timed out")


def page(port):
    try:
        answer = requests.get(f"http://127.0.0.1:{port}/", timeout=0.5)
        return answer.text if answer.status_code == 200 else None
    except requests.RequestException:
        return None


def floor_run(git, number, port, cold, content):
    name, tag = f"zane-git-bench-floor-{number}", f"zane-git-bench-floor:{number}"
    work = tempfile.mkdtemp(prefix="zane-git-bench-")
    started = time.monotonic()
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "main", git.url("app"), work], check=True)
    build = ["build", "-q", "-t", tag] + (["--no-cache"] if cold else []) + [work]
    docker(*build, env=dict(os.environ, DOCKER_BUILDKIT="0"))
    docker("service", "create", "--detach", "--name", name, "--endpoint-mode", "dnsrr", "--stop-grace-period", "1s",
           "--publish", f"mode=host,target=80,published={port}", tag)
    wait_for(lambda: page(port) == content)
    elapsed = time.monotonic() - started
    docker("service", "rm", name)
    wait_for(lambda: not docker("ps", "-aq", "--filter", f"name={name}").strip(), step=0.2)
    docker("rmi", tag)
    shutil.rmtree(work)
    return elapsed


def push_delivery(url, sha, message):
    return json.dumps({"ref": "refs/heads/main", "after": sha, "deleted": False, "repository": {"clone_url": url},
                       "head_commit": {"id": sha, "message": message, "author": {"name": "Bench"}},
                       "commits": [{"id": sha, "modified": ["index.html"]}]})


def zane_run(session, base, git, sha, secret, token, cold):
    started = time.monotonic()
    if cold:
        r = session.put(f"{base}/api/deploy-service/git/{token}", json={"ignore_build_cache": True, "commit_sha": sha})
        assert r.status_code == 202, r.text
        hash_ = wait_hash(session, base, sha)
    else:
        body = push_delivery(git.url("app"), sha, "bench push")
        signature = "sha256=" + hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
        r = requests.post(f"{base}/api/connectors/github/webhook", data=body,
                          headers={"Content-Type": "application/json", "X-GitHub-Event": "push", "X-Hub-Signature-256": signature})
        assert r.status_code == 200 and r.json()["deployments"], r.text
        hash_ = r.json()["deployments"][0]["hash"]
    url = f"{base}{ENV}/service-details/app/deployments/{hash_}"
    status = {}

    def done():
        status["value"] = session.get(url).json()["status"]
        return status["value"] in ("HEALTHY", "FAILED", "CANCELLED")

    wait_for(done)
    elapsed = time.monotonic() - started
    assert status["value"] == "HEALTHY", status
    # Newest first: the line after the RUN step, in build order, says whether its layer came from the cache.
    lines = [line["content"] for line in reversed(session.get(f"{url}/build-logs?per_page=500").json()["results"])]
    step = next(index for index, line in enumerate(lines) if MARKER in line and "RUN" in line)
    reused = "Using cache" in lines[step + 1]
    return elapsed, reused


def wait_hash(session, base, sha):
    found = {}

    def queued():
        for deployment in session.get(f"{base}{ENV}/service-details/app/deployments?per_page=100").json()["results"]:
            if deployment["commit_sha"] == sha and deployment["status"] not in ("HEALTHY", "REMOVED"):
                found["hash"] = deployment["hash"]
                return True
        return False

    wait_for(queued, timeout=30)
    return found["hash"]


def report(title, floors, zanes):
    floor, zane = statistics.median(floors), statistics.median(zanes)
    print(f"| {title}: clone + `docker build` + `docker service create` | {floor:.2f} s | {', '.join(f'{v:.2f}' for v in floors)} |")
    print(f"| {title}: Zane, push until `HEALTHY` | {zane:.2f} s | {', '.join(f'{v:.2f}' for v in zanes)} |")
    return zane / floor


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zane", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=18900)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="zane-git-bench-")
    env = dict(os.environ, ZANE_DATA_DIR=data, LOG_LEVEL="warning", DOCKER_HOST="unix:///var/run/docker.sock",
               ZANE_PROXY_SERVICE=PROXY_SERVICE, ZANE_PROXY_HTTP_PORT=str(args.port + 100), ZANE_PROXY_HTTPS_PORT="off",
               ZANE_PROXY_IMAGE=os.environ.get("ZANE_TEST_PROXY_IMAGE", "zane-local/caddy:2"),
               # The replaced deployment drains 2 s, then goes; each push comes once it has gone.
               ZANE_PROXY_DRAIN_SECONDS="2")
    base = f"http://127.0.0.1:{args.port}"
    if answers_api(base):
        sys.exit(f"something already answers on port {args.port}: stop it, or pass --port")
    subprocess.run([args.zane, "createsuperuser", "--username", "admin", "--password", PASSWORD], env=env, check=True, capture_output=True)
    server = subprocess.Popen([args.zane, "serve", "--hostname", "127.0.0.1", "--port", str(args.port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(data, "server.log"), "w"))
    git = GitServer()
    session, project_id = None, None
    try:
        wait_for(lambda: answers_api(base))
        session = requests.Session()
        session.trust_env = False
        assert session.post(f"{base}/api/auth/login", json={"username": "admin", "password": PASSWORD}).status_code == 201
        session.headers["X-CSRFToken"] = session.cookies.get("csrftoken")
        project_id = session.post(f"{base}/api/projects", json={"slug": "bench"}).json()["id"]
        git.commit("app", {"Dockerfile": DOCKERFILE, "index.html": "page 0\n"}, "page 0")
        created = session.post(f"{base}{ENV}/create-service/git", json={"slug": "app", "repository_url": git.url("app"), "branch_name": "main"})
        assert created.status_code == 201, created.text
        secret, token = created.json()["webhook_secret"], created.json()["deploy_token"]
        service_id = created.json()["id"]
        assert session.put(f"{base}{ENV}/request-service-changes/app", json={"field": "healthcheck", "new_value": HEALTHCHECK}).status_code == 200
        first = session.put(f"{base}{ENV}/deploy-service/git/app", json={}).json()["hash"]
        wait_for(lambda: session.get(f"{base}{ENV}/service-details/app/deployments/{first}").json()["status"] == "HEALTHY")
        results = {True: ([], []), False: ([], [])}
        all_reused = True
        number = 0
        for cold in (True, False):
            for _ in range(args.runs):
                number += 1
                content = f"page {number}\n"
                sha = git.commit("app", {"index.html": content}, f"page {number}")
                floor = floor_run(git, number, args.port + number, cold, content)
                # Settled: the replaced deployment's containers are gone, as they are when pushes are minutes apart.
                wait_for(lambda: len(docker("ps", "-aq", "--filter", f"label=zane-service={service_id}").split()) == 1,
                         timeout=60, step=0.2)
                zane, reused = zane_run(session, base, git, sha, secret, token, cold)
                if not cold:
                    all_reused &= reused
                results[cold][0].append(floor)
                results[cold][1].append(zane)
                print(f"git-build-bench: {'cold' if cold else 'warm'} run {number}: floor {floor:.2f} s, zane {zane:.2f} s"
                      f"{'' if cold else f', earlier layers reused: {reused}'}", flush=True)
        print()
        print("| path | median | runs |")
        print("| --- | ---: | --- |")
        cold_ratio = report("cold", *results[True])
        warm_ratio = report("warm", *results[False])
        print()
        print(f"Ratio Zane / floor: cold {cold_ratio:.2f}×, warm {warm_ratio:.2f}×; "
              f"every warm build reused the layers before the changed one: {all_reused}")
    finally:
        try:
            if project_id:
                session.delete(f"{base}/api/projects/bench")
                wait_for(lambda: not docker("service", "ls", "-q", "--filter", f"label=zane-project={project_id}").strip(),
                         timeout=60, step=0.5)
                for image in docker("images", "-q", "--filter", f"label=zane-project={project_id}").split():
                    subprocess.run(["docker", "rmi", "-f", image], capture_output=True)
        except RuntimeError:
            print("git-build-bench: the project's services were still there after 60 s", file=sys.stderr)
        server.terminate()
        server.wait(timeout=30)
        subprocess.run(["docker", "service", "rm", PROXY_SERVICE], capture_output=True)
        git.stop()


def answers_api(base):
    try:
        return requests.get(f"{base}/api/ping", timeout=0.5).ok
    except requests.RequestException:
        return False


if __name__ == "__main__":
    main()
