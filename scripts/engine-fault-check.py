#!/usr/bin/env python3
"""Engine faults during deployments, against a real `zane serve` and the local Docker swarm.

Two services with a URL each run behind Zane's Caddy proxy (a Swarm service of its own here); `web` is the
one redeployed, `other` is only there so that "every route" means more than one. Three trials:

- dockerd-restart: a redeploy of `web` is requested and, while it is in progress (STARTING: its Swarm task
  exists, its health check has not passed), dockerd is stopped (SIGTERM) and started again
  (scripts/start-docker.sh). Every container of the engine stops and Swarm starts them again.
- dockerd-restart-drain: the same, once the redeploy is HEALTHY, while the deployment it replaced drains
  (its retirement, at the end of the drain window, comes while the engine is away).
- proxy-kill: a redeploy of `web` is requested and the proxy's container is killed (`docker kill`) when the
  new deployment is about to be switched (its container is ready: the next health check that reaches it
  passes, and the switch follows), and again right after the switch (the deployment is HEALTHY, the
  previous one drains): the restarted Caddy must not resume a configuration without the new route.

After each: the interrupted deployment reaches a terminal state (HEALTHY, FAILED, CANCELLED, REMOVED) and
so does every deployment of both services; every URL answers through the proxy, from the service's current
production deployment (the proxy's `X-Zane-Dpl-Hash` response header); the next deploy of `web` is HEALTHY
and its URL then answers from it, and no Swarm service of a replaced deployment is left once its drain
window (5 s here) is over.

Usage: scripts/engine-fault-check.py [--zane .build/debug/zane] [--trials 1] [--only KIND] [--port 18870] [--keep]
Prints one JSON line per trial and a summary; exits 1 on any failure. Whatever happens, dockerd runs again
at the end.
"""

import argparse
import collections
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import requests

from zane_testlib import TERMINAL, Client, Server, create_service, delete_project, docker_services, remove_docker_service, wait_until

PROJECT = "fault"
ENV = f"/api/projects/{PROJECT}/production"
PROXY_SERVICE = "zane-proxy-engine-fault"
SCRIPTS = os.path.dirname(os.path.abspath(__file__))
DOCKER_SOCKET = "/var/run/docker.sock"
DOCKER_PID_FILE = "/var/run/docker.pid"
PAGE = "zane test page"
DRAIN_SECONDS = 5
READY_SECONDS = 8
# Ready READY_SECONDS after start (the health check asks for /ready); stops 3 s after SIGTERM, which leaves
# a window after the switch while the previous deployment is retired.
SLOW_COMMAND = (f"sh -c \"trap 'sleep 3; exit 0' TERM; (sleep {READY_SECONDS}; echo ok > /www/ready) & "
                "httpd -f -p 80 -h /www & wait\"")
SERVICES = {
    "web": {"domain": "web.fault.zane.test", "command": SLOW_COMMAND,
            "healthcheck": {"type": "PATH", "value": "/ready", "associated_port": 80, "timeout_seconds": 60, "interval_seconds": 5}},
    "other": {"domain": "other.fault.zane.test", "command": None,
              "healthcheck": {"type": "PATH", "value": "/index.html", "associated_port": 80, "timeout_seconds": 30, "interval_seconds": 5}},
}
IN_PROGRESS = {"PREPARING", "BUILDING", "STARTING", "RESTARTING", "CANCELLING"}
# Bounds, in seconds.
TERMINAL_TIMEOUT = 180
ROUTES_TIMEOUT = 90
SETTLE_TIMEOUT = 90
DEPLOY_TIMEOUT = 120


class FaultServer(Server):
    """A Server that logs at info level: the proxy's restorations and the pipeline's retries are in server.log."""

    def env(self):
        return dict(super().env(), LOG_LEVEL=os.environ.get("ZANE_FAULT_LOG_LEVEL", "info"))


def log(message):
    print(f"engine-fault-check: {message}", flush=True)


# --- the Docker engine -------------------------------------------------------------------------------------

def engine_answers():
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(2)
            s.connect(DOCKER_SOCKET)
            s.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            return b"OK" in s.recv(4096)
    except OSError:
        return False


def dockerd_pid():
    try:
        pid = int(open(DOCKER_PID_FILE).read().strip())
        return pid if open(f"/proc/{pid}/comm").read().strip() == "dockerd" else None
    except (OSError, ValueError):
        return None


def start_dockerd():
    """scripts/start-docker.sh, in a session of its own so that dockerd outlives this script."""
    subprocess.run([os.path.join(SCRIPTS, "start-docker.sh"), "--no-test-image"], check=True, start_new_session=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)


