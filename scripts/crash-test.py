#!/usr/bin/env python3
"""Crash safety of the deployment pipeline, against a real `zane serve` and the local Docker swarm.

For each kill point (right after the Swarm service is created, during the health check, while the
previous deployment is being retired), and for N trials each: deploy, `kill -9` the server at that
point, start it again, and check that every deployment ends in a terminal state, that no Swarm service
is left besides the production one, and that the next deploy of the same service becomes HEALTHY.
Health checks are PATH checks, so they go through the server's Caddy proxy (a service of its own here).

Usage: scripts/crash-test.py [--zane .build/debug/zane] [--trials 2]
Prints one line per trial and a summary; exits 1 if any trial failed.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import requests

PASSWORD = "Crash-pass-123"
TERMINAL = {"HEALTHY", "FAILED", "CANCELLED", "REMOVED"}
# Ready 6 s after start; stops 3 s after SIGTERM, which leaves a window to kill Zane during a retirement.
SLOW_COMMAND = "sh -c \"trap 'sleep 3; exit 0' TERM; (sleep 6; echo ok > /www/ready) & httpd -f -p 80 -h /www & wait\""
HEALTHCHECK = {"type": "PATH", "value": "/ready", "associated_port": 80, "timeout_seconds": 40}
PROXY_SERVICE = "zane-proxy-crash-test"


def docker_services(project_id):
    out = subprocess.run(["docker", "service", "ls", "--filter", f"label=zane-project={project_id}", "--format", "{{.Name}}"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


class Server:
    def __init__(self, zane, data_dir, port):
        self.zane, self.data_dir, self.port, self.process = zane, data_dir, port, None
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(os.path.join(data_dir, "server.log"), "a")

    def env(self):
        return dict(os.environ, ZANE_DATA_DIR=self.data_dir, LOG_LEVEL="warning", DOCKER_HOST="unix:///var/run/docker.sock",
                    ZANE_PROXY_SERVICE=PROXY_SERVICE, ZANE_PROXY_HTTP_PORT=str(self.port + 1), ZANE_PROXY_HTTPS_PORT="off",
                    ZANE_PROXY_IMAGE=os.environ.get("ZANE_TEST_PROXY_IMAGE", "zane-local/caddy:latest"))

    def start(self):
        self.process = subprocess.Popen([self.zane, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env(), stdout=self.log, stderr=self.log)
        for _ in range(200):
            try:
                requests.get(f"{self.base}/api/ping", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("zane did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Client:
    def __init__(self, base):
        self.base, self.session = base, requests.Session()
        self.session.trust_env = False

    def login(self):
        r = self.session.post(f"{self.base}/api/auth/login", json={"username": "admin", "password": PASSWORD})
        assert r.status_code == 201, r.text
        self.session.headers["X-CSRFToken"] = self.session.cookies.get("csrftoken")

    def call(self, method, path, body=None, expect=200):
        r = self.session.request(method, f"{self.base}{path}", json=body)
        assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text[:300]}"
        return r.json() if r.text else None


ENV = "/api/projects/crash/production"


def deploy(client):
    return client.call("PUT", f"{ENV}/deploy-service/docker/web", {})["hash"]


def deployment(client, hash_):
    return client.call("GET", f"{ENV}/service-details/web/deployments/{hash_}")


def wait_until(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def trial(zane, point, port):
    data_dir = tempfile.mkdtemp(prefix="zane-crash-")
    subprocess.run([zane, "createsuperuser", "--username", "admin", "--password", PASSWORD],
                   env=dict(os.environ, ZANE_DATA_DIR=data_dir, LOG_LEVEL="warning"), check=True, capture_output=True)
    server = Server(zane, data_dir, port)
    server.start()
    client = Client(server.base)
    project_id = None
    try:
        client.login()
        project_id = client.call("POST", "/api/projects", {"slug": "crash"}, expect=201)["id"]
        service = client.call("POST", f"{ENV}/create-service/docker", {"slug": "web", "image": "zane-test/busybox:latest"}, expect=201)
        client.call("PUT", f"{ENV}/request-service-changes/web", {"field": "command", "new_value": SLOW_COMMAND})
        client.call("PUT", f"{ENV}/request-service-changes/web", {"field": "healthcheck", "new_value": HEALTHCHECK})
        prefix = f"srv-{project_id}-{service['id']}-"
        previous = None
        if point == "retire":
            previous = deploy(client)
            wait_until(lambda: deployment(client, previous)["status"] == "HEALTHY", 90, "the first deployment")
        interrupted = deploy(client)
        own = prefix + interrupted
        if point == "service-created":
            wait_until(lambda: own in docker_services(project_id), 60, "the Swarm service")
        elif point == "health-check":
            wait_until(lambda: own in docker_services(project_id), 60, "the Swarm service")
            time.sleep(3)
        else:  # retire: the new deployment passed its check and the old Swarm service is being removed
            wait_until(lambda: prefix + previous not in docker_services(project_id), 90, "the retirement to start")
        assert deployment(client, interrupted)["status"] not in TERMINAL, "the kill point came too late"
        server.kill()
        server.start()
        client.login()
        end = wait_until(lambda: (d := deployment(client, interrupted))["status"] in TERMINAL and d, 120, "a terminal state")
        production = [d for d in client.call("GET", f"{ENV}/service-details/web/deployments?per_page=100")["results"]
                      if d["is_current_production"]]
        expected = {prefix + d["hash"] for d in production if d["status"] == "HEALTHY"}
        left = docker_services(project_id)
        assert left == expected, f"Swarm services {left}, expected {expected}"
        following = deploy(client)
        final = wait_until(lambda: (d := deployment(client, following))["status"] in TERMINAL and d, 120, "the next deploy")
        assert final["status"] == "HEALTHY", f"the next deploy ended {final['status']}: {final['status_reason']}"
        return True, f"interrupted deployment ended {end['status']}; next deploy HEALTHY"
    except Exception as error:  # noqa: BLE001 - any failure fails the trial
        return False, str(error)
    finally:
        try:
            client.call("DELETE", "/api/projects/crash", expect=204)
            if project_id:
                wait_until(lambda: not docker_services(project_id), 90, "the project's services to go")
        except Exception:  # noqa: BLE001
            pass
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zane", default=".build/debug/zane")
    parser.add_argument("--trials", type=int, default=2)
    parser.add_argument("--port", type=int, default=18790)
    args = parser.parse_args()
    results = []
    try:
        for point in ["service-created", "health-check", "retire"]:
            for number in range(1, args.trials + 1):
                ok, detail = trial(os.path.abspath(args.zane), point, args.port)
                results.append(ok)
                print(f"crash-test: {point} #{number}: {'ok' if ok else 'FAILED'}: {detail}", flush=True)
    finally:
        subprocess.run(["docker", "service", "rm", PROXY_SERVICE], capture_output=True)
    failures = results.count(False)
    print(f"crash-test: {len(results)} trials, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
