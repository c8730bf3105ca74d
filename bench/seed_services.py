#!/usr/bin/env python3
"""Log in to a Zane server and fill one environment with services for the benchmark.

Creates project `bench` and, in its production environment, N services (`svc-1`…), each asking for
20 env variables (one .env import), 3 URLs and 2 volumes. Prints `sessionid=…` and `csrftoken=…` on stdout.
Exits non-zero on any unexpected response.
"""

import argparse
import sys
import time

import requests


def die(msg, resp=None):
    if resp is not None:
        msg += f"\n  -> HTTP {resp.status_code} {resp.request.method} {resp.url}\n  -> {resp.text[:500]}"
    print(f"seed_services: {msg}", file=sys.stderr)
    sys.exit(1)


def expect(resp, status, what):
    if resp.status_code != status:
        die(what, resp)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base-url", default="http://127.0.0.1:8090")
    ap.add_argument("--username", default="admin")
    ap.add_argument("--password", required=True)
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--image", default="ghcr.io/bench/app:1.0", help="an image the server accepts (present in its Docker engine, if it has one)")
    args = ap.parse_args()
    base = args.base_url.rstrip("/")

    s = requests.Session()
    s.trust_env = False  # never route through a proxy from the environment
    expect(s.post(f"{base}/api/auth/login", json={"username": args.username, "password": args.password}), 201, "login")
    s.headers["X-CSRFToken"] = s.cookies.get("csrftoken")
    expect(s.post(f"{base}/api/projects", json={"slug": "bench"}), 201, "creating the project")

    env = f"{base}/api/projects/bench/production"
    started = time.monotonic()
    for n in range(1, args.count + 1):
        slug = f"svc-{n}"
        expect(s.post(f"{env}/create-service/docker", json={"slug": slug, "image": args.image}), 201, slug)
        dotenv = "\n".join(f"VARIABLE_{k}=value-{n}-{k}-with-some-length" for k in range(20))
        expect(s.put(f"{env}/request-env-changes/{slug}", json={"new_value": dotenv}), 200, f"{slug} env")
        changes = [
            {"field": "urls", "type": "ADD", "new_value": {"domain": f"{slug}-{k}.bench.example.com", "associated_port": 8080}}
            for k in range(3)
        ] + [
            {"field": "volumes", "type": "ADD", "new_value": {"name": f"{slug}-{k}", "container_path": f"/data/{k}"}}
            for k in range(2)
        ]
        for change in changes:
            expect(s.put(f"{env}/request-service-changes/{slug}", json=change), 200, f"{slug} {change['field']}")
        if n % 100 == 0:
            print(f"seed_services: {n} services ({time.monotonic() - started:.0f}s)", file=sys.stderr)

    r = s.get(f"{env}/service-list")
    expect(r, 200, "service-list")
    if len(r.json()) != args.count:
        die(f"service-list returned {len(r.json())} services, not {args.count}")
    print(f"sessionid={s.cookies.get('sessionid')}")
    print(f"csrftoken={s.cookies.get('csrftoken')}")


if __name__ == "__main__":
    main()
