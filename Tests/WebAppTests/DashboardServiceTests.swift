import Domain
import Foundation
import TestSupport
import Testing
import Vapor

@testable import WebApp

/// The service and deployment pages through HTTP: forms that create, change, deploy and archive, refused
/// ones with their errors beside their inputs and nothing recorded.
@Suite("Dashboard service pages", .tags(.db))
struct DashboardServiceTests {
    let service = "/project/shop/production/services/web"

    @Test(.tags(.unit)) func settingsFormsBecomeTheChangeRequestsTheAPITakes() {
        let fields: [String: JSONValue] = [
            "field": "resource_limits", "type": "UPDATE", "scope": "limits", "tab": "settings",
            "new_value.cpus": "0.5", "new_value.memory.value": " ", "new_value.memory.unit": "MEGABYTES",
        ]
        #expect(
            ChangeForm.request(from: fields) == [
                "field": "resource_limits", "type": "UPDATE", "new_value": ["cpus": "0.5"],
            ], "a blank memory is no memory limit, not an invalid one")
        let variable = ChangeForm.request(from: [
            "field": "env_variables", "type": "ADD", "new_value.key": "EMPTY", "new_value.value": "",
        ])
        #expect(variable["new_value"] == ["key": "EMPTY", "value": ""], "a variable's value may be blank")
        #expect(ChangeForm.request(from: ["field": "command", "new_value": ""])["new_value"] == .null)
        #expect(ChangeForm.request(from: ["field": "healthcheck", "clear": "1"])["new_value"] == .null)
        let command = ChangeForm.request(from: [
            "field": "healthcheck", "new_value.type": "COMMAND", "new_value.value": "true",
            "new_value.associated_port": "80",
        ])
        #expect(command["new_value"] == ["type": "COMMAND", "value": "true"], "a command check takes no port")
        let source: [String: JSONValue] = [
            "field": "git_source", "new_value.repository_url": "https://git.example.com/app.git",
            "new_value.branch_name": "main", "new_value.access_token": " ",
        ]
        #expect(ChangeForm.request(from: source)["new_value"]?["access_token"] == nil, "a blank token keeps it")
        var forget = source
        forget["forget_access_token"] = "1"
        #expect(ChangeForm.request(from: forget)["new_value"]?["access_token"] == .null, "the box forgets it")
        #expect(ChangeForm.values(["new_value.access_token": "ghp_x", "slug": "a"]) == ["slug": "a"])
        let deep = String(repeating: "a.", count: 10_000) + "b"
        #expect(
            ChangeForm.request(from: ["field": "urls", deep: "x"]) == ["field": "urls"],
            "a hostile key cannot nest deeply")
    }

    @Test(arguments: TestDatabase.enabled)
    func aServiceIsCreatedChangedAndDeployedFromItsPages(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let browser = bench.client
            let bad = try await browser.form(
                "/project/shop/production/create-service", ["image": "Not An Image!!", "slug": "web"])
            #expect(bad.status == .badRequest && bad.body.contains("id=\"image-errors\""))
            #expect(bad.body.contains("value=\"Not An Image!!\""), "what was typed is kept")
            #expect(try await browser.send(.GET, "\(bench.base)/service-list").body == "[]")
            let created = try await browser.form(
                "/project/shop/production/create-service", ["image": "nginx:alpine", "slug": "web"])
            #expect(created.status == .seeOther && created.headers.first(name: .location) == service)
            let taken = try await browser.form(
                "/project/shop/production/create-service", ["image": "nginx:alpine", "slug": "web"])
            #expect(taken.status == .badRequest && taken.body.contains("id=\"slug-errors\""))

            let badPort = try await browser.form(
                "\(service)/changes",
                [
                    "tab": "settings", "scope": "url-add", "field": "urls", "type": "ADD",
                    "new_value.domain": "web.example.com", "new_value.associated_port": "70000",
                ])
            #expect(badPort.status == .badRequest)
            #expect(badPort.body.contains("id=\"url-add-new_value.associated_port-errors\""))
            #expect(badPort.body.contains("value=\"web.example.com\""))
            #expect(try await bench.pending("web").count == 1, "a refused change records nothing")
            let url = try await browser.form(
                "\(service)/changes",
                [
                    "tab": "settings", "scope": "url-add", "field": "urls", "type": "ADD",
                    "new_value.domain": "web.example.com", "new_value.associated_port": "80",
                ])
            #expect(url.status == .seeOther && url.headers.first(name: .location) == "\(service)/settings")
            let variable = try await browser.form(
                "\(service)/changes",
                [
                    "tab": "env-variables", "scope": "env-add", "field": "env_variables", "type": "ADD",
                    "new_value.key": "GREETING", "new_value.value": "<b>hi</b>",
                ])
            #expect(variable.headers.first(name: .location) == "\(service)/env-variables")
            let page = try await browser.send(.GET, service)
            #expect(page.status == .ok && page.body.contains("3 pending changes"))
            #expect(page.body.contains("GREETING=&lt;b&gt;hi&lt;/b&gt;") && !page.body.contains("<b>hi</b>"))

            let pending = try await bench.pending("web")
            let urlChange = try #require(pending.first { $0["field"] as? String == "urls" }?["id"] as? String)
            let discarded = try await browser.form("\(service)/changes/\(urlChange)/discard", [:])
            #expect(discarded.status == .seeOther)
            #expect(try await bench.pending("web").count == 2)
            let all = try await browser.form("\(service)/changes/discard-all", [:])
            #expect(all.status == .conflict && all.body.contains("no previous image"), "the image stays, with why")
            #expect(try await bench.pending("web").count == 1)

            let deployed = try await browser.form("\(service)/deploy", ["commit_message": "first <deploy>"])
            let location = try #require(deployed.headers.first(name: .location))
            #expect(deployed.status == .seeOther && location.hasPrefix("\(service)/deployments/dpl_dkr_"))
            let deployment = try await browser.send(.GET, location)
            #expect(deployment.status == .ok && deployment.body.contains("first &lt;deploy&gt;"))
            #expect(deployment.body.contains("/build-logs/stream?after="), "a queued deployment's log is followed live")
            for tab in [
                "runtime-logs?query=%3Cx%3E&level=ERROR", "runtime-logs?around=-9223372036854775808",
                "runtime-logs?around=99999999999999999999", "http-logs?status=5xx", "metrics", "details",
            ] {
                let shown = try await browser.send(.GET, "\(location)/\(tab)")
                #expect(shown.status == .ok, "\(tab)")
            }
            let badFilter = try await browser.send(.GET, "\(location)/http-logs?status=abc")
            #expect(badFilter.status == .ok && badFilter.body.contains("is not a status code"))
            for tab in ["", "/env-variables", "/settings", "/http-logs", "/metrics", "?status=HEALTHY"] {
                #expect(try await browser.send(.GET, service + tab).status == .ok, "\(tab)")
            }
            #expect(try await browser.send(.GET, "/project/shop/production/services/nowhere").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aRefusalAboutAnItemIsShownThoughTheItemHasNoInput(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            _ = try await bench.change(
                "web", #"{"field": "ports", "type": "ADD", "new_value": {"host": 8181, "forwarded": 80}}"#)
            _ = try await bench.deploy("web")
            let port = try #require((try await bench.details("web"))["ports"] as? [[String: Any]]).first
            let id = try #require(port?["id"] as? String)
            let remove = [
                "tab": "settings", "scope": "remove-\(id)", "field": "ports", "type": "DELETE", "item_id": id,
            ]
            #expect(try await bench.client.form("\(service)/changes", remove).status == .seeOther)
            let again = try await bench.client.form("\(service)/changes", remove)
            #expect(again.status == .badRequest && again.body.contains("Cancel it first."), "told, not lost")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func archivingAsksForTheSlugAndFormsNeedTheirToken(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let wrong = try await bench.client.form("\(service)/archive", ["confirm": "nope"])
            #expect(wrong.status == .badRequest && wrong.body.contains("id=\"archive-confirm-errors\""))
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-details/web").status == .ok)
            bench.client.sendsCSRFHeader = false
            let forged = try await bench.client.send(
                .POST, "\(service)/archive", body: "confirm=web", contentType: "application/x-www-form-urlencoded")
            #expect(forged.status == .forbidden, "a form without its token is refused")
            let archived = try await bench.client.form("\(service)/archive", ["confirm": "web"])
            #expect(
                archived.status == .seeOther && archived.headers.first(name: .location) == "/project/shop/production")
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-details/web").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func cachedPagesCarryEachBrowsersOwnTokenAndChangeAtTheNextWrite(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let other = APIClient(app)
            #expect(try await other.login().status == .created)
            let first = try await bench.client.send(.GET, service)
            let second = try await other.send(.GET, service)
            let (mine, theirs) = (try #require(bench.client.csrfToken), try #require(other.csrfToken))
            #expect(mine != theirs)
            #expect(Self.formTokens(first.body).count > 3, "the page's forms all carry a token")
            #expect(Set(Self.formTokens(first.body)) == [mine])
            #expect(Set(Self.formTokens(second.body)) == [theirs], "the cached page, with the other browser's token")
            _ = try await bench.client.form(
                "\(service)/changes",
                ["tab": "settings", "field": "command", "type": "UPDATE", "new_value": "sleep 1000"])
            #expect(try await other.send(.GET, service).body.contains("sleep 1000"), "a write drops the cached page")
        }
    }

    /// The tokens of a page's forms.
    static func formTokens(_ page: String) -> [String] {
        page.components(separatedBy: "name=\"csrfmiddlewaretoken\" value=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theBuildLogStreamTellsTheStatusOfADeploymentThatHasNotFinished(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (_, hash) = try await bench.serviceWithDeployment("web")
            let stream = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments/\(hash)/build-logs/stream?after=0&max_seconds=1",
                headers: [("Accept", "text/event-stream")])
            #expect(stream.status == .ok && stream.headers.first(name: .contentType) == "text/event-stream")
            let events = RuntimeLogTests.events(stream.body)
            #expect(events.map(\.event) == ["ready", "status"], "without an engine it stays queued: no end")
            #expect(events.last?.data["status"] as? String == "QUEUED")
        }
    }
}

extension APIClient {
    /// A browser's form post: the CSRF cookie from the page, the token in the form.
    func form(_ path: String, _ fields: [String: String]) async throws -> TestResponse {
        var form = fields
        if let token = csrfToken { form["csrfmiddlewaretoken"] = token }
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            .joined(separator: "&")
        return try await send(.POST, path, body: body, contentType: "application/x-www-form-urlencoded")
    }
}
