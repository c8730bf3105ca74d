#!/usr/bin/env python3
"""Zane as its users install it: a Swarm service on the `zane` network with the Docker socket mounted
(deploy/docker-stack.yml), from an image of the given binary. Creates a superuser inside the container,
then deploys a service with a PATH health check through the API and waits for HEALTHY; removes
everything afterwards.

Usage: scripts/container-check.py [--zane .build/debug/zane] [--port 18800]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import requests

STACK = "zane-check"
PROXY_SERVICE = "zane-proxy-stack-check"
PASSWORD = "Stack-pass-123"
ENV = "/api/projects/stack/production"
COMMAND = "sh -c \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\""
HEALTHCHECK = {"type": "PATH", "value": "/index.html", "associated_port": 80, "timeout_seconds": 60}


def run(*args, env=None, check=True):
    return subprocess.run(list(args), env=env, capture_output=True, text=True, check=check).stdout.strip()


def wait_until(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zane", default=".build/debug/zane")
    parser.add_argument("--port", type=int, default=18800)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    image = run(os.path.join(root, "scripts/build-zane-image.sh"), args.zane, "zane-local/zane:check")
    data_dir = tempfile.mkdtemp(prefix="zane-stack-", dir="/tmp")
    env = dict(os.environ, ZANE_IMAGE=image, ZANE_HOST_DATA_DIR=data_dir, ZANE_PORT=str(args.port),
               ZANE_PROXY_SERVICE=PROXY_SERVICE, ZANE_PROXY_HTTP_PORT=str(args.port + 1), ZANE_PROXY_HTTPS_PORT="off",
               ZANE_PROXY_IMAGE=os.environ.get("ZANE_TEST_PROXY_IMAGE", "zane-local/caddy:2"))
    base = f"http://127.0.0.1:{args.port}"
    session = requests.Session()
    session.trust_env = False
    project_id = None
    try:
        run("docker", "network", "create", "--driver", "overlay", "--attachable", "zane", check=False)
        run("docker", "stack", "deploy", "-c", os.path.join(root, "deploy/docker-stack.yml"), STACK, env=env)
        wait_until(lambda: session.get(f"{base}/api/ping", timeout=2).status_code == 200, 120, "Zane's container to answer")
        container = wait_until(lambda: run("docker", "ps", "-q", "-f", f"label=com.docker.swarm.service.name={STACK}_zane"), 30,
                               "Zane's container")
        run("docker", "exec", container, "/app/zane", "createsuperuser", "--username", "admin", "--password", PASSWORD)
        app = wait_until(lambda: session.get(f"http://127.0.0.1:{args.port + 1}/api/ping", headers={"Host": "127-0-0-1.sslip.io"},
                                             timeout=2), 60, "Zane on its app domain through the proxy")
        assert app.status_code == 200 and app.json() == {"ping": "pong"}, app.text
        r = session.post(f"{base}/api/auth/login", json={"username": "admin", "password": PASSWORD})
        assert r.status_code == 201, r.text
        session.headers["X-CSRFToken"] = session.cookies.get("csrftoken")

        def call(method, path, body=None, expect=200):
            r = session.request(method, f"{base}{path}", json=body)
            assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text[:300]}"
            return r.json() if r.text else None

        project_id = call("POST", "/api/projects", {"slug": "stack"}, expect=201)["id"]
        call("POST", f"{ENV}/create-service/docker", {"slug": "web", "image": "zane-test/busybox:latest"}, expect=201)
        call("PUT", f"{ENV}/request-service-changes/web", {"field": "command", "new_value": COMMAND})
        call("PUT", f"{ENV}/request-service-changes/web", {"field": "healthcheck", "new_value": HEALTHCHECK})
        deployment = call("PUT", f"{ENV}/deploy-service/docker/web", {})["hash"]
        end = wait_until(lambda: (d := call("GET", f"{ENV}/service-details/web/deployments/{deployment}"))["status"]
                         in {"HEALTHY", "FAILED", "CANCELLED"} and d, 180, "the deployment to end")
        assert end["status"] == "HEALTHY", f"the deployment ended {end['status']}: {end['status_reason']}"
        print("container-check: Zane in a Swarm service answered on its app domain and deployed a PATH-checked service: HEALTHY")
    except Exception as error:  # noqa: BLE001
        print(f"container-check: FAILED: {error}")
        print(run("docker", "service", "logs", "--tail", "40", f"{STACK}_zane", check=False))
        sys.exit(1)
    finally:
        if project_id:
            try:
                session.delete(f"{base}/api/projects/stack")
                wait_until(lambda: not run("docker", "service", "ls", "-q", "-f", f"label=zane-project={project_id}"), 60,
                           "the project's services to go")
            except Exception:  # noqa: BLE001
                pass
        run("docker", "stack", "rm", STACK, check=False)
        run("docker", "service", "rm", PROXY_SERVICE, check=False)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
