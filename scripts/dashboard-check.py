#!/usr/bin/env python3
"""The dashboard in a real headless Chromium (Debian's `chromium`, driven by Playwright), against a real
`zane serve` on a fresh data directory.

A newcomer's path: onboarding (with a refused password first) -> the project list -> sign out ->
a wrong password -> sign in -> create a project -> its environment page -> the list, searched and sorted ->
an invalid slug (refused beside the field, nothing created), a taken one (the next free slug) ->
settings (the profile saved, a wrong current password refused beside its field) -> the CSRF refusals ->
a service from an image (an invalid image and a taken slug refused first) -> a URL (a bad port refused) and an
env variable -> deploy with a commit message -> the deployment page, whose build log grows until HEALTHY ->
the URL answers through the proxy -> sleep and wake -> archive -> a service from a git repository (an
unreachable one refused first, then a private one without its token) -> its push webhook settings -> its deploy, whose progress line shows the
build -> its URL answers -> a missing page -> an expired session.
Each step asserts what the page shows. A screenshot of every page is saved in the folder printed at the end
(CI keeps it as an artefact). Needs the Docker engine and the proxy image of scripts/test.sh.

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

from git_testserver import GitServer
from zane_testlib import Server, docker_services, remove_docker_service, wait_until

PASSWORD = "Dashboard-pass-1"
PROXY_SERVICE = "zane-dashboard-proxy"
DOMAIN = "web.dashboard.zane.test"


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


def run(check, base, proxy_port):
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
    expect(page.get_by_role("navigation", name="Environments").locator("[aria-current=page]")).to_have_text("production")
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

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
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

    tokens_flow(check, base)

    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    missing = page.request.post(base + "/create-project", form={"slug": "no-token"})
    check.ok(missing.status == 403 and "Refused" in missing.text() and "text/html" in missing.headers["content-type"],
             f"a form post without the token gets the error page: {missing.status}")
    foreign = page.request.post(base + "/create-project", form={"slug": "foreign", "csrfmiddlewaretoken": token},
                                headers={"Origin": "http://evil.example"})
    check.ok(foreign.status == 403 and "Refused" in foreign.text(), f"a cross-site post is refused: {foreign.status}")
    check.ok(sorted(p["slug"] for p in page.request.get(base + "/api/projects").json()) == ["shop", "shop-2"],
             "neither refused post created a project")

    service_flow(check, base, proxy_port)
    git_flow(check, base, proxy_port)
    environment_flow(check, base)

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


def tokens_flow(check, base):
    page = check.page
    page.get_by_role("navigation", name="Settings").get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(page.locator(".muted", has_text="No token yet")).to_be_visible()
    page.get_by_label("Name").fill("GitHub deploy")
    page.get_by_label("Scope").select_option("DEPLOY")
    page.get_by_label("Deploy only: what it may deploy").fill("nope")
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_role("alert")).to_contain_text("`nope` does not exist")
    expect(page.get_by_label("Name")).to_have_value("GitHub deploy")
    check.ok(page.locator("tbody tr").count() == 0, "an unknown target creates no token")
    check.shot("tokens-refused")
    page.get_by_label("Deploy only: what it may deploy").fill("shop")
    page.get_by_role("button", name="Create the token").click()
    secret = page.locator("#new-token-secret").inner_text()
    check.ok(re.fullmatch(r"zane_[a-z0-9]{40}", secret) is not None, "the new token's secret is shown once")
    expect(page.locator("tbody tr", has_text="GitHub deploy")).to_contain_text("Deploy: shop")
    check.shot("token-created")
    bearer = {"Authorization": f"Bearer {secret}"}
    check.ok(requests.get(base + "/api/projects", headers=bearer).status_code == 403,
             "a deploy-only token cannot list projects")
    page.goto(base + "/settings/tokens")
    check.ok(secret not in page.content(), "the secret is never shown again")

    page.get_by_label("Name").fill("read only laptop")
    page.get_by_label("Scope").select_option("READ_ONLY")
    page.get_by_label("Expires").select_option("30")
    page.get_by_role("button", name="Create the token").click()
    reader = {"Authorization": "Bearer " + page.locator("#new-token-secret").inner_text()}
    check.ok(requests.get(base + "/api/projects", headers=reader).status_code == 200, "a read-only token reads")
    check.ok(requests.post(base + "/api/projects", headers=reader, json={"slug": "x"}).status_code == 403,
             "a read-only token writes nothing")
    page.goto(base + "/settings/tokens")
    row = page.locator("tbody tr", has_text="read only laptop")
    expect(row.locator("td").nth(3)).to_have_text(re.compile(r"now|seconds? ago|minute ago"))
    row.get_by_role("button", name="Revoke read only laptop").click()
    expect(page.get_by_role("status")).to_contain_text("Token revoked")
    expect(page.locator("tbody tr")).to_have_count(1)
    check.ok(requests.get(base + "/api/projects", headers=reader).status_code == 401, "a revoked token is refused at once")
    check.shot("tokens")


def by_id(page, element_id):
    """An element by an id that CSS would need escaped (the dashboard's ids hold dots)."""
    return page.locator(f'[id="{element_id}"]')


def through_proxy(proxy_port, domain=DOMAIN):
    """The service's URL through the proxy; None while nothing answers (a service stopping, starting)."""
    try:
        return requests.get(f"http://127.0.0.1:{proxy_port}/", headers={"Host": domain}, timeout=5)
    except requests.RequestException:
        return None


def service_flow(check, base, proxy_port):
    page = check.page
    api_env = base + "/api/projects/shop/production"

    page.goto(base + "/project/shop/production")
    page.get_by_role("link", name="New service").click()
    expect(page.get_by_role("heading", name="New service from an image")).to_be_visible()
    page.get_by_label("Image").fill("Not An Image!!")
    page.get_by_label("Slug").fill("web")
    page.get_by_role("button", name="Create service").click()
    expect(check.field_error("image")).to_contain_text("doesn't exist")
    expect(page.get_by_label("Image")).to_have_value("Not An Image!!")
    check.ok(page.request.get(api_env + "/service-list").json() == [], "an invalid image creates no service")
    check.shot("create-service-refused")
    page.get_by_label("Image").fill("zane-test/busybox:latest")
    page.get_by_role("button", name="Create service").click()
    expect(page).to_have_url(base + "/project/shop/production/services/web")
    pending = page.locator(".pending")
    expect(pending).to_contain_text("1 pending change")
    expect(pending).to_contain_text("zane-test/busybox:latest")
    check.shot("service-new")

    page.goto(base + "/project/shop/production/create-service")
    page.get_by_label("Image").fill("zane-test/busybox:latest")
    page.get_by_label("Slug").fill("web")
    page.get_by_role("button", name="Create service").click()
    expect(check.field_error("slug")).to_contain_text("already exists")
    check.ok(len(page.request.get(api_env + "/service-list").json()) == 1, "a taken slug creates nothing")

    page.goto(base + "/project/shop/production/services/web/settings")
    url_form = page.locator("#form-url-add")
    url_form.get_by_label("Domain").fill(DOMAIN)
    url_form.get_by_label("Container port").fill("70000")
    url_form.evaluate("form => form.noValidate = true")  # the server's own check, not the browser's
    url_form.get_by_role("button", name="Add URL").click()
    expect(by_id(page, "url-add-new_value.associated_port-errors")).to_contain_text("less than or equal to 65535")
    expect(page.locator("#form-url-add").get_by_label("Domain")).to_have_value(DOMAIN)
    details = page.request.get(api_env + "/service-details/web").json()
    check.ok(len(details["unapplied_changes"]) == 1, "a refused URL records no change")
    check.shot("settings-url-refused")
    page.locator("#form-url-add").get_by_label("Container port").fill("80")
    page.locator("#form-url-add").get_by_role("button", name="Add URL").click()
    expect(page).to_have_url(base + "/project/shop/production/services/web/settings")
    expect(page.locator(".pending")).to_contain_text(DOMAIN)
    check.shot("settings")

    page.get_by_role("link", name="Env variables").click()
    add = page.locator("#form-env-add")
    add.get_by_label("Name").fill("1BAD")
    add.get_by_label("Value").fill("x")
    add.get_by_role("button", name="Add").click()
    expect(by_id(page, "env-add-new_value.key-errors")).to_be_visible()
    add = page.locator("#form-env-add")
    add.get_by_label("Name").fill("GREETING")
    add.get_by_label("Value").fill("hello <world>")
    add.get_by_role("button", name="Add").click()
    expect(page.locator(".pending")).to_contain_text("GREETING=hello <world>")
    check.shot("env-variables")

    page.get_by_role("link", name="Deployments").click()
    expect(page.locator(".pending h2")).to_have_text("3 pending changes")
    page.get_by_label("Commit message").fill("first deploy")
    page.get_by_role("button", name="Deploy now").click()
    expect(page).to_have_url(re.compile(r"/project/shop/production/services/web/deployments/dpl_dkr_\w+$"))
    expect(page.get_by_role("heading", name="Build log")).to_be_visible()
    lines = page.locator("#build-log .line")
    expect(lines.first).to_be_visible(timeout=20_000)
    first_count = lines.count()
    check.shot("deployment-running")
    expect(page.locator("#deployment-status")).to_contain_text("Healthy", timeout=90_000)
    check.ok(lines.count() > first_count, f"the build log grew while the page was open ({first_count} -> {lines.count()})")
    expect(page.locator("#progress li.done")).to_have_count(4)
    check.shot("deployment-healthy")

    answer = wait_until(lambda: (lambda r: r if r is not None and r.status_code == 200 else None)(
        through_proxy(proxy_port)), 30, "the URL to answer")
    check.ok("zane test page" in answer.text, f"the service answers on its URL through the proxy: {answer.text[:80]}")

    page.get_by_role("link", name="HTTP logs").click()
    rows = page.locator(".requests tbody tr")
    wait_until(lambda: (page.reload(), rows.count() > 0)[1], 30, "the request to appear in the HTTP logs")
    expect(rows.first).to_contain_text("200")
    expect(rows.first).to_contain_text(DOMAIN)
    check.ok(True, "the request through the proxy is in the deployment's HTTP logs")
    check.shot("deployment-http-logs")

    page.get_by_role("link", name="Details").click()
    expect(page.locator(".snapshot")).to_contain_text("GREETING")
    page.get_by_role("link", name="Runtime logs").click()
    expect(page.get_by_role("heading", name="Runtime logs")).to_be_visible()
    check.shot("deployment-runtime-logs")

    page.goto(base + "/project/shop/production/services/web")
    expect(page.locator("#service-status")).to_contain_text("Healthy")
    expect(page.locator(".deployments .deployment")).to_have_count(1)
    expect(page.locator(".deployments")).to_contain_text("first deploy")
    check.shot("service-deployments")
    page.goto(base + "/project/shop/production")
    expect(page.locator(".card.service", has_text="web")).to_contain_text("Healthy")
    expect(page.locator(".card.service", has_text="web")).to_contain_text(DOMAIN)
    check.shot("environment-services")

    page.goto(base + "/project/shop/production/services/web/settings")
    page.get_by_role("button", name="Put to sleep").click()
    # The test image's httpd ignores SIGTERM: the engine waits out the stop grace period before it kills it.
    expect(page.get_by_role("button", name="Wake up")).to_be_visible(timeout=90_000)
    expect(page.locator("#service-status")).to_contain_text("Sleeping")
    wait_until(lambda: getattr(through_proxy(proxy_port), "status_code", None) != 200,
               30, "the sleeping service to stop answering")
    page.get_by_role("button", name="Wake up").click()
    expect(page.get_by_role("button", name="Put to sleep")).to_be_visible(timeout=60_000)
    wait_until(lambda: getattr(through_proxy(proxy_port), "status_code", None) == 200,
               60, "the woken service to answer again")
    check.ok(True, "sleep stops the service and wake starts it again")

    archive = page.locator("#archive")
    archive.get_by_label("Type the service’s slug to confirm").fill("wrong")
    archive.get_by_role("button", name="Archive web").click()
    expect(check.field_error("archive-confirm")).to_contain_text("Type `web` to confirm.")
    check.shot("archive-refused")
    archive = page.locator("#archive")
    archive.get_by_label("Type the service’s slug to confirm").fill("web")
    archive.get_by_role("button", name="Archive web").click()
    expect(page).to_have_url(base + "/project/shop/production")
    expect(page.locator(".empty")).to_contain_text("No service in this environment yet.")
    check.ok(page.request.get(api_env + "/service-list").json() == [], "the archived service is gone")


GIT_DOMAIN = "app.dashboard.zane.test"
GIT_TOKEN = "glpat-dashboard-7Qx2"
GIT_APP = {
    "Dockerfile": "FROM zane-test/busybox:latest\nCOPY index.html /www/index.html\n"
                  "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\"]\n",
    "index.html": "built from git\n",
}


def git_flow(check, base, proxy_port):
    page = check.page
    api_env = base + "/api/projects/shop/production"
    git = GitServer(token=GIT_TOKEN)
    try:
        sha = git.commit("app", GIT_APP, "first page")
        page.goto(base + "/project/shop/production")
        page.get_by_role("link", name="From a git repository", exact=True).click()
        expect(page.get_by_role("heading", name="New service from a git repository")).to_be_visible()
        page.get_by_label("Repository URL").fill(git.url("missing"))
        page.get_by_label("Slug").fill("app")
        page.get_by_role("button", name="Create service").click()
        expect(check.field_error("repository_url")).to_contain_text("does not exist")
        check.ok(page.request.get(api_env + "/service-list").json() == [], "an unreachable repository creates nothing")
        check.shot("create-git-service-refused")
        # The repository is private: without its token, the form says to give one.
        page.get_by_label("Repository URL").fill(git.private_url("app"))
        page.get_by_role("button", name="Create service").click()
        expect(check.field_error("repository_url")).to_contain_text("give an access token")
        check.shot("create-git-service-needs-token")
        page.get_by_label("Access token").fill(GIT_TOKEN)
        page.get_by_role("button", name="Create service").click()
        expect(page).to_have_url(base + "/project/shop/production/services/app")
        expect(page.locator(".pending")).to_contain_text("Git source")
        check.ok(GIT_TOKEN not in page.content(), "the token is not shown once given")
        check.shot("git-service-new")

        page.goto(base + "/project/shop/production/services/app/settings")
        expect(page.locator("#git-source")).to_contain_text("reads its repository with a token")
        check.ok(GIT_TOKEN not in page.content(), "the settings page does not show the token")
        hooks = page.locator("#push-webhooks")
        expect(hooks).to_contain_text("/api/connectors/github/webhook")
        secret = page.request.get(api_env + "/service-details/app").json()["webhook_secret"]
        expect(hooks).to_contain_text(secret)
        hooks.get_by_label("Watch paths").fill("src/**, Dockerfile")
        hooks.get_by_role("button", name="Save").click()
        expect(page.locator("#push-webhooks").get_by_label("Watch paths")).to_have_value("src/**, Dockerfile")
        url_form = page.locator("#form-url-add")
        url_form.get_by_label("Domain").fill(GIT_DOMAIN)
        url_form.get_by_label("Container port").fill("80")
        url_form.get_by_role("button", name="Add URL").click()
        expect(page.locator(".pending")).to_contain_text(GIT_DOMAIN)
        check.shot("git-service-settings")

        page.get_by_role("button", name="Deploy now").click()
        expect(page).to_have_url(re.compile(r"/project/shop/production/services/app/deployments/dpl_dkr_\w+$"))
        expect(page.locator("#progress")).to_contain_text("Building")
        expect(page.locator("#deployment-status")).to_contain_text("Healthy", timeout=120_000)
        expect(page.locator("#progress li.done")).to_have_count(5)
        expect(page.locator("#build-log")).to_contain_text("RUNNING DOCKER BUILD")
        expect(page.locator("#deployment-meta")).to_contain_text(sha[:7])
        expect(page.locator("#deployment-meta")).to_contain_text("first page")
        check.ok(True, "a git deploy shows its build stage, its commit and its build output")
        check.shot("git-deployment-healthy")
        answer = wait_until(lambda: (lambda r: r if r is not None and r.status_code == 200 else None)(
            through_proxy(proxy_port, GIT_DOMAIN)), 30, "the git service's URL to answer")
        check.ok(answer.text == "built from git\n", f"the built service answers through the proxy: {answer.text[:80]}")
        page.goto(base + "/project/shop/production")
        expect(page.locator(".card.service", has_text="app")).to_contain_text(git.private_url("app"))
        check.shot("environment-git-service")
        deleted = page.request.delete(api_env + "/archive-service/git/app", headers={"X-CSRFToken": csrf(page)})
        check.ok(deleted.status == 204, f"the git service is archived ({deleted.status})")
    finally:
        git.stop()


def csrf(page):
    return next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")


def environment_flow(check, base):
    page = check.page
    page.goto(base + "/project/shop/production")
    page.get_by_role("navigation", name="Environment").get_by_role("link", name="Shared variables").click()
    add = page.locator("#form-var-add")
    add.get_by_label("Name").fill("not valid")
    add.get_by_role("button", name="Add").click()
    expect(by_id(page, "var-add-key-errors")).to_contain_text("Invalid variable name")
    add = page.locator("#form-var-add")
    add.get_by_label("Name").fill("REGION")
    add.get_by_label("Value").fill("eu")
    add.get_by_role("button", name="Add").click()
    expect(page.locator(".variable")).to_have_count(1)
    check.shot("environment-variables")

    page.get_by_role("navigation", name="Environment").get_by_role("link", name="Settings").click()
    create = page.locator("#create")
    create.get_by_label("Name").fill("Bad Name!")
    create.get_by_role("button", name="Create environment").click()
    expect(check.field_error("create-name")).to_be_visible()
    page.locator("#create").get_by_label("Name").fill("staging")
    page.locator("#create").get_by_role("button", name="Create environment").click()
    expect(page).to_have_url(base + "/project/shop/staging")
    expect(page.get_by_role("navigation", name="Environments").locator("[aria-current=page]")).to_have_text("staging")
    page.goto(base + "/project/shop/production/settings")
    clone = page.locator("#clone")
    clone.get_by_label("Name of the copy").fill("staging")
    clone.get_by_role("button", name="Copy environment").click()
    expect(check.field_error("clone-name")).to_contain_text("already exists")
    page.locator("#clone").get_by_label("Name of the copy").fill("qa")
    page.locator("#clone").get_by_role("button", name="Copy environment").click()
    expect(page).to_have_url(base + "/project/shop/qa")
    page.get_by_role("navigation", name="Environment").get_by_role("link", name="Shared variables").click()
    expect(page.locator(".variable input[name=key]")).to_have_value("REGION")
    check.ok(True, "a copied environment has the shared variables of its source")
    page.goto(base + "/project/shop/staging/settings")
    page.locator("#rename").get_by_label("New name").fill("stage")
    page.locator("#rename").get_by_role("button", name="Rename").click()
    expect(page).to_have_url(base + "/project/shop/stage/settings")
    check.shot("environment-settings")
    page.locator("#delete").get_by_label("Type the environment’s name to confirm").fill("stage")
    page.locator("#delete").get_by_role("button", name="Delete stage").click()
    expect(page).to_have_url(base + "/project/shop/production")
    names = [e["name"] for e in page.request.get(base + "/api/projects/shop").json()["environments"]]
    check.ok(sorted(names) == ["production", "qa"], f"create, copy, rename and delete environments: {names}")

    page.get_by_label("Jump to a project, environment or service").fill("sh")
    popup = page.locator("#search-popup")
    expect(popup.get_by_role("link", name="project shop", exact=True)).to_be_visible()
    check.shot("search")
    page.get_by_label("Jump to a project, environment or service").fill("qa")
    popup.get_by_role("link", name="environment shop / qa").click()
    expect(page).to_have_url(base + "/project/shop/qa")
    check.ok(True, "the search box jumps to a project or an environment")


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
    os.makedirs(os.path.join(work, "data"))
    server = Server(os.path.abspath(args.zane), os.path.join(work, "data"), args.port, PROXY_SERVICE)
    server.start()
    base = server.base
    started = time.time()
    project_ids = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                                 args=["--no-sandbox", "--disable-dev-shm-usage"])
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            check = Check(context.new_page(), base, folder)
            # The browser's complaints (a refused script, a failed request) explain a failure better than its symptom.
            check.page.on("console", lambda message: message.type == "error" and print(
                f"browser console: {message.text}", file=sys.stderr))
            check.page.on("requestfailed", lambda request: print(
                f"browser request failed: {request.url} {request.failure}", file=sys.stderr))
            try:
                paint, script_bytes = run(check, base, server.proxy_port)
            except Exception:
                check.shot("failure")
                print(open(os.path.join(work, "data", "server.log")).read()[-3000:], file=sys.stderr)
                raise
            finally:
                try:
                    listed = check.page.request.get(base + "/api/projects")
                    project_ids = [project["id"] for project in listed.json()] if listed.ok else []
                except Exception as error:  # noqa: BLE001 - the clean-up must not hide the failure
                    print(f"dashboard-check: could not list the projects to clean up: {error}", file=sys.stderr)
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
        server.stop()
        for project_id in project_ids:
            try:
                for name in docker_services(project_id):
                    remove_docker_service(name)
            except Exception as error:  # noqa: BLE001 - the clean-up must not hide the failure
                print(f"dashboard-check: clean-up of {project_id}: {error}", file=sys.stderr)
        remove_docker_service(PROXY_SERVICE)
    print(f"dashboard-check: {check.passed} checks passed, {check.shots + 2} screenshots in {folder}, "
          f"first contentful paint of the project list {paint if paint is None else round(paint)} ms, {script_bytes} bytes of JavaScript, "
          f"{time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
