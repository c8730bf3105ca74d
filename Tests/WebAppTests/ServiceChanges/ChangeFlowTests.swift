import Foundation
import SQLKit
import TestSupport
import Testing

@Suite("Service changes: round trip, concurrency, .env import, clone", .tags(.db))
struct ChangeFlowTests {
    @Test(arguments: TestDatabase.enabled)
    func aClientRoundTripThroughEveryField(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let requests = [
                #"{"field": "urls", "type": "ADD", "new_value": {"domain": "web.example.com", "associated_port": 80}}"#,
                #"{"field": "ports", "type": "ADD", "new_value": {"host": 24321, "forwarded": 80}}"#,
                #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "A", "value": "1"}}"#,
                #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "B", "value": "2"}}"#,
                #"{"field": "volumes", "type": "ADD", "new_value": {"container_path": "/data", "name": "data"}}"#,
                #"{"field": "configs", "type": "ADD", "new_value": {"contents": "x", "mount_path": "/etc/x.conf"}}"#,
                #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "true"}}"#,
                #"{"field": "resource_limits", "new_value": {"cpus": 0.5}}"#,
                #"{"field": "command", "new_value": "httpd -f"}"#,
            ]
            for request in requests {
                let response = try await bench.change("web", request)
                #expect(response.status == .ok, "\(request): \(response.body)")
            }
            let pending = try await bench.pending("web")
            #expect(
                pending.map { $0["field"] as? String } == [
                    "source", "urls", "ports", "env_variables", "env_variables", "volumes", "configs", "healthcheck",
                    "resource_limits", "command",
                ])
            for change in pending {
                #expect((change["id"] as? String)?.hasPrefix("chg_dkr_") == true)
                #expect(change.keys.sorted() == ["field", "id", "item_id", "new_value", "old_value", "type"])
                #expect(change["item_id"] is NSNull && change["old_value"] is NSNull)
            }
            let cancelled = try #require(pending[3]["id"] as? String)
            #expect(try await bench.cancel("web", change: cancelled).status == .noContent)
            #expect(try await bench.pending("web").count == 9)

