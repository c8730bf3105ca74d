#!/usr/bin/env python3
"""Runtime logs at scale, against a real `zane serve` (release build) and the local swarm.

  ingest  A container prints N numbered lines while Zane is stopped; Zane then starts and stores the backlog.
          Reports lines/s from Zane's start to the last line in the API, with Zane's CPU and peak RSS meanwhile;
          then, with Zane running, the delay from a fresh burst's last line to the API.
  query   1,000,000 lines are written into the log store of a stopped Zane (the schema Zane migrated), Zane
          starts, and the runtime-logs API is timed: first page, level filter, a rare and a common word,
          with-context. Reports p50/p95 over the runs.
  idle    50 services deployed and followed; after they settle, Zane's RSS and CPU over 30 s.

Usage: bench/log_bench.py --zane .build/release/zane {ingest,query,idle} [--lines N] [--runs N] [--services N]
"""

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from zane_testlib import create_service, delete_project, start_server, wait_until  # noqa: E402

ENV = "/api/projects/logbench/production"
IMAGE = "zane-test/busybox:latest"
PORT = 18890


class Usage:
    """CPU seconds and resident memory of a process, read from /proc."""

    def __init__(self, pid):
        self.pid, self.ticks = pid, os.sysconf("SC_CLK_TCK")

    def cpu_seconds(self):
        fields = open(f"/proc/{self.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.ticks

    def rss_mb(self):
        for line in open(f"/proc/{self.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


def start(args, name):
    server, client = start_server(args.zane, f"zane-logbench-{name}-", PORT, "zane-proxy-logbench", {"ZANE_PROXY": "off"})
    client.login()
    project_id = client.call("POST", "/api/projects", {"slug": "logbench"}, expect=201)["id"]
    return server, client, project_id


def deploy(client, slug, command):
    create_service(client, ENV, slug, [{"field": "command", "new_value": command}])
    return client.call("PUT", f"{ENV}/deploy-service/docker/{slug}", {})["hash"]


def newest(client, url):
    results = client.call("GET", f"{url}/runtime-logs?per_page=1")["results"]
    return results[0] if results else None


def container_of(deployment):
    return wait_until(lambda: next(iter(os.popen(
        f"docker ps -q --no-trunc -f label=zane-deployment={deployment}").read().split()), None), 60, "the container")


def printer(lines):
    # Prints `lines` numbered lines each time a marker file appears, then waits for the next marker.
    return (f"sh -c \"trap 'exit 0' TERM; httpd -p 80 -h /www; while true; do while [ ! -f /tmp/go ]; do sleep 0.1; done; rm /tmp/go; "
            f"i=1; while [ $i -le {lines} ]; do echo line $i of a burst from the printer; i=$((i+1)); done; done & wait\"")


def ingest(args):
    server, client, project_id = start(args, "ingest")
    try:
        deployment = deploy(client, "printer", printer(args.lines))
        url = f"{ENV}/service-details/printer/deployments/{deployment}"
        wait_until(lambda: client.call("GET", url)["status"] == "HEALTHY", 120, "the deployment")
        container = container_of(deployment)
        server.stop()
        os.system(f"docker exec {container} sh -c 'echo > /tmp/go'")
        last = f"line {args.lines} of a burst from the printer"
        wait_until(lambda: last in subprocess.run(["docker", "logs", "--tail", "1", container], capture_output=True, text=True).stdout,
                   600, "the container to print its lines")
        started = time.time()
        server.start()
        usage = Usage(server.process.pid)
        cpu_start = usage.cpu_seconds()
        client.login()
        peak = 0.0
        while True:
            peak = max(peak, usage.rss_mb())
            entry = newest(client, url)
            if entry and entry["content"] == last:
                break
            time.sleep(0.2)
        elapsed = time.time() - started
        cpu = usage.cpu_seconds() - cpu_start
        print(f"ingest: {args.lines} lines stored in {elapsed:.1f} s from Zane's start = {args.lines / elapsed:,.0f} lines/s; "
              f"Zane CPU {cpu:.1f} s ({100 * cpu / elapsed:.0f} % of one core), peak RSS {peak:.0f} MB", flush=True)
        # The same burst with Zane running: how long after the container's last line the API has it.
        os.system(f"docker exec {container} sh -c 'echo > /tmp/go'")
        again = wait_until(lambda: (e := newest(client, url)) and e["content"] == last and e["timestamp"] > entry["timestamp"] and e,
                           600, "the second burst")
        lag = time.time() - again["timestamp"] / 1e9
        print(f"ingest: the same burst with Zane running: its last line was in the API {lag:.2f} s after it was printed", flush=True)
    finally:
        delete_project(client, "logbench", project_id)
        server.stop()


def timed(client, path, runs):
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        client.call("GET", path)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def seed(store, deployment, service_id, total):
    """Writes `total` lines the way Zane stores them, with the search index caught up."""
    db = sqlite3.connect(store)
    words = ["GET", "POST", "/api/orders", "/health", "200", "404", "user", "login", "cache", "miss", "payment", "timeout"]
    start = (int(time.time()) - 86_400) * 1_000_000_000
    batch = []
    for n in range(total):
        content = f"{n:07d} {words[n % 12]} {words[(n // 12) % 12]} {words[(n * 7) % 12]} took {n % 997} ms"
        if n % 10_000 == 4_321:
            content += " xyzzy-rare"
        batch.append((str(uuid.uuid4()), deployment, service_id, "c" * 64, "SERVICE", "ERROR" if n % 50 == 0 else "INFO",
                      start + n * 50_000_000, content))
        if len(batch) == 10_000:
            db.executemany("INSERT INTO deployment_logs (id, deployment_hash, service_id, container_id, source, level, timestamp, content) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch = []
    db.execute("INSERT INTO deployment_logs_search (rowid, content) SELECT seq, content FROM deployment_logs")
    db.execute("UPDATE log_search_progress SET indexed_rowid = (SELECT MAX(seq) FROM deployment_logs)")
    db.commit()
    db.close()


def query(args):
    server, client, project_id = start(args, "query")
    try:
        deployment = deploy(client, "quiet", "sh -c \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\"")
        url = f"{ENV}/service-details/quiet/deployments/{deployment}"
        service_id = client.call("GET", f"{ENV}/service-details/quiet")["id"]
        wait_until(lambda: client.call("GET", url)["status"] in ("HEALTHY", "FAILED"), 120, "the deployment")
        server.stop()
        began = time.time()
        seed(os.path.join(server.data_dir, "zane-logs.sqlite"), deployment, service_id, args.lines)
        print(f"query: {args.lines:,} lines written in {time.time() - began:.0f} s", flush=True)
        server.start()
        client.login()
        logs = f"{url}/runtime-logs"
        middle = client.call("GET", f"{logs}?per_page=1")["results"]
        cases = [
            ("first page (50 newest)", f"{logs}"),
            ("level=ERROR", f"{logs}?level=ERROR"),
            ("common word (query=payment)", f"{logs}?query=payment"),
            ("rare word (query=xyzzy, 100 lines)", f"{logs}?query=xyzzy"),
            ("absent word (query=nowhere)", f"{logs}?query=nowhere"),
            ("with-context", f"{logs}/with-context/{middle[0]['timestamp'] - 10**12 if middle else 0}"),
        ]
        client.call("GET", logs)
        for name, path in cases:
            p50, p95 = timed(client, path, args.runs)
            print(f"query: {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {args.runs} requests", flush=True)
        rare = client.call("GET", f"{logs}?query=xyzzy&per_page=100")["results"]
        print(f"query: the rare word found {len(rare)} lines (expected {len(range(4_321, args.lines, 10_000))})", flush=True)
    finally:
        delete_project(client, "logbench", project_id)
        server.stop()


def idle(args):
    server, client, project_id = start(args, "idle")
    try:
        hashes = []
        for n in range(args.services):
            hashes.append((f"svc{n}", deploy(client, f"svc{n}", "sh -c \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\"")))
        for slug, deployment in hashes:
            wait_until(lambda: client.call("GET", f"{ENV}/service-details/{slug}/deployments/{deployment}")["status"] == "HEALTHY", 600,
                       f"{slug} to be healthy")
        print(f"idle: {args.services} services healthy; settling 30 s", flush=True)
        time.sleep(30)
        usage = Usage(server.process.pid)
        cpu, rss = usage.cpu_seconds(), []
        for _ in range(30):
            rss.append(usage.rss_mb())
            time.sleep(1)
        cpu = usage.cpu_seconds() - cpu
        print(f"idle: {args.services} services followed: RSS {statistics.median(rss):.0f} MB (max {max(rss):.0f}), "
              f"CPU {100 * cpu / 30:.1f} % of one core", flush=True)
    finally:
        delete_project(client, "logbench", project_id, timeout=300)
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["ingest", "query", "idle"])
    parser.add_argument("--zane", default=".build/release/zane")
    parser.add_argument("--lines", type=int)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--services", type=int, default=50)
    args = parser.parse_args()
    args.lines = args.lines or {"ingest": 500_000, "query": 1_000_000}.get(args.mode, 0)
    {"ingest": ingest, "query": query, "idle": idle}[args.mode](args)


if __name__ == "__main__":
    main()
