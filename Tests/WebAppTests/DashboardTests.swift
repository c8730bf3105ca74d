import TestSupport
import Testing
import Vapor

@testable import WebApp

/// The dashboard's pages through HTTP, without a browser (the browser check drives them in Chromium).
@Suite("Dashboard pages", .tags(.db))
struct DashboardTests {
    @Test(.tags(.unit)) func interpolatedValuesAreEscapedAndMarkupIsNot() {
        let name = "<script>alert('x')</script> & \"quotes\""
        let inner: HTML = "<b>\(name)</b>"
        let page: HTML = "<p title=\"\(name)\">\(inner)</p>"
        #expect(
            page.text
                == "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;\"><b>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</b></p>"
        )
        #expect(HTML.segment("a/b?c") == "a%2Fb%3Fc")
    }

    /// A browser's form post: the CSRF cookie from the page, the token in the form.
    func post(_ client: APIClient, _ path: String, _ fields: [String: String], token: String? = nil) async throws
        -> TestResponse
    {
        var form = fields
        if let token = token ?? client.csrfToken { form["csrfmiddlewaretoken"] = token }
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            .joined(separator: "&")
        return try await client.send(.POST, path, body: body, contentType: "application/x-www-form-urlencoded")
    }

    @Test(arguments: TestDatabase.enabled)
    func onboardingSignsTheFirstUserInAndLoginRefusesAWrongPassword(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let browser = APIClient(app)
            browser.sendsCSRFHeader = false
            let first = try await browser.send(.GET, "/")
            #expect(first.status == .seeOther && first.headers.first(name: .location) == "/login?next=%2F")
            let login = try await browser.send(.GET, "/login")
            #expect(login.status == .seeOther && login.headers.first(name: .location) == "/onboarding")
            let onboarding = try await browser.send(.GET, "/onboarding")
            #expect(onboarding.status == .ok && onboarding.body.contains("Welcome to Zane") && browser.csrfToken != nil)
            #expect(onboarding.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)

            let weak = try await post(browser, "/onboarding", ["username": "ada", "password": "short"])
            #expect(weak.status == .badRequest && weak.body.contains("id=\"password-errors\""))
            #expect(weak.body.contains("value=\"ada\""), "what was typed is kept")
            #expect(try await browser.send(.GET, "/api/auth/check-user-existence").body == #"{"exists":false}"#)

            let created = try await post(browser, "/onboarding", ["username": "ada", "password": "Sandbox-pass-1"])
            #expect(created.status == .seeOther && created.headers.first(name: .location) == "/")
            let projects = try await browser.send(.GET, "/")
            #expect(projects.status == .ok && projects.body.contains("No project yet"))

            #expect(try await post(browser, "/logout", [:]).headers.first(name: .location) == "/login")
            let wrong = try await post(browser, "/login", ["username": "ada", "password": "Wrong-pass-1"])
            #expect(wrong.status == .badRequest && wrong.body.contains("Invalid username or password."))
            let right = try await post(
                browser, "/login?next=%2Fcreate-project", ["username": "ada", "password": "Sandbox-pass-1"])
            #expect(right.status == .seeOther && right.headers.first(name: .location) == "/create-project")
            let outside = try await post(
                browser, "/login?next=%2F%2Fevil.example", ["username": "ada", "password": "Sandbox-pass-1"])
            #expect(outside.headers.first(name: .location) == "/", "never a redirect to another site")
            let tab = try await post(
                browser, "/login?next=%2F%09%2Fevil.example", ["username": "ada", "password": "Sandbox-pass-1"])
            #expect(tab.headers.first(name: .location) == "/", "a browser would drop the tab and leave //evil.example")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func formsWithoutTheTokenOrFromAnotherSiteGetTheErrorPage(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let browser = APIClient(app)
            browser.sendsCSRFHeader = false
            _ = try await browser.send(.GET, "/onboarding")
            let anonymous = try await post(
                browser, "/onboarding", ["username": "ada", "password": "Sandbox-pass-1"], token: "x")
            #expect(
                anonymous.status == .forbidden && anonymous.body.contains("Refused"), "a sign-in form is checked too")
            #expect(anonymous.headers.first(name: .contentType)?.hasPrefix("text/html") == true)
            _ = try await post(browser, "/onboarding", ["username": "ada", "password": "Sandbox-pass-1"])
            let noToken = try await browser.send(
                .POST, "/create-project", body: "slug=shop", contentType: "application/x-www-form-urlencoded")
            #expect(noToken.status == .forbidden && noToken.body.contains("CSRF token missing"))
            let foreign = try await browser.send(
                .POST, "/create-project", body: "slug=shop&csrfmiddlewaretoken=\(browser.csrfToken ?? "")",
                contentType: "application/x-www-form-urlencoded", headers: [("Origin", "http://evil.example")])
            #expect(foreign.status == .forbidden && foreign.body.contains("Refused"))
            #expect(try await browser.send(.GET, "/api/projects").body == "[]", "nothing was created")
            let created = try await post(browser, "/create-project", ["slug": "shop"])
            #expect(created.status == .seeOther && created.headers.first(name: .location) == "/project/shop/production")
            let page = try await browser.send(.GET, "/project/shop/production")
            #expect(
                page.status == .ok && page.body.contains("<p class=\"empty\">No service in this environment yet."))
            let list = try await browser.send(.GET, "/")
            #expect(list.body.contains("<ul class=\"grid\">") && list.body.contains("Nothing deployed yet."))
            #expect(!list.body.contains("&lt;p") && !list.body.contains("&lt;ul"), "markup is never escaped twice")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func missingPagesGetAPageAndTheAPIKeepsItsEnvelope(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await APIClient.signedIn(app)
            let page = try await client.send(.GET, "/no-such-page")
            #expect(page.status == .notFound && page.body.contains("<h1>Not found</h1>"))
            #expect(try await client.send(.GET, "/project/nowhere/production").status == .notFound)
            let api = try await client.send(.GET, "/api/no-such-thing")
            #expect(
                api.status == .notFound && api.headers.first(name: .contentType)?.hasPrefix("application/json") == true)
            let script = try await client.send(.GET, "/static/zane.js")
            #expect(script.status == .ok && script.body.utf8.count < 50_000)
            let etag = try #require(script.headers.first(name: .eTag))
            #expect(
                try await client.send(.GET, "/static/zane.js", headers: [("If-None-Match", etag)]).status
                    == .notModified)
            #expect(try await client.send(.GET, "/static/../Package.swift").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func settingsChangeTheProfileAndThePasswordWithErrorsBesideTheFields(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let browser = APIClient(app)
            browser.sendsCSRFHeader = false
            _ = try await browser.send(.GET, "/onboarding")
            _ = try await post(browser, "/onboarding", ["username": "ada", "password": "Sandbox-pass-1"])
            let settings = try await browser.send(.GET, "/settings")
            #expect(settings.status == .ok && settings.body.contains("value=\"ada\""))
            let saved = try await post(browser, "/settings/profile", ["username": "ada", "first_name": "Ada <L>"])
            #expect(
                saved.status == .ok && saved.body.contains("Profile saved.")
                    && saved.body.contains("value=\"Ada &lt;L&gt;\""))
            let bad = try await post(browser, "/settings/profile", ["username": "not valid!"])
            #expect(bad.status == .badRequest && bad.body.contains("id=\"username-errors\""))
            let wrong = try await post(
                browser, "/settings/password",
                [
                    "current_password": "Wrong-pass-1", "new_password": "Other-pass-2",
                    "confirm_password": "Other-pass-2",
                ])
            #expect(wrong.status == .badRequest && wrong.body.contains("id=\"current_password-errors\""))
            #expect(wrong.body.contains("aria-describedby=\"current_password-errors\" aria-invalid=\"true\""))
            let changed = try await post(
                browser, "/settings/password",
                [
                    "current_password": "Sandbox-pass-1", "new_password": "Other-pass-2",
                    "confirm_password": "Other-pass-2",
                ])
            #expect(changed.status == .ok && changed.body.contains("Password changed."))
            #expect(try await browser.send(.GET, "/").status == .ok, "this session stays signed in")
        }
    }
}