            try await applyPendingChanges(app, bench, "web")
            let service = try await bench.details("web")
            #expect((service["unapplied_changes"] as? [Any])?.isEmpty == true)
            #expect(service["command"] as? String == "httpd -f" && service["image"] as? String == "nginx:alpine")
            let url = try #require((service["urls"] as? [[String: Any]])?.first)
            #expect(
                url.keys.sorted() == ["associated_port", "base_path", "domain", "id", "redirect_to", "strip_prefix"])
            #expect(
                url["redirect_to"] is NSNull && url["associated_port"] as? Int == 80
                    && url["base_path"] as? String == "/")
            #expect((service["env_variables"] as? [[String: Any]])?.map { $0["key"] as? String } == ["B"])
            let volume = try #require((service["volumes"] as? [[String: Any]])?.first)
            #expect(
                volume.keys.sorted() == ["container_path", "host_path", "id", "mode", "name"]
                    && volume["host_path"] is NSNull)
            let config = try #require((service["configs"] as? [[String: Any]])?.first)
            #expect(config.keys.sorted() == ["contents", "id", "language", "mount_path", "name", "version"])
            let healthcheck = try #require(service["healthcheck"] as? [String: Any])
            #expect(healthcheck["associated_port"] is NSNull && healthcheck["timeout_seconds"] as? Int == 30)
            let limits = try #require(service["resource_limits"] as? [String: Any])
            #expect(limits["cpus"] as? Double == 0.5 && limits["memory"] is NSNull)
            let system = try #require(service["system_env_variables"] as? [[String: Any]])
            #expect(system.first { $0["key"] as? String == "ZANE_DOMAINS" }?["value"] as? String == "web.example.com")
            let card = try await bench.client.send(.GET, "\(bench.base)/service-list").array.first
            #expect(card?["url"] as? String == "web.example.com/" && card?["volume_number"] as? Int == 1)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func concurrentRequestsNeitherLoseChangesNorBreakUniqueness(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("api")
            let distinct = try await statuses(16) { index in
                try await bench.change(
                    "web",
                    #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "K\#(index)", "value": "v"}}"#)
            }
            #expect(distinct.allSatisfy { $0 == 200 }, "\(distinct)")
            #expect(try await bench.pending("web").count == 17, "no change was lost")

            let sameKey = try await statuses(8) { _ in
                try await bench.change(
                    "web", #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "SAME", "value": "v"}}"#)
            }
            #expect(sameKey.filter { $0 == 200 }.count == 1 && sameKey.filter { $0 == 400 }.count == 7)
            let samePort = try await statuses(8) { index in
                try await bench.change(
                    index % 2 == 0 ? "web" : "api",
                    #"{"field": "ports", "type": "ADD", "new_value": {"host": 24555, "forwarded": \#(index + 1)}}"#)
            }
            #expect(samePort.filter { $0 == 200 }.count == 1, "one host port, one service")
            let commands = try await statuses(8) { index in
                try await bench.change("api", #"{"field": "command", "new_value": "run \#(index)"}"#)
            }
            #expect(commands.allSatisfy { $0 == 200 })
            #expect(
                try await bench.pending("api").filter { $0["field"] as? String == "command" }.count == 1,
                "field changes merge into one")
        }
    }

    func statuses(_ count: Int, _ request: @escaping @Sendable (Int) async throws -> TestResponse) async throws
        -> [UInt]
    {
        try await withThrowingTaskGroup(of: UInt.self) { group in
            for index in 0..<count { group.addTask { try await request(index).status.code } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func envFilesAddOneChangePerVariableWithoutReadingTheServersEnvironment(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            _ = try await bench.change(
                "web", #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "TAKEN", "value": "1"}}"#)
            let text =
                "# settings\nexport HOST=db\nURL=\"postgres://${HOST}:5432\\n\"\nPATH_COPY=${PATH}\nDEFAULTED=${MISSING:-fallback}\nQUOTED='${HOST}' # literal\n"
            let response = try await bench.importEnv("web", text)
            #expect(response.status == .ok, "\(response.body)")
            let added = try await bench.pending("web").filter { $0["field"] as? String == "env_variables" }
                .compactMap { $0["new_value"] as? [String: Any] }.filter { $0["key"] as? String != "TAKEN" }
            #expect(added.map { $0["key"] as? String } == ["HOST", "URL", "PATH_COPY", "DEFAULTED", "QUOTED"])
            #expect(added.map { $0["value"] as? String } == ["db", "postgres://db:5432\n", "", "fallback", "${HOST}"])

            let existing = try await bench.importEnv("web", "TAKEN=2\nHOST=x\nNEW=1")
            #expect(existing.status == .badRequest && existing.attrs == ["new_value", "new_value"])
            #expect(
                existing.details == [
                    "variable with name `TAKEN` already exists in the service",
                    "variable with name `HOST` already exists in the service",
                ])
            #expect(try await bench.importEnv("web", "1BAD=x").attrs == ["new_value"])
            let tooMany = (0...1000).map { "V\($0)=x" }.joined(separator: "\n")
            #expect(try await bench.importEnv("web", tooMany).status == .badRequest)
            let before = try await bench.pending("web").count
            #expect(try await bench.importEnv("web", "").status == .ok)
            #expect(try await bench.pending("web").count == before)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func clonesLeavePortsAndRedirectsBehindAndGetNewDomains(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            for request in [
                #"{"field": "urls", "type": "ADD", "new_value": {"domain": "web.example.com", "associated_port": 80}}"#,
                #"{"field": "urls", "type": "ADD", "new_value": {"domain": "old.example.com", "redirect_to": {"url": "https://web.example.com"}}}"#,
                #"{"field": "ports", "type": "ADD", "new_value": {"host": 24777, "forwarded": 80}}"#,
                #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "A", "value": "1"}}"#,
                #"{"field": "command", "new_value": "httpd"}"#,
            ] {
                #expect(try await bench.change("web", request).status == .ok)
            }
            try await applyPendingChanges(app, bench, "web")
            let clone = try await bench.client.send(
                .POST, "/api/projects/shop/clone-environment/production", json: #"{"name": "staging"}"#)
            #expect(clone.status == .created)
            let copy = try await bench.client.send(.GET, "/api/projects/shop/staging/service-details/web").object
            let changes = try #require(copy["unapplied_changes"] as? [[String: Any]])
            #expect(changes.map { $0["field"] as? String } == ["source", "command", "urls", "env_variables"])
            let url = try #require(changes[2]["new_value"] as? [String: Any])
            #expect((url["domain"] as? String)?.hasPrefix("shop-web-") == true && url["associated_port"] as? Int == 80)
            #expect(changes.allSatisfy { $0["old_value"] is NSNull })
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func secretsOfChangesAndItemsAreSealedAtRest(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            _ = try await bench.change(
                "web",
                #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "TOKEN", "value": "very-secret-value"}}"#
            )
            _ = try await bench.change(
                "web",
                #"{"field": "configs", "type": "ADD", "new_value": {"contents": "password=hunter2-secret", "mount_path": "/etc/c"}}"#
            )
            _ = try await bench.change("web", #"{"field": "command", "new_value": "run --token=cmd-secret"}"#)
            let pendingRows = try await app.sql.select().column("new_value").from("service_changes").all()
            let pendingText = try pendingRows.map { try $0.decode(column: "new_value", as: String?.self) ?? "" }
                .joined()
            try await applyPendingChanges(app, bench, "web")
            let itemRows = try await app.sql.select().column("value").from("service_items").all()
            let serviceRows = try await app.sql.select().column("command").from("services").all()
            let itemText =
                try itemRows.map { try $0.decode(column: "value", as: String.self) }.joined()
                + serviceRows.map { try $0.decode(column: "command", as: String?.self) ?? "" }.joined()
            for secret in ["very-secret-value", "hunter2-secret", "cmd-secret"] {
                #expect(
                    !pendingText.contains(secret) && !itemText.contains(secret), "\(secret) is stored in plain text")
            }
            #expect(itemRows.count == 2)
            let service = try await bench.details("web")
            #expect((service["env_variables"] as? [[String: Any]])?.first?["value"] as? String == "very-secret-value")
        }
    }
}
