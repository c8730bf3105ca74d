#!/usr/bin/env python3
"""Zero downtime, measured: a load generator sends requests through the proxy to a service for the whole
duration of a redeploy (an env variable changes) and of a failed redeploy (a health check that cannot
pass), against a real `zane serve` and the local Docker swarm.

Checks: no request fails; during the redeploy every client sees the old value, then the new one, and
never the old one again (the switch happens once); during the failed redeploy every answer is the old
value. Prints the counts as JSON lines.

Clients keep their connections alive. Caddy applies a new configuration by starting a new server on the
same listener and closing the old one's idle connections; a request sent on such a connection at that
moment gets no answer, and is sent again on a new connection, as browsers and Go's client do for
idempotent requests (RFC 9112 §9.3.1). Those resends are counted (`resent`); a request that fails after
its resend, or answers anything but 200, counts as failed.

Usage: scripts/zero-downtime-check.py [--zane .build/debug/zane] [--rate 250] [--port 18840]
"""

import argparse
import json
import sys
import threading
import time

import requests

from zane_testlib import create_service, delete_project, remove_docker_service, start_server, wait_until

ENV = "/api/projects/zd/production"
HOST = "zd.zane.test"
APP_DOMAIN = "127-0-0-1.sslip.io"
PROXY_SERVICE = "zane-proxy-zero-downtime"
DRAIN_SECONDS = 5
# busybox httpd with a CGI script that prints the container's VERSION variable.
COMMAND = ("sh -c \"mkdir -p /www/cgi-bin; printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $VERSION\\n' "
           "> /www/cgi-bin/version; chmod +x /www/cgi-bin/version; trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\"")


