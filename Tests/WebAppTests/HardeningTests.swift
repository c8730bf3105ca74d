import Foundation
import SQLKit
import TestSupport
import Testing
import Vapor

/// Behaviours a black-box run against ZaneOps's own behaviour found wrong, without an engine.
@Suite("What trying it as a user found", .tags(.db))
struct HardeningTests {
    @Test(arguments: TestDatabase.enabled)
    func cloningWithDeployAfterCloneAppliesTheChangesAndQueuesADeploymentPerService(_ database: TestDatabase)
        async throws
    {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("worker")
            _ = try await bench.change("web", #"{"field": "command", "new_value": "sleep 60"}"#)
            let clone = try await bench.client.send(
                .POST, "/api/projects/shop/clone-environment/production",
                json: #"{"name": "staging", "deploy_after_clone": true}"#)
            #expect(clone.status == .created)
            for slug in ["web", "worker"] {
                let base = "/api/projects/shop/staging"
                let details = try await bench.client.send(.GET, "\(base)/service-details/\(slug)").object
                #expect((details["unapplied_changes"] as? [Any])?.isEmpty == true, "\(slug) has no pending change left")
                #expect(details["image"] as? String == "nginx:alpine")
                let list = try await bench.client.send(.GET, "\(base)/service-details/\(slug)/deployments").object
                let deployments = try #require(list["results"] as? [[String: Any]])
                #expect(deployments.count == 1 && deployments.first?["status"] as? String == "QUEUED")
                #expect(deployments.first?["commit_message"] as? String == "Clone deployment")
            }
            #expect(try await bench.details("web")["command"] is NSNull, "the source keeps its own pending change")

            let plain = try await bench.client.send(
                .POST, "/api/projects/shop/clone-environment/production", json: #"{"name": "qa"}"#)
            #expect(plain.status == .created)
            let queued = try await bench.client.send(.GET, "/api/projects/shop/qa/service-details/web/deployments")
                .object
            #expect(queued["count"] as? Int == 0)
            #expect(
                (try await bench.client.send(.GET, "/api/projects/shop/qa/service-details/web").object[
                    "unapplied_changes"] as? [Any])?.isEmpty == false)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anAcceptHeaderWithoutJSONGets406(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await APIClient.signedIn(app)
            for accept in ["application/xml", "text/html", "application/json;q=0, text/plain", "image/*"] {
                let response = try await client.send(.GET, "/api/projects", headers: [("Accept", accept)])
                #expect(response.status == .notAcceptable, "\(accept)")
                #expect(
                    response.firstError["code"] as? String == "not_acceptable"
                        && response.object["type"] as? String == "client_error")
            }
            for accept in [
                "*/*", "application/*", "application/json", "text/html, application/json;q=0.9",
                "application/json; indent=4", " ",
            ] {
                #expect(
                    try await client.send(.GET, "/api/projects", headers: [("Accept", accept)]).status == .ok,
                    "\(accept)")
            }
            #expect(try await client.send(.GET, "/api/projects").status == .ok, "no Accept header")
            let anonymous = APIClient(app)
            #expect(
                try await anonymous.send(.GET, "/api/auth/me", headers: [("Accept", "text/html")]).status
                    == .notAcceptable)
            let schema = try await anonymous.send(
                .GET, "/api/schema", headers: [("Accept", "application/vnd.oai.openapi+json")])
            #expect(schema.status == .ok, "the OpenAPI document is served under its own type")
            #expect(
                try await anonymous.send(.GET, "/api/schema", headers: [("Accept", "application/vnd.oai.openapi")])
                    .status == .notAcceptable,
                "there is no YAML version")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func thePendingImageChangeOfADeployedServiceCanBeCancelled(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            _ = try await bench.serviceWithDeployment("web")
            let change = try await bench.change("web", #"{"field": "source", "new_value": {"image": "nginx:1.27"}}"#)
            #expect(change.status == .ok)
            let pending = try await bench.pending("web")
            let id = try #require(pending.first { $0["field"] as? String == "source" }?["id"] as? String)
            let cancelled = try await bench.cancel("web", change: id)
            #expect(cancelled.status == .noContent, "\(cancelled.body)")
            #expect(try await bench.pending("web").isEmpty)
            #expect(try await bench.details("web")["image"] as? String == "nginx:alpine")

            try await bench.createService("fresh")
            let initial = try #require(try await bench.pending("fresh").first?["id"] as? String)
            let refused = try await bench.cancel("fresh", change: initial)
            #expect(
                refused.status == .conflict
                    && refused.firstError["detail"] as? String
                        == "Cannot revert this change because the service has no previous image to restore."
            )
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func projectCountersFollowTheProductionDeployments(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (_, web) = try await bench.serviceWithDeployment("web")
            let (_, api) = try await bench.serviceWithDeployment("api")
            let (_, worker) = try await bench.serviceWithDeployment("worker")
            _ = try await bench.serviceWithDeployment("queued")
            try await bench.client.send(.POST, "/api/projects", json: #"{"slug": "other"}"#)
            /// Healthy and total services per project slug.
            func counters() async throws -> [String: [Int]] {
                let list = try await bench.client.send(.GET, "/api/projects").array
                return Dictionary(
                    uniqueKeysWithValues: list.map {
                        (
                            $0["slug"] as? String ?? "",
                            [$0["healthy_services"] as? Int ?? -1, $0["total_services"] as? Int ?? -1]
                        )
                    })
            }
            #expect(try await counters()["shop"] == [0, 0], "queued deployments count for nothing")
            for (hash, status) in [(web, "HEALTHY"), (api, "UNHEALTHY"), (worker, "SLEEPING")] {
                try await app.sql.update("deployments").set("status", to: SQLBind(status)).set(
                    "is_current_production", to: SQLBind(true)
                )
                .where("hash", .equal, SQLBind(hash)).run()
            }
            let all = try await counters()
            #expect(all["shop"] == [1, 2] && all["other"] == [0, 0])
            let details = try await bench.client.send(.GET, "/api/projects/shop").object
            #expect(details["healthy_services"] as? Int == 1 && details["total_services"] as? Int == 2)
            try await app.sql.update("deployments").set("status", to: SQLBind("FAILED")).where(
                "hash", .equal, SQLBind(web)
            ).run()
            #expect(try await counters()["shop"] == [0, 2])
        }
    }
}