def restart_dockerd():
    """SIGTERM to dockerd, wait for it to exit, start it again; returns (seconds to stop, seconds until it answers)."""
    pid = dockerd_pid()
    assert pid, f"no dockerd found through {DOCKER_PID_FILE}"
    began = time.monotonic()
    os.kill(pid, signal.SIGTERM)
    wait_until(lambda: not os.path.exists(f"/proc/{pid}"), 120, "dockerd to exit")
    stopped = time.monotonic()
    start_dockerd()
    wait_until(engine_answers, 60, "dockerd to answer")
    return round(stopped - began, 1), round(time.monotonic() - began, 1)


def docker(*args, timeout=20):
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)


def running_containers(swarm_service):
    out = docker("ps", "-q", "--no-trunc", "--filter", f"label=com.docker.swarm.service.name={swarm_service}").stdout
    return out.split()


def kill_proxy():
    """Kills the proxy's running container; returns its id, or None when none runs."""
    containers = running_containers(PROXY_SERVICE)
    for container in containers:
        docker("kill", container)
    return containers[0][:12] if containers else None


def container_ready(swarm_service):
    return any(docker("exec", c, "cat", "/www/ready").returncode == 0 for c in running_containers(swarm_service))


# --- Zane ----------------------------------------------------------------------------------------------------

class Check:
    def __init__(self, server, client, project_id):
        self.server, self.client, self.project_id = server, client, project_id
        self.service_ids = {}

    def quietly(self, method, path, body=None):
        """An API call during a fault: an error is a None (the next poll asks again)."""
        try:
            return self.client.call(method, path, body)
        except (AssertionError, requests.RequestException):
            return None

    def deploy(self, slug):
        return self.client.call("PUT", f"{ENV}/deploy-service/docker/{slug}", {})["hash"]

    def deployment(self, slug, hash_):
        return self.quietly("GET", f"{ENV}/service-details/{slug}/deployments/{hash_}")

    def deployments(self, slug):
        page = self.quietly("GET", f"{ENV}/service-details/{slug}/deployments?per_page=100")
        return page["results"] if page else None

    def swarm_name(self, slug, hash_):
        return f"srv-{self.project_id}-{self.service_ids[slug]}-{hash_}"

    def wait_status(self, slug, hash_, statuses, timeout, what):
        return wait_until(lambda: (d := self.deployment(slug, hash_)) and d["status"] in statuses and d, timeout, what)

    def wait_terminal(self, slug, hash_, timeout, what):
        try:
            return self.wait_status(slug, hash_, TERMINAL, timeout, what)
        except AssertionError:
            d = self.deployment(slug, hash_) or {}
            raise AssertionError(f"{what}: {hash_} still {d.get('status')} ({d.get('status_reason')}) after {timeout} s")

    def production(self, slug):
        listed = self.deployments(slug) or []
        return next((d for d in listed if d["is_current_production"]), None)

    def settled(self):
        """Every deployment of every service in a terminal state: {slug: [statuses]}, or None."""
        statuses = {}
        for slug in SERVICES:
            listed = self.deployments(slug)
            if listed is None or any(d["status"] not in TERMINAL for d in listed):
                return None
            statuses[slug] = [d["status"] for d in listed]
        return statuses

    def wait_settled(self):
        try:
            return wait_until(self.settled, SETTLE_TIMEOUT, "every deployment to be in a terminal state")
        except AssertionError:
            left = {slug: [(d["hash"], d["status"], d["status_reason"]) for d in self.deployments(slug) or [] if d["status"] not in TERMINAL]
                    for slug in SERVICES}
            raise AssertionError(f"deployments not in a terminal state after {SETTLE_TIMEOUT} s: {left}")

    def route(self, slug):
        """(status, deployment hash header, body) of the service's URL through the proxy, or None."""
        try:
            r = requests.get(f"http://127.0.0.1:{self.server.proxy_port}/", headers={"Host": SERVICES[slug]["domain"]}, timeout=3)
            return r.status_code, r.headers.get("X-Zane-Dpl-Hash"), r.text.strip()
        except requests.RequestException as error:
            return 0, None, str(error)[:160]

    def routes_ok(self):
        """Every URL answers the page, from its service's production deployment."""
        for slug in SERVICES:
            production = self.production(slug)
            if not production or production["status"] != "HEALTHY":
                return False
            if self.route(slug) != (200, production["hash"], PAGE):
                return False
        return True

    def wait_routes(self, since):
        """Waits until every route answers; returns the seconds since `since` (a monotonic time)."""
        try:
            wait_until(self.routes_ok, ROUTES_TIMEOUT, "every route to answer through the proxy")
        except AssertionError:
            seen = {slug: (self.route(slug), (self.production(slug) or {}).get("hash")) for slug in SERVICES}
            raise AssertionError(f"the routes did not all answer within {ROUTES_TIMEOUT} s: {seen} (answer, production hash)")
        return round(time.monotonic() - since, 1)

    def next_deploy(self, result):
        """The deploy after a fault: HEALTHY, and its URL answers from it."""
        following = self.deploy("web")
        final = self.wait_terminal("web", following, DEPLOY_TIMEOUT, "the next deploy")
        result["next_deploy"] = final["status"]
        assert final["status"] == "HEALTHY", f"the next deploy ended {final['status']}: {final['status_reason']}"
        self.wait_routes(time.monotonic())
        assert self.route("web")[1] == following, "the route does not answer from the next deploy"
        self.wait_no_leftovers()

    def leftovers(self):
        """Swarm services of the project besides the production deployments'."""
        expected = {self.swarm_name(slug, p["hash"]) for slug in SERVICES if (p := self.production(slug))}
        return sorted(docker_services(self.project_id) - expected)

    def wait_no_leftovers(self):
        """Replaced deployments are retired once their drain window is over."""
        try:
            wait_until(lambda: not self.leftovers(), DRAIN_SECONDS + 30, "the replaced deployments' Swarm services to go")
        except AssertionError:
            raise AssertionError(f"Swarm services left {DRAIN_SECONDS + 30} s after the last deploy: {self.leftovers()}")