class Load:
    """`workers` clients, each sending requests one after the other, together at about `rate` per second."""

    def __init__(self, port, rate, workers=8):
        self.url, self.interval = f"http://127.0.0.1:{port}/cgi-bin/version", workers / rate
        self.stop_flag, self.threads, self.records = threading.Event(), [], [[] for _ in range(workers)]
        self.resent, self.lock = 0, threading.Lock()

    def worker(self, records):
        session = requests.Session()
        session.trust_env = False
        next_start = time.monotonic()
        while not self.stop_flag.is_set():
            started = time.monotonic()
            try:
                try:
                    r = session.get(self.url, headers={"Host": HOST}, timeout=10)
                except requests.ConnectionError as error:
                    if "RemoteDisconnected" not in str(error) and "Connection aborted" not in str(error):
                        raise
                    with self.lock:
                        self.resent += 1
                    r = session.get(self.url, headers={"Host": HOST}, timeout=10)
                records.append((started, time.monotonic(), r.status_code, r.text.strip()))
            except requests.RequestException as error:
                records.append((started, time.monotonic(), 0, str(error)))
            next_start += self.interval
            time.sleep(max(0, next_start - time.monotonic()))

    def __enter__(self):
        self.began = time.monotonic()
        for records in self.records:
            thread = threading.Thread(target=self.worker, args=(records,), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        for thread in self.threads:
            thread.join()
        self.duration = time.monotonic() - self.began

    def summary(self, before, after):
        everything = sorted((r for records in self.records for r in records), key=lambda r: r[0])
        failed = [r for r in everything if r[2] != 200]
        values = {}
        for r in everything:
            values[r[3]] = values.get(r[3], 0) + 1
        # Per client: old values, then new ones, never back.
        back = sum(1 for records in self.records for a, b in zip(records, records[1:]) if a[3] == after and b[3] == before)
        first_new = min((r[1] for r in everything if r[3] == after), default=None)
        stale = sum(1 for r in everything if first_new is not None and r[0] > first_new and r[3] == before)
        return {"requests": len(everything), "seconds": round(self.duration, 1), "rate": round(len(everything) / self.duration),
                "failed": len(failed), "resent": self.resent, "values": values, "switched_back": back, "old_after_first_new": stale,
                "first_failures": [r[3][:120] for r in failed[:3]]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zane", default=".build/debug/zane")
    parser.add_argument("--rate", type=int, default=250)
    parser.add_argument("--port", type=int, default=18840)
    args = parser.parse_args()
    # Listening on every interface, Zane is also reachable by the proxy, which serves it on the app domain.
    server, client = start_server(args.zane, "zane-zd-", args.port, PROXY_SERVICE, {"ZANE_PROXY_DRAIN_SECONDS": str(DRAIN_SECONDS)},
                                  hostname="0.0.0.0")
    problems, project_id = [], None
    try:
        def app_ping():
            try:
                r = requests.get(f"http://127.0.0.1:{server.proxy_port}/api/ping", headers={"Host": APP_DOMAIN}, timeout=2)
                return r if r.status_code == 200 else None
            except requests.RequestException:
                return None

        app = wait_until(app_ping, 60, "Zane on its app domain")
        assert app.json() == {"ping": "pong"}, app.text
        print("zero-downtime-check: Zane answers on its app domain through the proxy", flush=True)
        client.login()
        project_id = client.call("POST", "/api/projects", {"slug": "zd"}, expect=201)["id"]
        create_service(client, ENV, "web", [])

        def change(body):
            client.call("PUT", f"{ENV}/request-service-changes/web", body)

        def deploy_and_wait(expected):
            hash_ = client.call("PUT", f"{ENV}/deploy-service/docker/web", {})["hash"]
            end = wait_until(lambda: (d := client.call("GET", f"{ENV}/service-details/web/deployments/{hash_}"))["status"]
                             in {"HEALTHY", "FAILED", "CANCELLED"} and d, 180, "the deployment to end")
            assert end["status"] == expected, f"the deployment ended {end['status']}: {end['status_reason']}"

        change({"field": "command", "new_value": COMMAND})
        change({"field": "env_variables", "type": "ADD", "new_value": {"key": "VERSION", "value": "one"}})
        change({"field": "urls", "type": "ADD", "new_value": {"domain": HOST, "base_path": "/", "associated_port": 80}})
        change({"field": "healthcheck", "new_value": {"type": "PATH", "value": "/index.html", "associated_port": 80, "timeout_seconds": 30}})
        deploy_and_wait("HEALTHY")
        wait_until(lambda: requests.get(f"http://127.0.0.1:{server.proxy_port}/cgi-bin/version", headers={"Host": HOST}).text.strip()
                   == "one", 30, "the route")
        variable = client.call("GET", f"{ENV}/service-details/web")["env_variables"][0]["id"]

        with Load(server.proxy_port, args.rate) as load:
            time.sleep(2)
            change({"field": "env_variables", "type": "UPDATE", "item_id": variable, "new_value": {"key": "VERSION", "value": "two"}})
            deploy_and_wait("HEALTHY")
            time.sleep(DRAIN_SECONDS + 2)
        redeploy = load.summary("one", "two")
        print(json.dumps({"case": "redeploy", **redeploy}), flush=True)
        if redeploy["failed"] or redeploy["switched_back"] or redeploy["old_after_first_new"] or not redeploy["values"].get("two"):
            problems.append("redeploy")

        with Load(server.proxy_port, args.rate) as load:
            time.sleep(2)
            change({"field": "env_variables", "type": "UPDATE", "item_id": variable, "new_value": {"key": "VERSION", "value": "three"}})
            change({"field": "healthcheck", "new_value": {"type": "PATH", "value": "/missing", "associated_port": 80, "timeout_seconds": 5}})
            deploy_and_wait("FAILED")
            time.sleep(2)
        failed_redeploy = load.summary("two", "three")
        print(json.dumps({"case": "failed redeploy", **failed_redeploy}), flush=True)
        if failed_redeploy["failed"] or set(failed_redeploy["values"]) != {"two"}:
            problems.append("failed redeploy")
    except Exception as error:  # noqa: BLE001
        problems.append(str(error))
    finally:
        delete_project(client, "zd", project_id)
        server.stop()
        remove_docker_service(PROXY_SERVICE)
    print(f"zero-downtime-check: {'FAILED: ' + ', '.join(problems) if problems else 'ok'}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
