import DockerEngine
import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// Outcomes a black-box run found wrong, on the engine's real swarm.
@Suite(
    "Deployment outcomes on a real swarm", .tags(.e2e), .serialized,
    .enabled(if: TestEnvironment.dockerEnabled, "needs a Docker engine with a swarm (E2E_DOCKER=1)"))
struct DeploymentOutcomeTests {
    let docker = DockerEngineClient(socketPath: "/var/run/docker.sock")

    @Test func aContainerThatExitsAtOnceFailsItsDeploymentAndThePreviousStaysProduction() async throws {
        try await withEngineApp(docker) { app, bench, _ in
            let healthy = try await bench.deployHealthy()
            _ = try await bench.change("web", #"{"field": "healthcheck", "new_value": null}"#)
            _ = try await bench.change("web", #"{"field": "command", "new_value": "sh -c 'exit 1'"}"#)
            let crashing = try #require(try await bench.deploy("web")["hash"] as? String)
            let failed = try await bench.waitForEnd("web", crashing)
            #expect(failed["status"] as? String == "FAILED" && failed["is_current_production"] as? Bool == false)
            let previous = try await bench.deployment("web", healthy)
            #expect(previous["status"] as? String == "HEALTHY" && previous["is_current_production"] as? Bool == true)
            try await Task.sleep(for: .seconds(3))
            #expect(
                try await bench.deployment("web", crashing)["status"] as? String == "FAILED",
                "the monitor leaves a failed deployment alone")
            let project = try await bench.client.send(.GET, "/api/projects/shop").object
            #expect(project["healthy_services"] as? Int == 1 && project["total_services"] as? Int == 1)
        }
    }

    @Test func aFirstDeploymentThatExitsAtOnceIsFailedNotUnhealthy() async throws {
        try await withEngineApp(docker) { app, bench, _ in
            _ = try await bench.change("web", #"{"field": "command", "new_value": "sh -c 'exit 1'"}"#)
            let hash = try #require(try await bench.deploy("web")["hash"] as? String)
            let done = try await bench.waitForEnd("web", hash)
            #expect(done["status"] as? String == "FAILED" && done["is_current_production"] as? Bool == true)
            try await Task.sleep(for: .seconds(3))
            #expect(try await bench.deployment("web", hash)["status"] as? String == "FAILED")
            let project = try await bench.client.send(.GET, "/api/projects/shop").object
            #expect(project["healthy_services"] as? Int == 0 && project["total_services"] as? Int == 1)
        }
    }

    @Test func aCloneWithDeployAfterCloneComesOutHealthy() async throws {
        try await withEngineApp(docker) { app, bench, _ in
            _ = try await bench.deployHealthy()
            let clone = try await bench.client.send(
                .POST, "/api/projects/shop/clone-environment/production",
                json: #"{"name": "staging", "deploy_after_clone": true}"#)
            #expect(clone.status == .created)
            let staging = "/api/projects/shop/staging/service-details/web"
            let list = try await bench.client.send(.GET, "\(staging)/deployments").object
            let hash = try #require((list["results"] as? [[String: Any]])?.first?["hash"] as? String)
            var status = ""
            for _ in 0..<240 where !["HEALTHY", "FAILED", "CANCELLED"].contains(status) {
                try await Task.sleep(for: .milliseconds(500))
                status =
                    try await bench.client.send(.GET, "\(staging)/deployments/\(hash)").object["status"] as? String
                    ?? ""
            }
            #expect(status == "HEALTHY")
            #expect((try await bench.client.send(.GET, staging).object["unapplied_changes"] as? [Any])?.isEmpty == true)
            let project = try await bench.client.send(.GET, "/api/projects/shop").object
            #expect(project["healthy_services"] as? Int == 2 && project["total_services"] as? Int == 2)
        }
    }
}
