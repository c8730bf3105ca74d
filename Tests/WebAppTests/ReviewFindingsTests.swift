import Foundation
import TestSupport
import Testing
import Vapor

/// Ways in or down that a reading of the code found, each reproduced.
@Suite("What reading the code found", .tags(.db))
struct ReviewFindingsTests {
    @Test(arguments: TestDatabase.enabled)
    func healthCheckTimeoutsAndIntervalsAreCapped(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            for (field, value) in [
                ("timeout_seconds", "10000000000000000"), ("timeout_seconds", "3601"), ("interval_seconds", "1e12"),
            ] {
                let refused = try await bench.change(
                    "web",
                    #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "true", "\#(field)": \#(value)}}"#
                )
                #expect(
                    refused.status == .badRequest && refused.errorAttrs == ["new_value.\(field)"], "\(field) \(value)")
            }
            let accepted = try await bench.change(
                "web",
                #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "true", "timeout_seconds": 3600, "interval_seconds": 3600}}"#
            )
            #expect(accepted.status == .ok)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func hugePageNumbersAndHostileHostHeadersGetAnswers(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            for _ in 0..<3 { _ = try await bench.deploy("web") }
            let list = "\(bench.base)/service-details/web/deployments"
            for page in ["9223372036854775807", "-9223372036854775808", "4611686018427387904", "99999999999999999999"] {
                let response = try await bench.client.send(.GET, "\(list)?page=\(page)&per_page=2")
                #expect(response.status == .ok && response.object["count"] as? Int == 0, "page \(page)")
            }
            for host in ["x:-1", "x:99999", "x:1:2", "[::1", "a b", ":80", String(repeating: "h", count: 5000)] {
                let response = try await bench.client.send(.GET, "\(list)?per_page=2", headers: [("Host", host)])
                #expect(response.status == .ok, "Host: \(host)")
                #expect(
                    (response.object["next"] as? String)?.hasPrefix("http://localhost/api/") == true, "Host: \(host)")
            }
            let named = try await bench.client.send(
                .GET, "\(list)?per_page=2", headers: [("Host", "zane.example.com:8443")])
            #expect((named.object["next"] as? String)?.hasPrefix("http://zane.example.com:8443/api/") == true)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func cursorsFarOutOfRangeAreRefused(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (_, hash) = try await bench.serviceWithDeployment("web")
            for timestamp in ["9223372036854775807", "-9223372036854775808", "-1"] {
                let cursor = Data(#"{"sort": ["\#(timestamp)"], "order": "desc"}"#.utf8).base64EncodedString()
                let response = try await bench.client.send(
                    .GET, "\(bench.base)/service-details/web/deployments/\(hash)/build-logs?cursor=\(cursor)")
                #expect(response.status == .badRequest && response.errorAttrs == ["cursor"], "\(timestamp)")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func serviceURLsCannotCoverZanesDomainOrAnotherServiceOrCarryPlaceholders(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("api")
            func addURL(_ slug: String, _ domain: String, basePath: String = "/") async throws -> TestResponse {
                try await bench.change(
                    slug,
                    #"{"field": "urls", "type": "ADD", "new_value": {"domain": "\#(domain)", "base_path": "\#(basePath)", "associated_port": 80}}"#
                )
            }
            let zane = try await addURL("web", "*.sslip.io")
            #expect(
                zane.status == .badRequest && zane.errorAttrs == ["new_value.domain"],
                "the app domain 127-0-0-1.sslip.io is under it")
            #expect(try await addURL("api", "a.x.com").status == .ok)
            let covering = try await addURL("web", "*.x.com")
            #expect(
                covering.status == .badRequest
                    && (covering.firstError["detail"] as? String)?.contains("a.x.com") == true)
            #expect(try await addURL("web", "*.y.com").status == .ok, "a wildcard over nobody's domain is fine")
            for path in ["/{http.request.header.Cookie}", "/a}b", "/{"] {
                let placeholder = try await addURL("web", "web.example.com", basePath: path)
                #expect(
                    placeholder.status == .badRequest && placeholder.errorAttrs == ["new_value.base_path"], "\(path)")
            }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func variableValuesAndEnvImportsAreBounded(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let long = String(repeating: "v", count: 70_000)
            let refused = try await bench.change(
                "web", #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "BIG", "value": "\#(long)"}}"#)
            #expect(refused.status == .badRequest && refused.errorAttrs == ["new_value.value"])
            var text = "A0=\(String(repeating: "x", count: 300))\n"
            for index in 1...40 { text += "A\(index)=\"${A\(index - 1)}${A\(index - 1)}\"\n" }
            let bomb = try await bench.importEnv("web", text)
            #expect(bomb.status == .badRequest && bomb.errorAttrs == ["new_value"])
            #expect(try await bench.pending("web").count == 1, "nothing but the initial image change was stored")
        }
    }

    /// A cached body is served only after the lookup that decides whether the caller may see the object.
    @Test(arguments: TestDatabase.enabled)
    func theResponseCacheAnswersOnlyAfterTheLookup(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let details = "\(bench.base)/service-details/web"
            #expect(try await bench.client.send(.GET, details).status == .ok)
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-list").status == .ok)
            // Gone behind the API's back (no write request moved the cache on): the lookup still sees it.
            try await app.sql.raw("UPDATE services SET slug = 'renamed'").run()
            #expect(try await bench.client.send(.GET, details).status == .notFound)
            try await app.sql.raw("UPDATE environments SET name = 'renamed' WHERE name = 'production'").run()
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-list").status == .notFound)
        }
    }
}