def dockerd_restart_trial(check, result, point="starting"):
    """`starting`: while the redeploy's health check runs; `drain`: once it is HEALTHY, while the deployment
    it replaced drains (its retirement comes when the engine is away)."""
    previous = check.production("web")
    hash_ = check.deploy("web")
    result["deployment"] = hash_
    if point == "starting":
        seen = check.wait_status("web", hash_, {"STARTING", "RESTARTING"} | TERMINAL, 60, "the redeploy's task")
        assert seen["status"] not in TERMINAL, f"the redeploy ended {seen['status']} before dockerd could be restarted"
    else:
        seen = check.wait_status("web", hash_, TERMINAL, DEPLOY_TIMEOUT, "the redeploy")
        assert seen["status"] == "HEALTHY", f"the redeploy ended {seen['status']}: {seen['status_reason']}"
        assert check.swarm_name("web", previous["hash"]) in docker_services(check.project_id), "the drain window was over too soon"
    result["restarted_at"] = seen["status"]
    result["dockerd_stop_seconds"], result["dockerd_down_seconds"] = restart_dockerd()
    back = time.monotonic()
    end = check.wait_terminal("web", hash_, TERMINAL_TIMEOUT, "the interrupted deployment")
    result["final_status"], result["final_reason"] = end["status"], (end["status_reason"] or "")[:160]
    result["terminal_seconds"] = round(time.monotonic() - back, 1)
    result["proxy_back_seconds"] = check.wait_routes(back)
    check.wait_settled()
    check.wait_no_leftovers()
    check.next_deploy(result)


def proxy_kill_trial(check, result):
    hash_ = check.deploy("web")
    result["deployment"] = hash_
    name = check.swarm_name("web", hash_)
    kills, last_kill = [], None

    def status():
        return (check.deployment("web", hash_) or {}).get("status")

    def kill(point, unless):
        nonlocal last_kill
        # The proxy may still be coming back from the previous kill.
        try:
            wait_until(lambda: running_containers(PROXY_SERVICE) or unless(), 30, "the proxy's container")
        except AssertionError:
            pass
        if unless():
            return
        container = kill_proxy()
        if container:
            kills.append({"at": point, "status": status(), "container": container})
            last_kill = time.monotonic()

    # About to be switched: the container is ready, the next health check passes (once the proxy is back).
    wait_until(lambda: container_ready(name) or status() in TERMINAL, 60, "the new deployment's container to be ready")
    kill("ready", lambda: status() in TERMINAL)
    # Just switched: the routes point at the new deployment, the previous one drains.
    end = check.wait_terminal("web", hash_, TERMINAL_TIMEOUT, "the interrupted deployment")
    kill("switched", lambda: False)
    result["kills"] = kills
    assert kills, "the deployment ended before the proxy could be killed"
    result["final_status"], result["final_reason"] = end["status"], (end["status_reason"] or "")[:160]
    result["proxy_back_seconds"] = check.wait_routes(last_kill)
    check.wait_settled()
    check.next_deploy(result)


