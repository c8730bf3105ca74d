#!/usr/bin/env python3
"""Runtime logs are collected without loss or doubles across a crash, against a real `zane serve` and
the local Docker swarm: a service prints N numbered lines; while Zane stores them it is killed with
SIGKILL and started again; afterwards the runtime-logs API must return every line exactly once, in
order. Prints how long after the container's last line the API had them all.

Usage: scripts/log-collection-check.py [--zane .build/debug/zane] [--lines 100000] [--port 18870]
"""

import argparse
import os
import sys
import time

from zane_testlib import create_service, delete_project, start_server, wait_until

ENV = "/api/projects/logs/production"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zane", default=".build/debug/zane")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=18870)
    args = parser.parse_args()
    total = args.lines
    # Prints the lines once a marker file exists (after the deploy is healthy), then serves.
    command = (f"sh -c \"trap 'exit 0' TERM; httpd -p 80 -h /www; while [ ! -f /tmp/go ]; do sleep 0.2; done; "
               f"i=1; while [ $i -le {total} ]; do echo line $i; i=$((i+1)); done; sleep 100000 & wait\"")
    server, client = start_server(args.zane, "zane-logs-", args.port, "zane-proxy-log-check", {"ZANE_PROXY": "off"})
    project_id = None
    try:
        client.login()
        project_id = client.call("POST", "/api/projects", {"slug": "logs"}, expect=201)["id"]
        create_service(client, ENV, "printer", [{"field": "command", "new_value": command}])
        deployment = client.call("PUT", f"{ENV}/deploy-service/docker/printer", {})["hash"]
        url = f"{ENV}/service-details/printer/deployments/{deployment}"
        wait_until(lambda: client.call("GET", url)["status"] == "HEALTHY", 120, "the deployment")
        container = wait_until(lambda: next(iter(os.popen(
            f"docker ps -q --no-trunc -f label=zane-deployment={deployment}").read().split()), None), 30, "the container")

        def count():
            return client.call("GET", f"{url}/runtime-logs?per_page=1")["results"]

        os.system(f"docker exec {container} sh -c 'echo > /tmp/go'")
        # Kill Zane while it stores the lines: as soon as some are in.
        wait_until(lambda: count(), 60, "the first lines")
        server.kill()
        print("log-collection-check: zane killed with SIGKILL while collecting", flush=True)
        server.start()
        client.login()
        last_line = wait_until(lambda: (r := count()) and r[0]["content"] == f"line {total}" and r[0], 120, "the last line")
        stored_at = time.time()
        lines, cursor = [], None
        while True:
            page = client.call("GET", f"{url}/runtime-logs?per_page=100" + (f"&cursor={cursor}" if cursor else ""))
            lines += [entry["content"] for entry in page["results"]]
            if not page["next"]:
                break
            cursor = page["next"]
        lines.reverse()
        expected = [f"line {n}" for n in range(1, total + 1)]
        missing = len(set(expected) - set(lines))
        doubled = len(lines) - len(set(lines))
        in_order = lines == expected
        lag = stored_at - last_line["timestamp"] / 1e9
        print(f"log-collection-check: {len(lines)} lines returned of {total}; missing {missing}; doubled {doubled}; "
              f"in order: {in_order}; the last line was in the API {lag:.1f} s after the container printed it", flush=True)
        ok = in_order and missing == 0 and doubled == 0
    except Exception as error:  # noqa: BLE001
        print(f"log-collection-check: FAILED: {error}")
        ok = False
    finally:
        delete_project(client, "logs", project_id)
        server.stop()
    print(f"log-collection-check: {'ok' if ok else 'FAILED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
