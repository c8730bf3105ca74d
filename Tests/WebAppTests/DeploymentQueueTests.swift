import Domain
import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing
import Vapor

/// The API side of deployments, without an engine: deployments are stored and stay queued.
@Suite("Deploy requests and the queue", .tags(.db))
struct DeploymentQueueTests {
    func deploy(_ bench: ServiceWorkbench, _ body: String = "{}") async throws -> TestResponse {
        try await bench.client.send(.PUT, "\(bench.base)/deploy-service/docker/web", json: body)
    }

    @Test(arguments: TestDatabase.enabled)
    func aDeployAppliesThePendingChangesAndKeepsThemAsItsSnapshot(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            _ = try await bench.change(
                "web", #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "A", "value": "secret-a"}}"#)
            let response = try await deploy(bench, #"{"commit_message": "  "}"#)
            #expect(response.status == .ok)
            let deployment = response.object
            #expect(
                (deployment["hash"] as? String)?.hasPrefix("dpl_dkr_") == true
                    && deployment["status"] as? String == "QUEUED")
            #expect(
                deployment["commit_message"] as? String == "update service"
                    && deployment["trigger_method"] as? String == "MANUAL")
            #expect(deployment["slot"] as? String == "BLUE" && deployment["is_current_production"] as? Bool == false)
            #expect(
                (deployment["changes"] as? [[String: Any]])?.map { $0["field"] as? String } == [
                    "source", "env_variables",
                ])
            let snapshot = try #require(deployment["service_snapshot"] as? [String: Any])
            #expect(
                snapshot["image"] as? String == "nginx:alpine"
                    && (snapshot["unapplied_changes"] as? [Any])?.isEmpty == true)
            #expect((snapshot["env_variables"] as? [[String: Any]])?.first?["value"] as? String == "secret-a")
            let aliases = try #require(deployment["network_aliases"] as? [String])
            #expect(aliases.count == 3 && aliases[2].hasSuffix(".blue.zaneops.internal"))
            let service = try await bench.details("web")
            #expect(
                service["image"] as? String == "nginx:alpine"
                    && (service["unapplied_changes"] as? [Any])?.isEmpty == true)
            let card = try await bench.client.send(.GET, "\(bench.base)/service-list").array.first
            #expect(
                card?["status"] as? String == "DEPLOYING"
                    && card?["updated_at"] as? String == deployment["queued_at"] as? String)

            let raw = try await app.sql.select().column("service_snapshot").column("changes").from("deployments").all()
            let stored = try raw.map {
                try $0.decode(column: "service_snapshot", as: String.self)
                    + $0.decode(column: "changes", as: String.self)
            }
            #expect(stored.allSatisfy { !$0.contains("secret-a") }, "snapshots are sealed at rest")
            let missing = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments/dpl_dkr_nope")
            #expect(missing.status == .notFound)
            #expect(
                try await bench.client.send(.PUT, "\(bench.base)/deploy-service/docker/absent", json: "{}").status
                    == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func recentDeploymentsShowTheMostPressingOnePerService(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("api")
            let production = try #require(try await deploy(bench).object["hash"] as? String)
            let starting = try #require(try await deploy(bench).object["hash"] as? String)
            let failed = try #require(
                try await bench.client.send(.PUT, "\(bench.base)/deploy-service/docker/api", json: "{}").object["hash"]
                    as? String)
            #expect(
                try await bench.client.send(.GET, "/api/recent-deployments").array.isEmpty, "queued ones are not shown")
            for (hash, status, isProduction) in [
                (production, "HEALTHY", true), (starting, "PREPARING", false), (failed, "FAILED", true),
            ] {
                try await app.sql.update("deployments").set("status", to: status).set(
                    "is_current_production", to: isProduction
                )
                .where("hash", .equal, hash).run()
            }
            let recent = try await bench.client.send(.GET, "/api/recent-deployments").array
            #expect(recent.map { $0["hash"] as? String } == [starting, failed])
            #expect(
                recent.first?.keys.sorted() == [
                    "commit_message", "finished_at", "hash", "is_current_production", "queued_at", "service",
                    "started_at", "status", "unprefixed_hash",
                ])
            let service = try #require(recent.first?["service"] as? [String: Any])
            #expect(
                service["slug"] as? String == "web"
                    && (service["project"] as? [String: Any])?["slug"] as? String == "shop")
            #expect((service["environment"] as? [String: Any])?["name"] as? String == "production")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aRedeployRestoresAnEarlierConfiguration(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("api")
            _ = try await bench.change("web", #"{"field": "command", "new_value": "one"}"#)
            let first = try #require(try await deploy(bench).object["hash"] as? String)
            try await markProduction(app, first)
            _ = try await bench.change("web", #"{"field": "command", "new_value": "two"}"#)
            _ = try await bench.change(
                "web", #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "A", "value": "1"}}"#)
            let second = try #require(try await deploy(bench).object["hash"] as? String)
            try await markProduction(app, second)
            _ = try await bench.change("web", #"{"field": "command", "new_value": "pending"}"#)

            let response = try await bench.client.send(.PUT, "\(bench.base)/redeploy-service/docker/web/\(first)")
            #expect(response.status == .ok)
            #expect(
                response.object["redeploy_hash"] as? String == first && response.object["status"] as? String == "QUEUED"
            )
            let snapshot = try #require(response.object["service_snapshot"] as? [String: Any])
            #expect(snapshot["command"] as? String == "one", "the redeployed value replaces the pending one")
            #expect((snapshot["env_variables"] as? [Any])?.isEmpty == true)
            let fields = (response.object["changes"] as? [[String: Any]] ?? []).map {
                "\($0["field"] as? String ?? "") \($0["type"] as? String ?? "")"
            }
            #expect(fields == ["command UPDATE", "env_variables DELETE"])
            #expect(
                try await bench.client.send(.PUT, "\(bench.base)/redeploy-service/docker/web/dpl_dkr_nope").status
                    == .notFound)
            #expect(
                try await bench.client.send(.PUT, "\(bench.base)/redeploy-service/docker/api/\(first)").status
                    == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aRedeployThatWouldDropASharedVolumeIsRefused(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("api")
            let first = try #require(try await deploy(bench).object["hash"] as? String)
            try await markProduction(app, first)
            _ = try await bench.change(
                "web",
                #"{"field": "volumes", "type": "ADD", "new_value": {"container_path": "/data", "mode": "READ_WRITE"}}"#)
            let second = try #require(try await deploy(bench).object["hash"] as? String)
            try await markProduction(app, second)
            let volumeID = try #require(
                ((try await bench.details("web"))["volumes"] as? [[String: Any]])?.first?["id"] as? String)
            let share = try await bench.change(
                "api",
                #"{"field": "shared_volumes", "type": "ADD", "new_value": {"volume_id": "\#(volumeID)", "container_path": "/shared"}}"#
            )
            #expect(share.status == .ok, "\(share.body)")

            let refused = try await bench.client.send(.PUT, "\(bench.base)/redeploy-service/docker/web/\(first)")
            #expect(refused.status == .conflict)
            #expect(
                (refused.firstError["detail"] as? String ?? "").contains(
                    "would delete a volume that another service shares"))
            let pending = try await bench.details("web")["unapplied_changes"] as? [Any]
            #expect(pending?.isEmpty == true, "nothing is half-written")
            let count = try await app.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(
                "deployments"
            )
            .first()?.decode(column: "n", as: Int.self)
            #expect(count == 2, "no deployment was created")
        }
    }

    /// Makes the deployment the service's healthy production one, as a finished pipeline would.
    func markProduction(_ app: Application, _ hash: String) async throws {
        try await app.sql.update("deployments").set("is_current_production", to: false).set("status", to: "REMOVED")
            .run()
        try await app.sql.update("deployments").set("status", to: "HEALTHY").set("is_current_production", to: true)
            .where("hash", .equal, hash).run()
    }

    @Test(arguments: TestDatabase.enabled)
    func buildLogsPageNewestFirstWithCursorsBothWays(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let hash = try #require(try await deploy(bench).object["hash"] as? String)
            let serviceID = try await bench.serviceID("web")
            let lines = (1...7).map { number in
                DeploymentLogLine(
                    deploymentHash: hash, serviceID: serviceID, source: number == 7 ? .service : .system, level: .info,
                    timestamp: 1_700_000_000_000_000_000 + Int64(number), content: "\u{1B}[32mline \(number)\u{1B}[0m")
            }
            try await SQLDeploymentLogRepository(database: app.logStore).append(lines)
            let url = "\(bench.base)/service-details/web/deployments/\(hash)/build-logs"
            let first = try await bench.client.send(.GET, "\(url)?per_page=4").object
            let results = try #require(first["results"] as? [[String: Any]])
            #expect(
                results.compactMap { $0["content_text"] as? String } == ["line 6", "line 5", "line 4", "line 3"],
                "SERVICE lines are left out")
            #expect(
                results.first?["time"] as? String == "2023-11-14T22:13:20.000000"
                    && results.first?["source"] as? String == "SYSTEM")
            #expect(first["previous"] is NSNull)
            let next = try #require(first["next"] as? String)
            let second = try await bench.client.send(.GET, "\(url)?per_page=4&cursor=\(next)").object
            #expect(
                (second["results"] as? [[String: Any]])?.compactMap { $0["content_text"] as? String } == [
                    "line 2", "line 1",
                ])
            #expect(second["next"] is NSNull)
            let back = try #require(second["previous"] as? String)
            let third = try await bench.client.send(.GET, "\(url)?per_page=2&cursor=\(back)").object
            #expect(
                (third["results"] as? [[String: Any]])?.compactMap { $0["content_text"] as? String } == [
                    "line 4", "line 3",
                ])
            let invalid = try await bench.client.send(.GET, "\(url)?cursor=bm90LWpzb24=")
            #expect(invalid.status == .badRequest && invalid.attrs == ["cursor"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theQueueIsCleanedUpAndPaged(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            var hashes: [String] = []
            for _ in 0..<4 { hashes.append(try #require(try await deploy(bench).object["hash"] as? String)) }
            let page = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments?per_page=3")
                .object
            #expect(page["count"] as? Int == 4 && (page["results"] as? [Any])?.count == 3 && page["previous"] is NSNull)
            #expect((page["next"] as? String)?.contains("page=2") == true)
            let past = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments?page=9").object
            #expect(past["count"] as? Int == 0)
            #expect(
                try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments?status=NOPE").status
                    == .badRequest)
            let since = try #require(
                try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments/\(hashes[2])").object[
                    "queued_at"] as? String)
            let recent = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments?queued_at_after=\(since)"
            ).object
            #expect(recent["count"] as? Int == 2, "inclusive bound")
            let old = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments?queued_at_before=2000-01-01T00:00:00"
            ).object
            #expect(old["count"] as? Int == 0)
            #expect(
                try await bench.client.send(
                    .GET, "\(bench.base)/service-details/web/deployments?queued_at_after=yesterday"
                ).attrs == ["queued_at_after"])

            let cleanup = try await bench.client.send(
                .PUT, "\(bench.base)/service-details/web/cleanup-deployment-queue", json: "{}")
            #expect(cleanup.status == .accepted)
            let queued = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments?status=QUEUED"
            ).object
            #expect(
                ((queued["results"] as? [[String: Any]]) ?? []).compactMap { $0["hash"] as? String } == [hashes[0]],
                "the oldest stays")
            let cancelled = try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(hashes[0])")
            #expect(cancelled.status == .ok && cancelled.object["status"] as? String == "CANCELLED")
            #expect(
                try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(hashes[0])").status
                    == .conflict)

            let toggle = try await bench.client.send(
                .PUT, "\(bench.base)/toggle-service/web", json: #"{"desired_state": "stop"}"#)
            #expect(toggle.status == .conflict, "never deployed")
            #expect(
                try await bench.client.send(
                    .PUT, "\(bench.base)/toggle-service/web", json: #"{"desired_state": "pause"}"#
                ).attrs == ["desired_state"])
            let id = try await bench.serviceID("web")
            let bulk = try await bench.client.send(
                .PUT, "\(bench.base)/bulk-deploy-services", json: #"{"service_ids": ["\#(id)", "srv_dkr_unknown"]}"#)
            #expect(bulk.status == .accepted)
            #expect(
                try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments").object["count"]
                    as? Int == 5)
            #expect(
                try await bench.client.send(.PUT, "\(bench.base)/bulk-deploy-services", json: #"{"service_ids": "x"}"#)
                    .status == .badRequest)
        }
    }
}
