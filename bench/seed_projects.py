#!/usr/bin/env python3
"""Log in to a Zane server and create N projects for the benchmark.

Prints, on stdout, one `key=value` per line:
    sessionid=<session cookie value>
    token=<a FULL API token of the same user>
    listed=<number of projects returned by GET /api/projects/>
Everything else goes to stderr. Exits non-zero on any unexpected response.
"""

import argparse
import sys
import time

import requests


def die(msg: str, resp: "requests.Response | None" = None) -> None:
    if resp is not None:
        msg += f"\n  -> HTTP {resp.status_code} {resp.request.method} {resp.url}\n  -> {resp.text[:500]}"
    print(f"seed_projects: {msg}", file=sys.stderr)
    sys.exit(1)


def count_projects(payload) -> int:
    """Count the projects in a list response, whatever its envelope."""
    if isinstance(payload, list):
        return len(payload)
    if isinstance(payload, dict):
        for key in ("results", "projects", "items", "data"):
            if isinstance(payload.get(key), list):
                return len(payload[key])
    return -1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base-url", default="http://127.0.0.1:8090")
    ap.add_argument("--username", default="admin")
    ap.add_argument("--password", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--prefix", default="bench-")
    args = ap.parse_args()
    base = args.base_url.rstrip("/")

    s = requests.Session()
    s.trust_env = False  # never route through a proxy from the environment

    r = s.post(f"{base}/api/auth/login", json={"username": args.username, "password": args.password})
    if r.status_code != 201:
        die("login failed", r)
    session_id = s.cookies.get("sessionid")
    csrf = s.cookies.get("csrftoken")
    if not session_id or not csrf:
        die(f"login did not set both cookies (got: {sorted(s.cookies.keys())})", r)
    s.headers["X-CSRFToken"] = csrf

    started = time.monotonic()
    for n in range(1, args.count + 1):
        r = s.post(f"{base}/api/projects", json={"slug": f"{args.prefix}{n}"})
        if r.status_code != 201:
            die(f"creating project {n}/{args.count} failed", r)
    elapsed = time.monotonic() - started
    print(f"seed_projects: created {args.count} projects in {elapsed:.1f}s", file=sys.stderr)

    r = s.get(f"{base}/api/projects/")
    if r.status_code != 200:
        die("listing projects failed", r)
    listed = count_projects(r.json())

    r = s.post(f"{base}/api/auth/tokens", json={"name": "bench", "scope": "FULL"})
    if r.status_code != 201:
        die("creating an API token failed", r)
    print(f"sessionid={session_id}")
    print(f"token={r.json()['token']}")
    print(f"listed={listed}")


if __name__ == "__main__":
    main()
