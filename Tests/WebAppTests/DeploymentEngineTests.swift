import DockerEngine
import Foundation
import Testing
import TestSupport
import Vapor
import WebApp

/// Deployments run for real on the engine's single-node swarm.
@Suite(
    "Deployments on a real swarm", .tags(.e2e), .serialized,
    .enabled(if: TestEnvironment.dockerEnabled, "needs a Docker engine with a swarm (E2E_DOCKER=1)"))
struct DeploymentEngineTests {
    let docker = DockerEngineClient(socketPath: "/var/run/docker.sock")

    static func engineConfig() -> AppConfig {
        var config = testConfig()
        config.dockerSocket = "/var/run/docker.sock"
        config.deployments.healthPollSeconds = 0.5
        return config
    }

    /// busybox httpd, under a shell that exits on SIGTERM (httpd as PID 1 would ignore it and hold the
    /// removal for the whole 30 s grace period).
    static let command = #"sh -c \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\""#
    static let healthy = #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "wget -q -O /dev/null http://127.0.0.1:80/", "timeout_seconds": 20}}"#

    /// Runs `body` on an app with the engine, then removes every Docker object of the test's project.
    func withEngineApp(_ body: (Application, ServiceWorkbench, [String: Any]) async throws -> Void) async throws {
        var projectID: String?
        do {
            try await withTestApp(database: .sqlite, config: Self.engineConfig()) { app in
                let bench = try await ServiceWorkbench(app)
                let created = try await bench.createService("web", image: "zane-test/busybox:latest")
                projectID = created["project_id"] as? String
                try await body(app, bench, created)
            }
        } catch {
            if let projectID { await Self.removeEverything(of: projectID, docker) }
            throw error
        }
        if let projectID { await Self.removeEverything(of: projectID, docker) }
    }

