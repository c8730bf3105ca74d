#!/usr/bin/env python3
"""Crash safety of the deployment pipeline, against a real `zane serve` and the local Docker swarm.

For each kill point (right after the Swarm service is created, during the health check, while the
previous deployment is being retired, while it drains after the traffic switch), and for N trials each: deploy, `kill -9` the server at that
point, start it again, and check that every deployment ends in a terminal state, that no Swarm service
is left besides the production one, and that the next deploy of the same service becomes HEALTHY.
Health checks are PATH checks, so they go through the server's Caddy proxy (a service of its own here).

Usage: scripts/crash-test.py [--zane .build/debug/zane] [--trials 2]
Prints one line per trial and a summary; exits 1 if any trial failed.
"""

import argparse
import os
import sys
import time

from zane_testlib import TERMINAL, create_service, delete_project, docker_services, remove_docker_service, start_server, wait_until

# Ready 6 s after start; stops 3 s after SIGTERM, which leaves a window to kill Zane during a retirement.
SLOW_COMMAND = "sh -c \"trap 'sleep 3; exit 0' TERM; (sleep 6; echo ok > /www/ready) & httpd -f -p 80 -h /www & wait\""
HEALTHCHECK = {"type": "PATH", "value": "/ready", "associated_port": 80, "timeout_seconds": 40}
PROXY_SERVICE = "zane-proxy-crash-test"


ENV = "/api/projects/crash/production"


def deploy(client):
    return client.call("PUT", f"{ENV}/deploy-service/docker/web", {})["hash"]


def deployment(client, hash_):
    return client.call("GET", f"{ENV}/service-details/web/deployments/{hash_}")


def trial(zane, point, port):
    # Only the drain kill point keeps replaced deployments running after the switch.
    server, client = start_server(zane, "zane-crash-", port, PROXY_SERVICE, {"ZANE_PROXY_DRAIN_SECONDS": "15" if point == "drain" else "0"})
    project_id = None
    try:
        client.login()
        project_id = client.call("POST", "/api/projects", {"slug": "crash"}, expect=201)["id"]
        service = create_service(client, ENV, "web", [{"field": "command", "new_value": SLOW_COMMAND},
                                                       {"field": "healthcheck", "new_value": HEALTHCHECK}])
        prefix = f"srv-{project_id}-{service['id']}-"
        previous = None
        if point in ("retire", "drain"):
            previous = deploy(client)
            wait_until(lambda: deployment(client, previous)["status"] == "HEALTHY", 90, "the first deployment")
        interrupted = deploy(client)
        own = prefix + interrupted
        if point == "service-created":
            wait_until(lambda: own in docker_services(project_id), 60, "the Swarm service")
        elif point == "health-check":
            wait_until(lambda: own in docker_services(project_id), 60, "the Swarm service")
            time.sleep(3)
        elif point == "retire":  # the new deployment passed its check and the old Swarm service is being removed
            wait_until(lambda: prefix + previous not in docker_services(project_id), 90, "the retirement to start")
        else:  # drain: the new deployment serves, the replaced one still runs for its drain window
            wait_until(lambda: deployment(client, interrupted)["status"] == "HEALTHY", 90, "the switch")
            assert prefix + previous in docker_services(project_id), "the drain window was over too soon"
        if point != "drain":
            assert deployment(client, interrupted)["status"] not in TERMINAL, "the kill point came too late"
        server.kill()
        server.start()
        client.login()
        end = wait_until(lambda: (d := deployment(client, interrupted))["status"] in TERMINAL and d, 120, "a terminal state")
        production = [d for d in client.call("GET", f"{ENV}/service-details/web/deployments?per_page=100")["results"]
                      if d["is_current_production"]]
        expected = {prefix + d["hash"] for d in production if d["status"] == "HEALTHY"}
        # Start-up removes what a killed process left behind, right after the recovery.
        try:
            wait_until(lambda: docker_services(project_id) == expected, 30, "the orphans to go")
        except AssertionError:
            raise AssertionError(f"Swarm services {docker_services(project_id)}, expected {expected}")
        following = deploy(client)
        final = wait_until(lambda: (d := deployment(client, following))["status"] in TERMINAL and d, 120, "the next deploy")
        assert final["status"] == "HEALTHY", f"the next deploy ended {final['status']}: {final['status_reason']}"
        return True, f"interrupted deployment ended {end['status']}; next deploy HEALTHY"
    except Exception as error:  # noqa: BLE001 - any failure fails the trial
        return False, str(error)
    finally:
        delete_project(client, "crash", project_id)
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zane", default=".build/debug/zane")
    parser.add_argument("--trials", type=int, default=2)
    parser.add_argument("--port", type=int, default=18790)
    args = parser.parse_args()
    results = []
    try:
        for point in ["service-created", "health-check", "retire", "drain"]:
            for number in range(1, args.trials + 1):
                ok, detail = trial(os.path.abspath(args.zane), point, args.port)
                results.append(ok)
                print(f"crash-test: {point} #{number}: {'ok' if ok else 'FAILED'}: {detail}", flush=True)
    finally:
        remove_docker_service(PROXY_SERVICE)
    failures = results.count(False)
    print(f"crash-test: {len(results)} trials, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
