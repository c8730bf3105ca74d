import Foundation
import Testing
import TestSupport

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
            _ = try await bench.change("web", #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "A", "value": "secret-a"}}"#)
            let response = try await deploy(bench, #"{"commit_message": "  "}"#)
            #expect(response.status == .ok)
            let deployment = response.object
            #expect((deployment["hash"] as? String)?.hasPrefix("dpl_dkr_") == true && deployment["status"] as? String == "QUEUED")
            #expect(deployment["commit_message"] as? String == "update service" && deployment["trigger_method"] as? String == "MANUAL")
            #expect(deployment["slot"] as? String == "BLUE" && deployment["is_current_production"] as? Bool == false)
            #expect((deployment["changes"] as? [[String: Any]])?.map { $0["field"] as? String } == ["source", "env_variables"])
            let snapshot = try #require(deployment["service_snapshot"] as? [String: Any])
            #expect(snapshot["image"] as? String == "nginx:alpine" && (snapshot["unapplied_changes"] as? [Any])?.isEmpty == true)
            #expect((snapshot["env_variables"] as? [[String: Any]])?.first?["value"] as? String == "secret-a")
            let aliases = try #require(deployment["network_aliases"] as? [String])
            #expect(aliases.count == 3 && aliases[2].hasSuffix(".blue.zaneops.internal"))
            let service = try await bench.details("web")
            #expect(service["image"] as? String == "nginx:alpine" && (service["unapplied_changes"] as? [Any])?.isEmpty == true)

            let raw = try await app.sql.select().column("service_snapshot").column("changes").from("deployments").all()
            let stored = try raw.map { try $0.decode(column: "service_snapshot", as: String.self) + $0.decode(column: "changes", as: String.self) }
            #expect(stored.allSatisfy { !$0.contains("secret-a") }, "snapshots are sealed at rest")
            let missing = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments/dpl_dkr_nope")
            #expect(missing.status == .notFound)
            #expect(try await bench.client.send(.PUT, "\(bench.base)/deploy-service/docker/absent", json: "{}").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theQueueIsCleanedUpAndPaged(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            var hashes: [String] = []
            for _ in 0..<4 { hashes.append(try #require(try await deploy(bench).object["hash"] as? String)) }
            let page = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments?per_page=3").object
            #expect(page["count"] as? Int == 4 && (page["results"] as? [Any])?.count == 3 && page["previous"] is NSNull)
            #expect((page["next"] as? String)?.contains("page=2") == true)
            let past = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments?page=9").object
            #expect(past["count"] as? Int == 0)
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments?status=NOPE").status == .badRequest)

            let cleanup = try await bench.client.send(.PUT, "\(bench.base)/service-details/web/cleanup-deployment-queue", json: "{}")
            #expect(cleanup.status == .accepted)
            let queued = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments?status=QUEUED").object
            #expect(((queued["results"] as? [[String: Any]]) ?? []).compactMap { $0["hash"] as? String } == [hashes[0]], "the oldest stays")
            let cancelled = try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(hashes[0])")
            #expect(cancelled.status == .ok && cancelled.object["status"] as? String == "CANCELLED")
            #expect(try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(hashes[0])").status == .conflict)

            let toggle = try await bench.client.send(.PUT, "\(bench.base)/toggle-service/web", json: #"{"desired_state": "stop"}"#)
            #expect(toggle.status == .conflict, "never deployed")
            #expect(try await bench.client.send(.PUT, "\(bench.base)/toggle-service/web", json: #"{"desired_state": "pause"}"#).attrs == ["desired_state"])
            let id = try await bench.serviceID("web")
            let bulk = try await bench.client.send(.PUT, "\(bench.base)/bulk-deploy-services", json: #"{"service_ids": ["\#(id)", "srv_dkr_unknown"]}"#)
            #expect(bulk.status == .accepted)
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments").object["count"] as? Int == 5)
            #expect(try await bench.client.send(.PUT, "\(bench.base)/bulk-deploy-services", json: #"{"service_ids": "x"}"#).status == .badRequest)
        }
    }
}
