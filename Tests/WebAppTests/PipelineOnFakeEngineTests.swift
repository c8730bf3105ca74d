import DockerEngine
import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// The deployment pipeline on an engine in memory: what it asks of the engine, in which order, and what it
/// records, without Docker (the same paths run on the real engine in `DeploymentEngineTests`).
@Suite("Pipeline on a fake engine", .tags(.db))
struct PipelineOnFakeEngineTests {
    static func config() -> AppConfig {
        var config = testConfig()
        config.deployments.healthPollSeconds = 0.05
        return config
    }

    @Test(arguments: TestDatabase.enabled)
    func aDeploymentCreatesItsObjectsInOrderAndBecomesProduction(_ database: TestDatabase) async throws {
        let engine = FakeContainerRuntime(images: ["app:1"])
        try await withTestApp(database: database, config: Self.config(), runtime: engine) { app in
            let bench = try await ServiceWorkbench(app)
            let created = try await bench.createService("web", image: "app:1")
            let serviceID = try #require(created["id"] as? String)
            for change in [
                #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "GREETING", "value": "hello {{env.WHO}}"}}"#,
                #"{"field": "volumes", "type": "ADD", "new_value": {"container_path": "/data", "mode": "READ_WRITE"}}"#,
                #"{"field": "configs", "type": "ADD", "new_value": {"contents": "zane", "mount_path": "/etc/app.conf"}}"#,
                #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "check --now", "timeout_seconds": 5}}"#,
            ] {
                #expect(try await bench.change("web", change).status == .ok, "\(change)")
            }
            _ = try await bench.client.send(
                .POST, "\(bench.base)/variables", json: #"{"key": "WHO", "value": "world"}"#)
            let hash = try #require(try await deploy(bench)["hash"] as? String)
            let done = try await waitForEnd(bench, hash)
            #expect(done["status"] as? String == "HEALTHY", "\(done["status_reason"] ?? "")")
            #expect(done["is_current_production"] as? Bool == true)

            let calls = await engine.calls
            let order = [
                "createNetwork zane", "createVolume vol-", "createConfig cf-", "createService srv-", "exec check",
            ]
            let positions = order.map { step in calls.firstIndex { $0.hasPrefix(step) } }
            #expect(
                positions.allSatisfy { $0 != nil } && positions == positions.sorted { ($0 ?? 0) < ($1 ?? 0) },
                "\(calls)")
            #expect(!calls.contains { $0.hasPrefix("pull") }, "an image on the engine is not pulled")
            let service = try #require(await engine.services.values.first?.info.spec)
            #expect(service.name.hasSuffix(hash) && service.labels?["service"] == serviceID)
            let env = service.taskTemplate.containerSpec.env ?? []
            #expect(env.contains("GREETING=hello world") && env.contains("ZANE_DEPLOYMENT_HASH=\(hash)"))
            #expect(service.taskTemplate.containerSpec.mounts?.contains { $0.target == "/data" } == true)

            let snapshot = try #require(done["service_snapshot"] as? [String: Any])
            #expect(snapshot["id"] as? String == serviceID && snapshot["image"] as? String == "app:1")
            #expect((snapshot["env_variables"] as? [[String: Any]])?.first?["key"] as? String == "GREETING")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func failuresRollBackAndKeepTheProductionDeployment(_ database: TestDatabase) async throws {
        let engine = FakeContainerRuntime(images: ["app:1"])
        await engine.setFailingImages(["app:crashes"])
        try await withTestApp(database: database, config: Self.config(), runtime: engine) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web", image: "app:1")
            let first = try #require(try await deploy(bench)["hash"] as? String)
            #expect(try await waitForEnd(bench, first)["status"] as? String == "HEALTHY")

            _ = try await bench.change(
                "web",
                #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "probe", "timeout_seconds": 5}}"#)
            _ = try await bench.change("web", #"{"field": "source", "new_value": {"image": "app:crashes"}}"#)
            let crashing = try #require(try await deploy(bench)["hash"] as? String)
            let crashed = try await waitForEnd(bench, crashing)
            #expect(crashed["status"] as? String == "FAILED" && crashed["is_current_production"] as? Bool == false)
            #expect(await engine.calls.contains("pull app:crashes"), "a missing image is pulled")

            _ = try await bench.change("web", #"{"field": "source", "new_value": {"image": "app:1"}}"#)
            await engine.setExecExitCode(3, for: "probe")
            let unhealthy = try #require(try await deploy(bench)["hash"] as? String)
            let failed = try await waitForEnd(bench, unhealthy)
            #expect(failed["status"] as? String == "FAILED")
            #expect(failed["status_reason"] as? String == "The healthcheck command `probe` exited with code 3.")

            let names = await engine.services.keys.sorted()
            #expect(names.count == 1 && names.first?.hasSuffix(first) == true, "only production runs: \(names)")
            let production = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments/\(first)")
            #expect(production.object["status"] as? String == "HEALTHY")
            #expect(production.object["is_current_production"] as? Bool == true)
        }
    }

    /// A stop (as at shutdown) lets the running step finish, then leaves the deployment in progress: nothing is
    /// rolled back, and the next start's recovery picks it up where it stopped.
    @Test func aStopWaitsForTheRunningStepAndLeavesTheDeploymentForTheNextStart() async throws {
        let engine = FakeContainerRuntime(images: ["app:1"])
        await engine.holdServiceCreation(true)
        try await withTestApp(database: .sqlite, config: Self.config(), runtime: engine) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web", image: "app:1")
            let hash = try #require(try await deploy(bench)["hash"] as? String)
            for _ in 0..<100 where !(await engine.calls.contains { $0.hasPrefix("createService") }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let stop = Task { await app.stopEngine() }
            try await Task.sleep(for: .milliseconds(300))
            #expect(await engine.services.isEmpty, "the step is still running")
            await engine.holdServiceCreation(false)
            await stop.value

            let stopped = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments/\(hash)")
            #expect(stopped.object["status"] as? String == "PREPARING", "left in progress, not failed nor cancelled")
            #expect(await engine.services.keys.contains { $0.hasSuffix(hash) }, "nothing rolled back")
            #expect(!(await engine.calls.contains { $0.hasPrefix("removeService") }))
            let logs = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments/\(hash)/build-logs")
            #expect(logs.body.contains("Zane is stopping: this deployment goes on when it starts again."))

            _ = try await bench.change("web", #"{"field": "command", "new_value": "serve"}"#)
            let queued = try #require(try await deploy(bench)["hash"] as? String)
            try await Task.sleep(for: .milliseconds(300))
            let waiting = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments/\(queued)")
            #expect(waiting.object["status"] as? String == "QUEUED", "a stopped engine takes no deployment")
        }
    }

    func deploy(_ bench: ServiceWorkbench) async throws -> [String: Any] {
        let response = try await bench.client.send(
            .PUT, "\(bench.base)/deploy-service/docker/web", json: #"{"commit_message": "test"}"#)
        #expect(response.status == .ok, "\(response.body)")
        return response.object
    }

    func waitForEnd(_ bench: ServiceWorkbench, _ hash: String) async throws -> [String: Any] {
        for _ in 0..<200 {
            let current = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments/\(hash)"
            ).object
            if ["HEALTHY", "FAILED", "CANCELLED"].contains(current["status"] as? String ?? "") { return current }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("deployment \(hash) did not end")
    }
}
