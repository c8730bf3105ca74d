#!/usr/bin/env python3
"""Time from a deploy request to HEALTHY, beside the engine's floor: a bare `docker service create` of the
same image with the same command, timed until its task runs and first answers HTTP on its published port.

Both sides run the busybox test image (`zane-test/busybox:latest`, httpd on port 80). Zane's service has a
COMMAND health check that fetches its own page, so HEALTHY also means "answers". Runs alternate between
the two sides; the report gives medians.

Usage: bench/deploy_bench.py --zane .build/release/zane [--runs 5] [--port 18800]
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time

import requests

PASSWORD = "Bench-pass-123"
IMAGE = "zane-test/busybox:latest"
COMMAND = "sh -c \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\""
ENV = "/api/projects/bench/production"
PROXY_SERVICE = "zane-proxy-bench"


def docker(*args):
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=True).stdout


def wait_for(predicate, timeout=120, step=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise RuntimeError("timed out")


def answers(port):
    try:
        return requests.get(f"http://127.0.0.1:{port}/", timeout=0.5).status_code == 200
    except requests.RequestException:
        return False


def baseline_run(number, port):
    name = f"zane-bench-floor-{number}"
    started = time.monotonic()
    docker("service", "create", "--detach", "--name", name, "--endpoint-mode", "dnsrr", "--stop-grace-period", "1s",
           "--publish", f"mode=host,target=80,published={port}", IMAGE, "sh", "-c", "trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait")
    wait_for(lambda: answers(port))
    elapsed = time.monotonic() - started
    docker("service", "rm", name)
    wait_for(lambda: not docker("ps", "-aq", "--filter", f"name={name}").strip(), step=0.2)
    return elapsed


def zane_run(session, base, number):
    slug = f"svc-{number}"
    r = session.post(f"{base}{ENV}/create-service/docker", json={"slug": slug, "image": IMAGE})
    assert r.status_code == 201, r.text
    for change in [{"field": "command", "new_value": COMMAND},
                   {"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "wget -q -O /dev/null http://127.0.0.1:80/"}}]:
        assert session.put(f"{base}{ENV}/request-service-changes/{slug}", json=change).status_code == 200
    started = time.monotonic()
    r = session.put(f"{base}{ENV}/deploy-service/docker/{slug}", json={})
    assert r.status_code == 200, r.text
    url = f"{base}{ENV}/service-details/{slug}/deployments/{r.json()['hash']}"
    status = {}

    def done():
        status["value"] = session.get(url).json()["status"]
        return status["value"] in ("HEALTHY", "FAILED", "CANCELLED")

    wait_for(done)
    elapsed = time.monotonic() - started
    assert status["value"] == "HEALTHY", status
    assert session.delete(f"{base}{ENV}/archive-service/docker/{slug}").status_code == 204
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zane", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=18800)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="zane-deploy-bench-")
    # Its own proxy: the deploy includes the traffic switch, as in production.
    env = dict(os.environ, ZANE_DATA_DIR=data, LOG_LEVEL="warning", DOCKER_HOST="unix:///var/run/docker.sock",
               ZANE_PROXY_SERVICE=PROXY_SERVICE, ZANE_PROXY_HTTP_PORT=str(args.port + 100), ZANE_PROXY_HTTPS_PORT="off",
               ZANE_PROXY_IMAGE=os.environ.get("ZANE_TEST_PROXY_IMAGE", "zane-local/caddy:2"))
    subprocess.run([args.zane, "createsuperuser", "--username", "admin", "--password", PASSWORD], env=env, check=True, capture_output=True)
    server = subprocess.Popen([args.zane, "serve", "--hostname", "127.0.0.1", "--port", str(args.port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(data, "server.log"), "w"))
    base = f"http://127.0.0.1:{args.port}"
    session, project_id = None, None
    try:
        wait_for(lambda: answers_api(base))
        session = requests.Session()
        session.trust_env = False
        assert session.post(f"{base}/api/auth/login", json={"username": "admin", "password": PASSWORD}).status_code == 201
        session.headers["X-CSRFToken"] = session.cookies.get("csrftoken")
        created = session.post(f"{base}/api/projects", json={"slug": "bench"})
        assert created.status_code == 201, created.text
        project_id = created.json()["id"]
        zane_run(session, base, 0)  # warm-up: creates the networks once
        floors, zanes = [], []
        for number in range(1, args.runs + 1):
            floors.append(baseline_run(number, args.port + number))
            zanes.append(zane_run(session, base, number))
            print(f"deploy-bench: run {number}: docker service create {floors[-1]:.2f} s, zane {zanes[-1]:.2f} s", flush=True)
        floor, zane = statistics.median(floors), statistics.median(zanes)
        print()
        print("| path | median | runs |")
        print("| --- | ---: | --- |")
        print(f"| `docker service create` until the task answers HTTP | {floor:.2f} s | {', '.join(f'{v:.2f}' for v in floors)} |")
        print(f"| Zane: deploy request until `HEALTHY` | {zane:.2f} s | {', '.join(f'{v:.2f}' for v in zanes)} |")
        print()
        print(f"Ratio Zane / floor: {zane / floor:.2f}×")
    finally:
        if project_id:
            # The last service's archive is carried out in the background: wait for it before stopping.
            session.delete(f"{base}/api/projects/bench")
            wait_for(lambda: not docker("service", "ls", "-q", "--filter", f"label=zane-project={project_id}").strip(), timeout=60, step=0.5)
        server.terminate()
        server.wait(timeout=30)
        subprocess.run(["docker", "service", "rm", PROXY_SERVICE], capture_output=True)


def answers_api(base):
    try:
        return requests.get(f"{base}/api/ping", timeout=0.5).ok
    except requests.RequestException:
        return False


if __name__ == "__main__":
    main()
