#!/usr/bin/env python3
"""Runs the README's curl walk-through (the sh block after `<!-- walkthrough -->`) against a running Zane
and checks every status code its comments announce (`# 201 …`), so that the README cannot drift from what
works. The line that starts the server is left out: the caller has started one.

Usage: scripts/readme-walkthrough.py --base http://127.0.0.1:18765 [--image zane-test/busybox:latest]
"""
import argparse
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXPECTED = re.compile(r"^(?P<command>.*?)\s+#\s+(?P<status>[1-5]\d\d)\b.*$")


def walkthrough_commands(readme: str) -> list[str]:
    """The block's commands, continuation lines joined, comment-only lines and the server start left out."""
    marker = readme.index("<!-- walkthrough -->")
    block = readme[marker:].split("```sh\n", 1)[1].split("```", 1)[0]
    commands, pending = [], ""
    for line in block.splitlines():
        if pending:
            pending += " " + line.strip()
        elif line.strip().startswith("#") and commands and EXPECTED.match(" " + line.strip()):
            # A status comment on its own line belongs to the command above it.
            commands[-1] += " " + line.strip()
            continue
        else:
            pending = line.strip()
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip()
            continue
        if pending and not pending.startswith("#") and not pending.startswith("scripts/run.sh"):
            commands.append(pending)
        pending = ""
    return commands


def shell_script(commands: list[str]) -> tuple[str, int]:
    """One bash script that runs every command in order and counts the status codes that differ."""
    lines = ["set -u", "failed=0; checked=0"]
    for command in commands:
        match = EXPECTED.match(command)
        if not match:
            lines.append(command)
            continue
        run, status = match.group("command"), match.group("status")
        lines.append(f"code=$({run} -o \"$WALK/body\" -w '%{{http_code}}')")
        lines.append(f"checked=$((checked + 1))")
        lines.append(
            f'if [ "$code" != {status} ]; then failed=$((failed + 1)); '
            f'echo "FAIL: expected {status}, got $code: "{shlex.quote(run)}; cat "$WALK/body"; echo; fi')
    lines.append('echo "readme walk-through: $checked status codes checked, $failed wrong"')
    lines.append('[ "$failed" -eq 0 ]')
    return "\n".join(lines) + "\n", sum(1 for c in commands if EXPECTED.match(c))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--image", help="the image the walk-through's service uses instead of its own")
    args = parser.parse_args()
    readme = (ROOT / "README.md").read_text()
    commands = walkthrough_commands(readme)
    if args.image:
        commands = [c.replace('"image": "nginx:alpine"', f'"image": "{args.image}"') for c in commands]
    script, expected = shell_script(commands)
    if expected < 5:
        print(f"readme walk-through: only {expected} checked commands found in README.md", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        env = {"B": args.base, "WALK": work, "PATH": "/usr/bin:/bin:/usr/local/bin"}
        return subprocess.run(["bash", "-c", script], cwd=work, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
