#!/usr/bin/env python3
"""Crash safety of the deployment pipeline, against a real `zane serve` and the local Docker swarm.

For each kill point (right after the Swarm service is created, during the health check, while the
previous deployment is being retired, while it drains after the traffic switch, and for a git service
while its commit is fetched and while its image is built), and for N trials each: deploy, `kill -9` the
server at that point, start it again, and check that every deployment ends in a terminal state, that no
Swarm service is left besides the production one, and that the next deploy of the same service becomes
HEALTHY; after a killed build, also that no build container, image or checkout is left.
Health checks are PATH checks, so they go through the server's Caddy proxy (a service of its own here).
The git service's repository is served by `git daemon` behind a relay slow enough for a clone to last.

Usage: scripts/crash-test.py [--zane .build/debug/zane] [--trials 2]
Prints one line per trial and a summary; exits 1 if any trial failed.
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

from git_testserver import GitServer
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


BUILD_STEP = "sleep 8"
GIT_APP = {
    "Dockerfile": f"FROM zane-test/busybox:latest\nRUN {BUILD_STEP}\nCOPY index.html /www/index.html\n"
                  "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\"]\n",
    "index.html": "crash\n",
    # Incompressible, so that the slowed-down clone lasts about ten seconds.
    "blob.bin": os.urandom(3 << 20),
}


def build_containers():
    out = subprocess.run(["docker", "ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Command}}"],
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if BUILD_STEP in line]


def project_images(project_id):
    out = subprocess.run(["docker", "images", "-q", "--filter", f"label=zane-project={project_id}"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def checkouts(tmp, hash_):
    return glob.glob(os.path.join(tmp, "zane-builds-*", hash_))


def git_trial(zane, point, port, git):
    tmp = tempfile.mkdtemp(prefix="zane-crash-tmp-")
    server, client = start_server(zane, "zane-crash-", port, PROXY_SERVICE, {"TMPDIR": tmp})
    project_id = None
    try:
        client.login()
        project_id = client.call("POST", "/api/projects", {"slug": "crash"}, expect=201)["id"]
        client.call("POST", f"{ENV}/create-service/git",
                    {"slug": "web", "repository_url": git.url("app"), "branch_name": "main"}, expect=201)
        # Without the cache: an earlier trial's build of the same commit would skip the build step.
        interrupted = client.call("PUT", f"{ENV}/deploy-service/git/web", {"ignore_build_cache": True})["hash"]
        if point == "clone":
            wait_until(lambda: any(os.path.isdir(os.path.join(path, "repo")) for path in checkouts(tmp, interrupted)),
                       60, "the clone to start")
            time.sleep(1)
            assert not any(os.path.exists(os.path.join(path, "context.tar")) for path in checkouts(tmp, interrupted)), \
                "the clone was over too soon"
        else:
            wait_until(build_containers, 90, "the build step to run")
        assert deployment(client, interrupted)["status"] == "BUILDING", "the kill point came too late"
        server.kill()
        server.start()
        client.login()
        end = wait_until(lambda: (d := deployment(client, interrupted))["status"] in TERMINAL and d, 120, "a terminal state")
        wait_until(lambda: not build_containers(), 30, "the build container to go")
        assert not checkouts(tmp, interrupted), "the checkout is still there"
        assert not project_images(project_id), f"images were left: {project_images(project_id)}"
        following = client.call("PUT", f"{ENV}/deploy-service/git/web", {})["hash"]
        final = wait_until(lambda: (d := deployment(client, following))["status"] in TERMINAL and d, 180, "the next deploy")
        assert final["status"] == "HEALTHY", f"the next deploy ended {final['status']}: {final['status_reason']}"
        return True, f"interrupted build ended {end['status']}; nothing left behind; next deploy HEALTHY"
    except Exception as error:  # noqa: BLE001 - any failure fails the trial
        return False, str(error)
    finally:
        delete_project(client, "crash", project_id)
        server.stop()
        if project_id:
            for image in project_images(project_id):
                subprocess.run(["docker", "rmi", "-f", image], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zane", default=".build/debug/zane")
    parser.add_argument("--trials", type=int, default=2)
    parser.add_argument("--port", type=int, default=18790)
    parser.add_argument("--points", default="service-created,health-check,retire,drain,clone,build")
    args = parser.parse_args()
    results = []
    git = GitServer(bytes_per_second=300_000)
    git.commit("app", GIT_APP, "crash test app")
    try:
        for point in args.points.split(","):
            for number in range(1, args.trials + 1):
                if point in ("clone", "build"):
                    ok, detail = git_trial(os.path.abspath(args.zane), point, args.port, git)
                else:
                    ok, detail = trial(os.path.abspath(args.zane), point, args.port)
                results.append(ok)
                print(f"crash-test: {point} #{number}: {'ok' if ok else 'FAILED'}: {detail}", flush=True)
    finally:
        remove_docker_service(PROXY_SERVICE)
        git.stop()
    failures = results.count(False)
    print(f"crash-test: {len(results)} trials, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