TRIALS = {
    "dockerd-restart": dockerd_restart_trial,
    "proxy-kill": proxy_kill_trial,
    "dockerd-restart-drain": lambda check, result: dockerd_restart_trial(check, result, "drain"),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zane", default=".build/debug/zane")
    parser.add_argument("--trials", type=int, default=1, help="trials of each kind")
    parser.add_argument("--only", choices=sorted(TRIALS), help="run only this kind of trial")
    parser.add_argument("--port", type=int, default=18870)
    parser.add_argument("--keep", action="store_true", help="keep Zane's data directory (server.log) after a passing run")
    args = parser.parse_args()
    began = time.monotonic()
    if not engine_answers():
        start_dockerd()
    remove_docker_service(PROXY_SERVICE)  # left by an earlier run that was itself killed
    data_dir = tempfile.mkdtemp(prefix="zane-fault-")
    server = FaultServer(os.path.abspath(args.zane), data_dir, args.port, PROXY_SERVICE, {"ZANE_PROXY_DRAIN_SECONDS": str(DRAIN_SECONDS)})
    client, project_id, problems, results = Client(server.base), None, [], []
    try:
        server.create_superuser()
        server.start()
        client.login()
        project_id = client.call("POST", "/api/projects", {"slug": PROJECT}, expect=201)["id"]
        check = Check(server, client, project_id)
        for slug, spec in SERVICES.items():
            changes = [{"field": "urls", "type": "ADD", "new_value": {"domain": spec["domain"], "base_path": "/", "associated_port": 80}},
                       {"field": "healthcheck", "new_value": spec["healthcheck"]}]
            if spec["command"]:
                changes.append({"field": "command", "new_value": spec["command"]})
            check.service_ids[slug] = create_service(client, ENV, slug, changes)["id"]
        first = {slug: check.deploy(slug) for slug in SERVICES}
        for slug, hash_ in first.items():
            d = check.wait_terminal(slug, hash_, DEPLOY_TIMEOUT, f"the first deployment of {slug}")
            assert d["status"] == "HEALTHY", f"the first deployment of {slug} ended {d['status']}: {d['status_reason']}"
        check.wait_routes(time.monotonic())
        log(f"both services HEALTHY and answering through the proxy ({round(time.monotonic() - began)} s)")
        kinds = [args.only] if args.only else list(TRIALS)
        for number in range(1, args.trials + 1):
            for kind in kinds:
                result = {"trial": kind, "number": number}
                started = time.monotonic()
                try:
                    TRIALS[kind](check, result)
                    result["ok"] = True
                except Exception as error:  # noqa: BLE001 - any failure fails the trial
                    result["ok"], result["error"] = False, str(error)
                    problems.append(f"{kind} #{number}: {error}")
                finally:
                    if not engine_answers():
                        start_dockerd()
                result["seconds"] = round(time.monotonic() - started, 1)
                results.append(result)
                print(json.dumps(result), flush=True)
                if not result["ok"]:
                    break  # the next trials would start from a broken state
            if problems:
                break
    except Exception as error:  # noqa: BLE001
        problems.append(f"set-up: {error}")
    finally:
        try:
            if not engine_answers():
                start_dockerd()
        except Exception as error:  # noqa: BLE001
            problems.append(f"dockerd could not be started again: {error}")
        delete_project(client, PROJECT, project_id)
        server.stop()
        remove_docker_service(PROXY_SERVICE)
    interrupted = collections.Counter(r.get("final_status", "none") for r in results)
    following = collections.Counter(r.get("next_deploy", "none") for r in results)
    summary = {
        "trials": dict(collections.Counter(r["trial"] for r in results)), "failed": sum(not r["ok"] for r in results),
        "interrupted_deployments": dict(interrupted), "next_deploys": dict(following),
        "proxy_back_seconds": {kind: [r["proxy_back_seconds"] for r in results if r["trial"] == kind and "proxy_back_seconds" in r]
                               for kind in TRIALS},
        "proxy_kills": sum(len(r.get("kills", [])) for r in results),
        "seconds": round(time.monotonic() - began),
    }
    print(json.dumps({"summary": summary}), flush=True)
    if problems:
        log(f"FAILED: {'; '.join(problems)} (server log: {data_dir}/server.log)")
        sys.exit(1)
    if args.keep:
        log(f"data directory kept: {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    log("ok")


if __name__ == "__main__":
    main()
