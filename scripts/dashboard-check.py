#!/usr/bin/env python3
"""The dashboard in a real headless Chromium (Debian's `chromium`, driven by Playwright), against a real
`zane serve` on a fresh data directory.

A newcomer's path so far: onboarding (with a refused password first) -> the project list -> sign out ->
a wrong password -> sign in -> create a project -> its environment page -> the list, searched and sorted ->
an invalid slug (refused beside the field, nothing created), a taken one (the next free slug) ->
settings (the profile saved, a wrong current password refused beside its field) -> the CSRF refusals -> a missing page ->
an expired session. Each step asserts what the page shows. A screenshot of every page is saved in the
folder printed at the end (CI keeps it as an artefact).

Usage: scripts/dashboard-check.py [--zane .build/debug/zane] [--chromium /usr/bin/chromium] [--port 18890]
       [--screenshots DIR]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import requests
from playwright.sync_api import expect, sync_playwright

PASSWORD = "Dashboard-pass-1"


class Check:
    def __init__(self, page, base, folder):
        self.page, self.base, self.folder = page, base, folder
        self.passed, self.shots = 0, 0

    def ok(self, condition, what):
        if not condition:
            raise AssertionError(what)
        self.passed += 1

    def shot(self, name):
        self.shots += 1
        self.page.screenshot(path=os.path.join(self.folder, f"{self.shots:02d}-{name}.png"), full_page=True)

    def field_error(self, name):
        return self.page.locator(f"#{name}-errors")


def start(zane, port, work):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZANE_") and k != "DOCKER_HOST"}
    env.update(ZANE_DATA_DIR=os.path.join(work, "data"), LOG_LEVEL="warning", ZANE_PROXY="off")
    log = open(os.path.join(work, "server.log"), "a")
    process = subprocess.Popen([zane, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                               stdout=log, stderr=log)
    for _ in range(200):
        try:
            requests.get(f"http://127.0.0.1:{port}/api/ping", timeout=1)
            return process
        except requests.RequestException:
            time.sleep(0.1)
    raise SystemExit("dashboard-check: zane did not start")


def run(check, base):
    page = check.page

    page.goto(base + "/")
    expect(page).to_have_url(base + "/onboarding")
    expect(page.get_by_role("heading", name="Welcome to Zane")).to_be_visible()
    expect(page.locator("#password-rules")).to_contain_text("At least 8 characters")
    check.ok(True, "a fresh instance sends the newcomer to onboarding, password rules shown first")
    check.shot("onboarding")

    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create the user").click()
    expect(check.field_error("password")).to_contain_text("8 characters")
    check.ok(requests.get(base + "/api/auth/check-user-existence").json() == {"exists": False},
             "a refused onboarding creates no user")
    expect(page.get_by_label("Username")).to_have_value("ada")
    check.shot("onboarding-refused")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create the user").click()
    expect(page).to_have_url(base + "/")
    expect(page.get_by_role("heading", name="Projects")).to_be_visible()
    expect(page.locator(".empty")).to_contain_text("No project yet")
    expect(page.locator(".who")).to_have_text("ada")
    check.ok(True, "onboarding signs the first user in")
    check.shot("projects-empty")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(base + "/login")
    page.goto(base + "/onboarding")
    expect(page).to_have_url(base + "/login")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("Wrong-pass-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Invalid username or password.")
    check.ok(True, "a wrong password is told plainly")
    check.shot("login-refused")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + "/")

    page.get_by_role("link", name="New project").click()
    expect(page.get_by_role("heading", name="New project")).to_be_visible()
    check.shot("create-project")
    page.get_by_label("Slug").fill("shop")
    page.get_by_label("Description").fill("The <b>web</b> shop")
    page.get_by_role("button", name="Create project").click()
    expect(page).to_have_url(base + "/project/shop/production")
    expect(page.get_by_role("heading", name="shop")).to_be_visible()
    expect(page.locator(".tabs [aria-current=page]")).to_have_text("production")
    expect(page.locator(".empty")).to_contain_text("No service in this environment yet.")
    check.shot("environment")

    page.get_by_role("link", name="Projects").first.click()
    card = page.locator(".card.project", has_text="shop")
    expect(card).to_be_visible()
    expect(card).to_contain_text("The <b>web</b> shop")  # shown as text, never as markup
    check.ok(card.locator("b").count() == 0, "a description cannot inject markup")
    check.shot("projects")
    page.get_by_label("Search projects").fill("zzz")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".empty")).to_contain_text("No project matches")
    page.get_by_label("Search projects").fill("sho")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".card.project")).to_have_count(1)
    page.get_by_label("Sort by").select_option("slug")
    expect(page).to_have_url(base + "/?query=sho&sort_by=slug")

    page.goto(base + "/create-project")
    page.get_by_label("Slug").fill("Not a slug!")
    page.get_by_role("button", name="Create project").click()
    expect(check.field_error("slug")).to_be_visible()
    expect(page.get_by_label("Slug")).to_have_value("Not a slug!")
    projects = page.request.get(base + "/api/projects").json()
    check.ok([p["slug"] for p in projects] == ["shop"], f"an invalid slug creates nothing: {projects}")
    check.shot("create-project-refused")
    page.get_by_label("Slug").fill("shop")
    page.get_by_role("button", name="Create project").click()
    expect(page).to_have_url(base + "/project/shop-2/production")
    check.ok(True, "a taken project slug gets the next free one, as in ZaneOps")

    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    page.get_by_label("First name").fill("Ada")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_role("status")).to_have_text("Profile saved.")
    expect(page.get_by_label("First name")).to_have_value("Ada")
    page.get_by_label("Current password").fill("Wrong-pass-1")
    page.get_by_label("New password", exact=True).fill("Other-pass-2")
    page.get_by_label("New password, again").fill("Other-pass-2")
    page.get_by_role("button", name="Change the password").click()
    expect(check.field_error("current_password")).to_contain_text("Current password is incorrect.")
    check.ok(True, "a wrong current password is told beside its field")
    check.shot("settings-refused")

    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    missing = page.request.post(base + "/create-project", form={"slug": "no-token"})
    check.ok(missing.status == 403 and "Refused" in missing.text() and "text/html" in missing.headers["content-type"],
             f"a form post without the token gets the error page: {missing.status}")
    foreign = page.request.post(base + "/create-project", form={"slug": "foreign", "csrfmiddlewaretoken": token},
                                headers={"Origin": "http://evil.example"})
    check.ok(foreign.status == 403 and "Refused" in foreign.text(), f"a cross-site post is refused: {foreign.status}")
    check.ok(sorted(p["slug"] for p in page.request.get(base + "/api/projects").json()) == ["shop", "shop-2"],
             "neither refused post created a project")

    page.goto(base + "/no-such-page")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    check.shot("not-found")
    page.goto(base + "/project/shop/nowhere")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()

    page.goto(base + "/")
    paint = page.evaluate("""() => new Promise((resolve) => {
        new PerformanceObserver((list) => {
            const entry = list.getEntriesByName("first-contentful-paint")[0];
            if (entry) resolve(entry.startTime);
        }).observe({ type: "paint", buffered: true });
        setTimeout(() => resolve(null), 3000);
    })""")
    check.ok(paint is not None and paint < 1000, f"first contentful paint of the project list: {paint} ms")
    expect(page.locator(".card.project time").first).to_have_text(re.compile(r"^(now|\d+ \w+ ago)$"))
    script_bytes = len(requests.get(base + "/static/zane.js").content)
    check.ok(script_bytes < 50_000, f"JavaScript served: {script_bytes} bytes")

    page.context.clear_cookies()
    page.goto(base + "/create-project")
    expect(page).to_have_url(base + "/login?next=%2Fcreate%2Dproject")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + "/create-project")
    check.ok(True, "an expired session signs in again and returns to the page it wanted")
    check.shot("login")
    return paint, script_bytes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zane", default=".build/debug/zane")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--port", type=int, default=18890)
    parser.add_argument("--screenshots", default=None)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="zane-dashboard-")
    folder = args.screenshots or os.path.join(work, "screenshots")
    os.makedirs(folder, exist_ok=True)
    server = start(os.path.abspath(args.zane), args.port, work)
    base = f"http://127.0.0.1:{args.port}"
    started = time.time()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                                 args=["--no-sandbox", "--disable-dev-shm-usage"])
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            check = Check(context.new_page(), base, folder)
            try:
                paint, script_bytes = run(check, base)
            except Exception:
                check.shot("failure")
                print(open(os.path.join(work, "server.log")).read()[-3000:], file=sys.stderr)
                raise
            phone = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=context.storage_state())
            phone_page = phone.new_page()
            phone_page.goto(base + "/")
            expect(phone_page.get_by_role("heading", name="Projects")).to_be_visible()
            phone_page.screenshot(path=os.path.join(folder, "phone-projects.png"), full_page=True)
            dark = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark",
                                       storage_state=context.storage_state())
            dark_page = dark.new_page()
            dark_page.goto(base + "/")
            background = dark_page.evaluate("() => getComputedStyle(document.body).backgroundColor")
            check.ok(background != "rgb(246, 247, 249)", f"a dark system setting gets the dark style: {background}")
            dark_page.screenshot(path=os.path.join(folder, "dark-projects.png"), full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"dashboard-check: {check.passed} checks passed, {check.shots + 2} screenshots in {folder}, "
          f"first contentful paint of the project list {paint if paint is None else round(paint)} ms, {script_bytes} bytes of JavaScript, "
          f"{time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
