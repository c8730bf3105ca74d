"""Helpers shared by the scripts that drive a real `zane serve` (crash test, zero-downtime check…)."""

import os
import signal
import subprocess
import tempfile
import time

import requests

PASSWORD = "Script-pass-123"
TERMINAL = {"HEALTHY", "FAILED", "CANCELLED", "REMOVED"}


class Server:
    """`zane serve` on 127.0.0.1:port with its own data directory and its own proxy (HTTP on port + 1)."""

    def __init__(self, zane, data_dir, port, proxy_service, extra_env=None, hostname="127.0.0.1"):
        self.zane, self.data_dir, self.port, self.process, self.hostname = zane, data_dir, port, None, hostname
        self.proxy_service, self.proxy_port = proxy_service, port + 1
        self.extra_env = extra_env or {}
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(os.path.join(data_dir, "server.log"), "a")

    def env(self):
        return dict(os.environ, ZANE_DATA_DIR=self.data_dir, LOG_LEVEL="warning", DOCKER_HOST="unix:///var/run/docker.sock",
                    ZANE_PROXY_SERVICE=self.proxy_service, ZANE_PROXY_HTTP_PORT=str(self.proxy_port), ZANE_PROXY_HTTPS_PORT="off",
                    ZANE_PROXY_IMAGE=os.environ.get("ZANE_TEST_PROXY_IMAGE", "zane-local/caddy:2"), **self.extra_env)

    def create_superuser(self):
        subprocess.run([self.zane, "createsuperuser", "--username", "admin", "--password", PASSWORD],
                       env=self.env(), check=True, capture_output=True)

    def start(self):
        self.process = subprocess.Popen([self.zane, "serve", "--hostname", self.hostname, "--port", str(self.port)],
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
    """A signed-in API client (session cookie and CSRF header)."""

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


def start_server(zane, prefix, port, proxy_service, extra_env=None, hostname="127.0.0.1"):
    """`zane serve` on a fresh data directory with a superuser, and a client for it (not signed in yet)."""
    server = Server(os.path.abspath(zane), tempfile.mkdtemp(prefix=prefix), port, proxy_service, extra_env, hostname)
    server.create_superuser()
    server.start()
    return server, Client(server.base)


def create_service(client, env, slug, changes, image="zane-test/busybox:latest"):
    """Creates a service of the test image and requests `changes` (change bodies) on it; returns the service."""
    service = client.call("POST", f"{env}/create-service/docker", {"slug": slug, "image": image}, expect=201)
    for change in changes:
        client.call("PUT", f"{env}/request-service-changes/{slug}", change)
    return service


def wait_until(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def docker_services(project_id):
    out = subprocess.run(["docker", "service", "ls", "--filter", f"label=zane-project={project_id}", "--format", "{{.Name}}"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def remove_docker_service(name):
    subprocess.run(["docker", "service", "rm", name], capture_output=True)


def delete_project(client, slug, project_id, timeout=90):
    """Archives the project and waits until its Swarm services are gone; a clean-up never fails the caller."""
    try:
        client.call("DELETE", f"/api/projects/{slug}", expect=204)
        if project_id:
            wait_until(lambda: not docker_services(project_id), timeout, "the project's services to go")
    except Exception:  # noqa: BLE001
        pass