    @Test func deploysFailsWithoutHarmAndReplacesTheProductionDeployment() async throws {
        try await withEngineApp { app, bench, created in
            let serviceID = try #require(created["id"] as? String)
            let projectID = try #require(created["project_id"] as? String)
            for change in [
                #"{"field": "command", "new_value": "\#(Self.command)"}"#, Self.healthy,
                #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "GREETING", "value": "hello {{env.WHO}}"}}"#,
                #"{"field": "volumes", "type": "ADD", "new_value": {"container_path": "/data", "mode": "READ_ONLY"}}"#,
                #"{"field": "configs", "type": "ADD", "new_value": {"contents": "zane", "mount_path": "/etc/app.conf"}}"#,
            ] {
                #expect(try await bench.change("web", change).status == .ok, "\(change)")
            }
            _ = try await bench.client.send(.POST, "/api/projects/shop/production/variables", json: #"{"key": "WHO", "value": "world"}"#)

            let first = try await deploy(bench, "web")
            #expect(first["status"] as? String == "QUEUED" && first["started_at"] is NSNull)
            let firstHash = try #require(first["hash"] as? String)
            let done = try await waitForEnd(bench, "web", firstHash)
            #expect(done["status"] as? String == "HEALTHY", "\(done["status_reason"] ?? "")")
            #expect(done["is_current_production"] as? Bool == true && done["slot"] as? String == "BLUE")
            try await checkDockerObjects(projectID: projectID, serviceID: serviceID, hash: firstHash, details: try await bench.details("web"))
            let logs = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments/\(firstHash)/build-logs").object
            let messages = ((logs["results"] as? [[String: Any]]) ?? []).compactMap { $0["content"] as? String }
            #expect(messages.first == "Deployment \(firstHash) finished with status HEALTHY.")
            #expect(messages.last == "Preparing deployment \(firstHash)...")
            #expect(messages.contains { $0.hasPrefix("Healthcheck attempt #1: HEALTHY") } && messages.contains { $0.hasPrefix("Creating the Swarm service") })

            _ = try await bench.change("web", #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "sh -c 'exit 3'", "timeout_seconds": 5}}"#)
            let failing = try #require(try await deploy(bench, "web")["hash"] as? String)
            let failed = try await waitForEnd(bench, "web", failing)
            #expect(failed["status"] as? String == "FAILED" && failed["is_current_production"] as? Bool == false)
            #expect(failed["status_reason"] as? String == "The healthcheck command `sh -c 'exit 3'` exited with code 3.")
            #expect(try await docker.service(named: swarmName(projectID, serviceID, failing)) == nil, "the failed deployment's service is gone")
            #expect(try await docker.service(named: swarmName(projectID, serviceID, firstHash)) != nil, "the previous one still runs")
            let stillProduction = try await deployment(bench, "web", firstHash)
            #expect(stillProduction["status"] as? String == "HEALTHY" && stillProduction["is_current_production"] as? Bool == true)

            _ = try await bench.change("web", Self.healthy)
            let second = try #require(try await deploy(bench, "web")["hash"] as? String)
            let replaced = try await waitForEnd(bench, "web", second)
            #expect(replaced["status"] as? String == "HEALTHY" && replaced["slot"] as? String == "GREEN")
            #expect(try await deployment(bench, "web", firstHash)["status"] as? String == "REMOVED")
            #expect(try await docker.service(named: swarmName(projectID, serviceID, firstHash)) == nil)
            let list = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments").object
            #expect(list["count"] as? Int == 3)
            let card = try await bench.client.send(.GET, "\(bench.base)/service-list").array.first
            #expect(card?["status"] as? String == "HEALTHY" && card?["updated_at"] as? String == replaced["queued_at"] as? String)
            #expect((list["results"] as? [[String: Any]])?.first?["hash"] as? String == second, "healthy first")
        }
    }

    @Test func aQueuedDeploymentIsCancelledAtOnce() async throws {
        try await withEngineApp { app, bench, _ in
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(Self.command)"}"#)
            let running = try #require(try await deploy(bench, "web")["hash"] as? String)
            let queued = try #require(try await deploy(bench, "web")["hash"] as? String)
            let cancelled = try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(queued)")
            #expect(cancelled.status == .ok)
            #expect(cancelled.object["status"] as? String == "CANCELLED", "queued behind the running one, it had not started")
            let end = try await waitForEnd(bench, "web", queued)
            #expect(end["status"] as? String == "CANCELLED" && end["started_at"] is NSNull)
            #expect(try await waitForEnd(bench, "web", running)["status"] as? String == "HEALTHY")
            let again = try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(queued)")
            #expect(again.status == .conflict)
        }
    }

    @Test func aWebhookDeploysANewImageAndArchivingLeavesNothingBehind() async throws {
        try await docker.tag("zane-test/busybox:latest", as: "zane-test/busybox:webhook")
        try await withEngineApp { app, bench, created in
            let projectID = try #require(created["project_id"] as? String)
            let token = try #require(created["deploy_token"] as? String)
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(Self.command)"}"#)
            _ = try await bench.change("web", #"{"field": "volumes", "type": "ADD", "new_value": {"container_path": "/data"}}"#)
            let anonymous = APIClient(app)
            let unknown = try await anonymous.send(.PUT, "/api/deploy-service/docker/\(String(repeating: "0", count: 32))", json: "{}")
            #expect(unknown.status == .notFound)
            let badImage = try await anonymous.send(.PUT, "/api/deploy-service/docker/\(token)", json: #"{"new_image": "Not An Image"}"#)
            #expect(badImage.attrs == ["new_image.image"])
            let hook = try await anonymous.send(.PUT, "/api/deploy-service/docker/\(token)", json: #"{"new_image": "zane-test/busybox:webhook"}"#)
            #expect(hook.status == .accepted && hook.body.isEmpty)
            let list = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments").object
            let hash = try #require((list["results"] as? [[String: Any]])?.first?["hash"] as? String)
            let done = try await waitForEnd(bench, "web", hash)
            #expect(done["status"] as? String == "HEALTHY" && done["trigger_method"] as? String == "API")
            #expect(try await bench.details("web")["image"] as? String == "zane-test/busybox:webhook")
            #expect(try await !docker.serviceNames(labelled: ["zane-project=\(projectID)"]).isEmpty)

            #expect(try await bench.client.send(.DELETE, "\(bench.base)/archive-service/docker/web").status == .noContent)
            var left: [String] = ["?"]
            for _ in 0..<60 where !left.isEmpty {
                try await Task.sleep(for: .milliseconds(500))
                let labels = ["zane-project=\(projectID)"]
                left = try await docker.serviceNames(labelled: labels) + (try await docker.volumeNames(labelled: labels))
                    + (try await docker.configNames(labelled: labels))
            }
            #expect(left.isEmpty, "left behind: \(left)")
        }
    }

    @Test func aRunningDeploymentRollsBackWhenCancelled() async throws {
        try await withEngineApp { app, bench, created in
            let projectID = try #require(created["project_id"] as? String)
            let serviceID = try #require(created["id"] as? String)
            let first = try await deployHealthy(bench)
            // Ready only after 3 s: the cancel arrives while the pipeline runs its health check.
            let slow = #"sh -c \"trap 'exit 0' TERM; (sleep 3; echo ok > /tmp/ready) & httpd -f -p 80 -h /www & wait\""#
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(slow)"}"#)
            _ = try await bench.change("web", #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "cat /tmp/ready", "timeout_seconds": 20}}"#)
            let second = try #require(try await deploy(bench, "web")["hash"] as? String)
            _ = try await waitFor(bench, second) { $0 == "STARTING" || $0 == "PREPARING" }
            try await Task.sleep(for: .milliseconds(500))
            let cancel = try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(second)")
            #expect(cancel.status == .ok)
            let end = try await waitForEnd(bench, "web", second)
            #expect(end["status"] as? String == "CANCELLED" && end["status_reason"] as? String == "Deployment cancelled.")
            #expect(try await docker.service(named: swarmName(projectID, serviceID, second)) == nil)
            let production = try await deployment(bench, "web", first)
            #expect(production["status"] as? String == "HEALTHY" && production["is_current_production"] as? Bool == true)
            #expect(try await docker.service(named: swarmName(projectID, serviceID, first)) != nil)
        }
    }

    @Test func theHealthMonitorFollowsTheProductionDeployment() async throws {
        try await withEngineApp { app, bench, created in
            let projectID = try #require(created["project_id"] as? String)
            let serviceID = try #require(created["id"] as? String)
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(Self.command)"}"#)
            _ = try await bench.change(
                "web", #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "wget -q -O /dev/null http://127.0.0.1:80/", "interval_seconds": 5}}"#)
            let hash = try #require(try await deploy(bench, "web")["hash"] as? String)
            #expect(try await waitForEnd(bench, "web", hash)["status"] as? String == "HEALTHY")
            // Scaled down behind Zane's back: the monitor notices.
            let name = swarmName(projectID, serviceID, hash)
            var service = try #require(try await docker.service(named: name))
            var spec = service.spec
            spec.mode.replicated.replicas = 0
            try await docker.updateService(service, to: spec)
            let down = try await waitFor(bench, hash) { $0 == "UNHEALTHY" }
            #expect(down["status_reason"] as? String == "The service is down, did you manually scale it down?")
            service = try #require(try await docker.service(named: name))
            spec.mode.replicated.replicas = 1
            try await docker.updateService(service, to: spec)
            let back = try await waitFor(bench, hash) { $0 == "HEALTHY" }
            #expect(back["is_current_production"] as? Bool == true)
        }
    }

    @Test func aServiceSleepsAndWakesUp() async throws {
        try await withEngineApp { app, bench, created in
            let projectID = try #require(created["project_id"] as? String)
            let serviceID = try #require(created["id"] as? String)
            let hash = try await deployHealthy(bench)
            let name = swarmName(projectID, serviceID, hash)
            #expect(try await bench.client.send(.PUT, "\(bench.base)/toggle-service/web", json: #"{"desired_state": "stop"}"#).status == .accepted)
            let asleep = try await waitFor(bench, hash) { $0 == "SLEEPING" }
            #expect(asleep["status_reason"] as? String == "[zaneops::internal::service_paused_by_user]")
            let spec = try #require(try await docker.service(named: name)).spec
            #expect(spec.mode.replicated.replicas == 0 && spec.labels?["status"] == "sleeping")
            #expect(try await bench.client.send(.PUT, "\(bench.base)/toggle-service/web", json: #"{"desired_state": "start"}"#).status == .accepted)
            let awake = try await waitFor(bench, hash) { $0 == "HEALTHY" }
            #expect(awake["status_reason"] is NSNull || awake["status_reason"] as? String != "[zaneops::internal::service_paused_by_user]")
            #expect(try await docker.service(named: name)?.spec.mode.replicated.replicas == 1)
        }
    }

    /// Polls the deployment (up to 120 s) until its status satisfies `status`.
    func waitFor(_ bench: ServiceWorkbench, _ hash: String, slug: String = "web", _ status: (String) -> Bool) async throws -> [String: Any] {
        for _ in 0..<240 {
            let current = try await deployment(bench, slug, hash)
            if status(current["status"] as? String ?? "") { return current }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw TestSetupError("deployment \(hash) did not reach the expected status")
    }

    func checkDockerObjects(projectID: String, serviceID: String, hash: String, details: [String: Any]) async throws {
        let service = try #require(try await docker.service(named: swarmName(projectID, serviceID, hash)))
        let labels = service.spec.labels ?? [:]
        #expect(labels["zane-managed"] == "true" && labels["zane-project"] == projectID && labels["deployment_hash"] == hash)
        #expect(labels["service"] == serviceID && labels["status"] == "active")
        let env = service.spec.taskTemplate.containerSpec.env ?? []
        #expect(env.contains("WHO=world") && env.contains("GREETING=hello world"))
        #expect(env.contains("ZANE_DEPLOYMENT_SLOT=BLUE") && env.contains("ZANE_DEPLOYMENT_HASH=\(hash)") && env.contains("ZANE_SERVICE_ID=\(serviceID)"))
        let volumeID = try #require((details["volumes"] as? [[String: Any]])?.first?["id"] as? String)
        let configID = try #require((details["configs"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(try await docker.volumeNames(labelled: ["parent=\(serviceID)"]) == ["vol-\(volumeID)"])
        #expect(try await docker.configNames(labelled: ["parent=\(serviceID)"]) == ["cf-\(configID)-1"])
        let container = try #require(try await docker.tasks(ofService: service.spec.name).first { $0.status.state == "running" }?.status.containerStatus?.containerID)
        #expect(try await docker.exec(["cat", "/etc/app.conf"], inContainer: container).output == "zane")
    }

    func deploy(_ bench: ServiceWorkbench, _ slug: String) async throws -> [String: Any] {
        let response = try await bench.client.send(.PUT, "\(bench.base)/deploy-service/docker/\(slug)", json: #"{"commit_message": "test"}"#)
        guard response.status == .ok else { throw TestSetupError("deploy answered \(response.status): \(response.body)") }
        return response.object
    }

    func deployment(_ bench: ServiceWorkbench, _ slug: String, _ hash: String) async throws -> [String: Any] {
        try await bench.client.send(.GET, "\(bench.base)/service-details/\(slug)/deployments/\(hash)").object
    }

    /// Polls the deployment until it reaches a status no pipeline moves it from.
    func waitForEnd(_ bench: ServiceWorkbench, _ slug: String, _ hash: String) async throws -> [String: Any] {
        try await waitFor(bench, hash, slug: slug) { ["HEALTHY", "FAILED", "CANCELLED", "REMOVED"].contains($0) }
    }

    /// Sets the busybox command and a passing health check, deploys, and waits for HEALTHY.
    func deployHealthy(_ bench: ServiceWorkbench) async throws -> String {
        _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(Self.command)"}"#)
        _ = try await bench.change("web", Self.healthy)
        let hash = try #require(try await deploy(bench, "web")["hash"] as? String)
        #expect(try await waitForEnd(bench, "web", hash)["status"] as? String == "HEALTHY")
        return hash
    }

    func swarmName(_ projectID: String, _ serviceID: String, _ hash: String) -> String { "srv-\(projectID)-\(serviceID)-\(hash)" }

    static func removeEverything(of projectID: String, _ docker: DockerEngineClient) async {
        let labels = ["zane-project=\(projectID)"]
        for name in (try? await docker.serviceNames(labelled: labels)) ?? [] { try? await docker.removeService(named: name) }
        for _ in 0..<30 {
            let volumes = (try? await docker.volumeNames(labelled: labels)) ?? []
            for name in volumes { try? await docker.removeVolume(name) }
            if volumes.isEmpty { break }
            try? await Task.sleep(for: .seconds(1))
        }
        for name in (try? await docker.configNames(labelled: labels)) ?? [] { try? await docker.removeConfig(name) }
        for name in (try? await docker.networkNames(labelled: labels)) ?? [] { try? await docker.removeNetwork(name) }
    }
}
