import DockerEngine
import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// Deployments run for real on the engine's single-node swarm.
@Suite(
    "Deployments on a real swarm", .tags(.e2e), .serialized,
    .enabled(if: TestEnvironment.dockerEnabled, "needs a Docker engine with a swarm (E2E_DOCKER=1)"))
struct DeploymentEngineTests {
    let docker = DockerEngineClient(socketPath: "/var/run/docker.sock")

    @Test func deploysFailsWithoutHarmAndReplacesTheProductionDeployment() async throws {
        try await withEngineApp(docker) { app, bench, created in
            let serviceID = try #require(created["id"] as? String)
            let projectID = try #require(created["project_id"] as? String)
            for change in [
                #"{"field": "command", "new_value": "\#(EngineTestApp.command)"}"#, EngineTestApp.healthy,
                #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "GREETING", "value": "hello {{env.WHO}}"}}"#,
                #"{"field": "volumes", "type": "ADD", "new_value": {"container_path": "/data", "mode": "READ_ONLY"}}"#,
                #"{"field": "configs", "type": "ADD", "new_value": {"contents": "zane", "mount_path": "/etc/app.conf"}}"#,
            ] {
                #expect(try await bench.change("web", change).status == .ok, "\(change)")
            }
            _ = try await bench.client.send(
                .POST, "/api/projects/shop/production/variables", json: #"{"key": "WHO", "value": "world"}"#)

            let first = try await bench.deploy("web")
            #expect(first["status"] as? String == "QUEUED" && first["started_at"] is NSNull)
            let firstHash = try #require(first["hash"] as? String)
            let done = try await bench.waitForEnd("web", firstHash)
            #expect(done["status"] as? String == "HEALTHY", "\(done["status_reason"] ?? "")")
            #expect(done["is_current_production"] as? Bool == true && done["slot"] as? String == "BLUE")
            try await checkDockerObjects(
                projectID: projectID, serviceID: serviceID, hash: firstHash, details: try await bench.details("web"))
            let logs = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments/\(firstHash)/build-logs"
            ).object
            let messages = ((logs["results"] as? [[String: Any]]) ?? []).compactMap { $0["content"] as? String }
            #expect(messages.first == "Deployment \(firstHash) finished with status HEALTHY.")
            #expect(messages.last == "Preparing deployment \(firstHash)...")
            #expect(
                messages.contains { $0.hasPrefix("Healthcheck attempt #1: HEALTHY") }
                    && messages.contains { $0.hasPrefix("Creating the Swarm service") })

            _ = try await bench.change(
                "web",
                #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "sh -c 'exit 3'", "timeout_seconds": 5}}"#
            )
            let failing = try #require(try await bench.deploy("web")["hash"] as? String)
            let failed = try await bench.waitForEnd("web", failing)
            #expect(failed["status"] as? String == "FAILED" && failed["is_current_production"] as? Bool == false)
            #expect(
                failed["status_reason"] as? String == "The healthcheck command `sh -c 'exit 3'` exited with code 3.")
            #expect(
                try await docker.service(named: swarmName(projectID, serviceID, failing)) == nil,
                "the failed deployment's service is gone")
            #expect(
                try await docker.service(named: swarmName(projectID, serviceID, firstHash)) != nil,
                "the previous one still runs")
            let stillProduction = try await bench.deployment("web", firstHash)
            #expect(
                stillProduction["status"] as? String == "HEALTHY"
                    && stillProduction["is_current_production"] as? Bool == true)

            _ = try await bench.change("web", EngineTestApp.healthy)
            let second = try #require(try await bench.deploy("web")["hash"] as? String)
            let replaced = try await bench.waitForEnd("web", second)
            #expect(replaced["status"] as? String == "HEALTHY" && replaced["slot"] as? String == "GREEN")
            #expect(try await bench.deployment("web", firstHash)["status"] as? String == "REMOVED")
            #expect(try await docker.service(named: swarmName(projectID, serviceID, firstHash)) == nil)
            let list = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments").object
            #expect(list["count"] as? Int == 3)
            let card = try await bench.client.send(.GET, "\(bench.base)/service-list").array.first
            #expect(
                card?["status"] as? String == "HEALTHY"
                    && card?["updated_at"] as? String == replaced["queued_at"] as? String)
            #expect((list["results"] as? [[String: Any]])?.first?["hash"] as? String == second, "healthy first")
        }
    }

    @Test func theBuildLogStreamSendsTheLinesAndTheStatusThenEndsOnceTheDeploymentHasFinished() async throws {
        try await withEngineApp(docker) { _, bench, _ in
            let hash = try await bench.deployHealthy()
            let started = ContinuousClock.now
            let stream = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments/\(hash)/build-logs/stream?after=0&max_seconds=60")
            #expect(ContinuousClock.now - started < .seconds(20), "the stream of a finished deployment ends at once")
            let events = RuntimeLogTests.events(stream.body)
            #expect(events.first?.event == "ready" && events.last?.event == "end")
            #expect(events.first { $0.event == "status" }?.data["status"] as? String == "HEALTHY")
            let lines = events.filter { $0.event == "log" }.compactMap { $0.data["content_text"] as? String }
            #expect(lines.first?.hasPrefix("Preparing deployment") == true, "\(lines)")
            #expect(lines.last?.contains("finished with status HEALTHY") == true, "\(lines)")
        }
    }

    @Test func aQueuedDeploymentIsCancelledAtOnce() async throws {
        try await withEngineApp(docker) { app, bench, _ in
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(EngineTestApp.command)"}"#)
            let running = try #require(try await bench.deploy("web")["hash"] as? String)
            let queued = try #require(try await bench.deploy("web")["hash"] as? String)
            let cancelled = try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(queued)")
            #expect(cancelled.status == .ok)
            #expect(
                cancelled.object["status"] as? String == "CANCELLED",
                "queued behind the running one, it had not started")
            let end = try await bench.waitForEnd("web", queued)
            #expect(end["status"] as? String == "CANCELLED" && end["started_at"] is NSNull)
            #expect(try await bench.waitForEnd("web", running)["status"] as? String == "HEALTHY")
            let again = try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(queued)")
            #expect(again.status == .conflict)
        }
    }

    @Test func aWebhookDeploysANewImageAndArchivingLeavesNothingBehind() async throws {
        try await docker.tag("zane-test/busybox:latest", as: "zane-test/busybox:webhook")
        try await withEngineApp(docker) { app, bench, created in
            let projectID = try #require(created["project_id"] as? String)
            let token = try #require(created["deploy_token"] as? String)
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(EngineTestApp.command)"}"#)
            _ = try await bench.change(
                "web", #"{"field": "volumes", "type": "ADD", "new_value": {"container_path": "/data"}}"#)
            let anonymous = APIClient(app)
            let unknown = try await anonymous.send(
                .PUT, "/api/deploy-service/docker/\(String(repeating: "0", count: 32))", json: "{}")
            #expect(unknown.status == .notFound)
            let badImage = try await anonymous.send(
                .PUT, "/api/deploy-service/docker/\(token)", json: #"{"new_image": "Not An Image"}"#)
            #expect(badImage.attrs == ["new_image.image"])
            let hook = try await anonymous.send(
                .PUT, "/api/deploy-service/docker/\(token)", json: #"{"new_image": "zane-test/busybox:webhook"}"#)
            #expect(hook.status == .accepted && hook.body.isEmpty)
            let list = try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments").object
            let hash = try #require((list["results"] as? [[String: Any]])?.first?["hash"] as? String)
            let done = try await bench.waitForEnd("web", hash)
            #expect(done["status"] as? String == "HEALTHY" && done["trigger_method"] as? String == "API")
            #expect(try await bench.details("web")["image"] as? String == "zane-test/busybox:webhook")
            #expect(try await !docker.serviceNames(labelled: ["zane-project=\(projectID)"]).isEmpty)

            #expect(
                try await bench.client.send(.DELETE, "\(bench.base)/archive-service/docker/web").status == .noContent)
            var left: [String] = ["?"]
            for _ in 0..<60 where !left.isEmpty {
                try await Task.sleep(for: .milliseconds(500))
                let labels = ["zane-project=\(projectID)"]
                left =
                    try await docker.serviceNames(labelled: labels) + (try await docker.volumeNames(labelled: labels))
                    + (try await docker.configNames(labelled: labels))
            }
            #expect(left.isEmpty, "left behind: \(left)")
        }
    }

    @Test func aRunningDeploymentRollsBackWhenCancelled() async throws {
        try await withEngineApp(docker) { app, bench, created in
            let projectID = try #require(created["project_id"] as? String)
            let serviceID = try #require(created["id"] as? String)
            let first = try await bench.deployHealthy()
            // Ready only after 3 s: the cancel arrives while the pipeline runs its health check.
            let slow = #"sh -c \"trap 'exit 0' TERM; (sleep 3; echo ok > /tmp/ready) & httpd -f -p 80 -h /www & wait\""#
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(slow)"}"#)
            _ = try await bench.change(
                "web",
                #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "cat /tmp/ready", "timeout_seconds": 20}}"#
            )
            let second = try #require(try await bench.deploy("web")["hash"] as? String)
            _ = try await bench.waitFor(second) { $0 == "STARTING" || $0 == "PREPARING" }
            try await Task.sleep(for: .milliseconds(500))
            let cancel = try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/web/\(second)")
            #expect(cancel.status == .ok)
            let end = try await bench.waitForEnd("web", second)
            #expect(
                end["status"] as? String == "CANCELLED" && end["status_reason"] as? String == "Deployment cancelled.")
            #expect(try await docker.service(named: swarmName(projectID, serviceID, second)) == nil)
            let production = try await bench.deployment("web", first)
            #expect(
                production["status"] as? String == "HEALTHY" && production["is_current_production"] as? Bool == true)
            #expect(try await docker.service(named: swarmName(projectID, serviceID, first)) != nil)
        }
    }

    @Test func theHealthMonitorFollowsTheProductionDeployment() async throws {
        try await withEngineApp(docker) { app, bench, created in
            let projectID = try #require(created["project_id"] as? String)
            let serviceID = try #require(created["id"] as? String)
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(EngineTestApp.command)"}"#)
            _ = try await bench.change(
                "web",
                #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "wget -q -O /dev/null http://127.0.0.1:80/", "interval_seconds": 5}}"#
            )
            let hash = try #require(try await bench.deploy("web")["hash"] as? String)
            #expect(try await bench.waitForEnd("web", hash)["status"] as? String == "HEALTHY")
            // Scaled down behind Zane's back: the monitor notices.
            let name = swarmName(projectID, serviceID, hash)
            var service = try #require(try await docker.service(named: name))
            var spec = service.spec
            spec.mode.replicated.replicas = 0
            try await docker.updateService(service, to: spec)
            let down = try await bench.waitFor(hash) { $0 == "UNHEALTHY" }
            #expect(down["status_reason"] as? String == "The service is down, did you manually scale it down?")
            service = try #require(try await docker.service(named: name))
            spec.mode.replicated.replicas = 1
            try await docker.updateService(service, to: spec)
            let back = try await bench.waitFor(hash) { $0 == "HEALTHY" }
            #expect(back["is_current_production"] as? Bool == true)
        }
    }

    @Test func aServiceSleepsAndWakesUp() async throws {
        try await withEngineApp(docker) { app, bench, created in
            let projectID = try #require(created["project_id"] as? String)
            let serviceID = try #require(created["id"] as? String)
            let hash = try await bench.deployHealthy()
            let name = swarmName(projectID, serviceID, hash)
            #expect(
                try await bench.client.send(
                    .PUT, "\(bench.base)/toggle-service/web", json: #"{"desired_state": "stop"}"#
                ).status == .accepted)
            let asleep = try await bench.waitFor(hash) { $0 == "SLEEPING" }
            #expect(asleep["status_reason"] as? String == "[zaneops::internal::service_paused_by_user]")
            let spec = try #require(try await docker.service(named: name)).spec
            #expect(spec.mode.replicated.replicas == 0 && spec.labels?["status"] == "sleeping")
            #expect(
                try await bench.client.send(
                    .PUT, "\(bench.base)/toggle-service/web", json: #"{"desired_state": "start"}"#
                ).status == .accepted)
            let awake = try await bench.waitFor(hash) { $0 == "HEALTHY" }
            #expect(
                awake["status_reason"] is NSNull
                    || awake["status_reason"] as? String != "[zaneops::internal::service_paused_by_user]")
            #expect(try await docker.service(named: name)?.spec.mode.replicated.replicas == 1)
        }
    }

    @Test func aRedeployRunsTheEarlierConfiguration() async throws {
        try await withEngineApp(docker) { app, bench, created in
            let serviceID = try #require(created["id"] as? String)
            let projectID = try #require(created["project_id"] as? String)
            _ = try await bench.change(
                "web", #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "VERSION", "value": "one"}}"#)
            let first = try await bench.deployHealthy()
            let variableID = try #require(
                ((try await bench.details("web"))["env_variables"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await bench.change(
                "web",
                #"{"field": "env_variables", "type": "UPDATE", "item_id": "\#(variableID)", "new_value": {"key": "VERSION", "value": "two"}}"#
            )
            let second = try #require(try await bench.deploy("web")["hash"] as? String)
            #expect(try await bench.waitForEnd("web", second)["status"] as? String == "HEALTHY")

            let response = try await bench.client.send(.PUT, "\(bench.base)/redeploy-service/docker/web/\(first)")
            #expect(response.status == .ok, "\(response.body)")
            let third = try #require(response.object["hash"] as? String)
            let done = try await bench.waitForEnd("web", third)
            #expect(done["status"] as? String == "HEALTHY" && done["redeploy_hash"] as? String == first)
            let env =
                try await docker.service(named: swarmName(projectID, serviceID, third))?.spec.taskTemplate.containerSpec
                .env ?? []
            #expect(env.contains("VERSION=one"))
            #expect(
                try await docker.service(named: swarmName(projectID, serviceID, second)) == nil,
                "the second deployment was retired")
            #expect(try await bench.deployment("web", second)["status"] as? String == "REMOVED")
        }
    }

    @Test func aServiceWithAReadWriteVolumeSaysItsDeploysStopTheOldOneFirst() async throws {
        try await withEngineApp(docker) { app, bench, _ in
            #expect(try await bench.details("web")["zero_downtime_deploys"] as? Bool == true)
            _ = try await bench.change(
                "web",
                #"{"field": "volumes", "type": "ADD", "new_value": {"container_path": "/data", "mode": "READ_WRITE"}}"#)
            let first = try await bench.deployHealthy()
            let details = try await bench.details("web")
            #expect(details["zero_downtime_deploys"] as? Bool == false)
            #expect((details["zero_downtime_obstacle"] as? String ?? "").contains("read-write volume"))
            let second = try #require(try await bench.deploy("web")["hash"] as? String)
            #expect(try await bench.waitForEnd("web", second)["status"] as? String == "HEALTHY")
            let logs = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments/\(second)/build-logs"
            ).object
            let messages = ((logs["results"] as? [[String: Any]]) ?? []).compactMap { $0["content"] as? String }
            #expect(
                messages.contains {
                    $0.hasPrefix("Not a zero-downtime deploy: the service has a read-write volume")
                        && $0.contains(first)
                })
        }
    }

    @Test func whatContainersPrintIsStoredInOrderWithoutGapsOrDoubles() async throws {
        try await withEngineApp(docker) { app, bench, _ in
            let printing =
                #"sh -c \"i=1; while [ $i -le 3000 ]; do echo line $i; i=$((i+1)); done; echo oops >&2; "#
                + #"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\""#
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(printing)"}"#)
            _ = try await bench.change("web", EngineTestApp.healthy)
            let hash = try #require(try await bench.deploy("web")["hash"] as? String)
            #expect(try await bench.waitForEnd("web", hash)["status"] as? String == "HEALTHY")
            let url = "\(bench.base)/service-details/web/deployments/\(hash)/runtime-logs"
            func all(_ query: String) async throws -> [[String: Any]] {
                var entries: [[String: Any]] = []
                var next: String? = ""
                while let cursor = next {
                    let page = try await bench.client.send(
                        .GET, url + "?per_page=100\(query)" + (cursor.isEmpty ? "" : "&cursor=\(cursor)")
                    ).object
                    entries += page["results"] as? [[String: Any]] ?? []
                    next = page["next"] as? String
                }
                return entries
            }
            var lines: [[String: Any]] = []
            for _ in 0..<60 where lines.count < 3000 {
                lines = try await all("&level=INFO")
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(lines.compactMap { $0["content"] as? String }.reversed() == (1...3000).map { "line \($0)" })
            let errors = try await all("&level=ERROR")
            #expect(
                errors.count == 1 && errors.first?["content"] as? String == "oops"
                    && errors.first?["source"] as? String == "SERVICE")
            #expect((lines.first?["container_id"] as? String)?.count == 64)
        }
    }

    @Test func metricsFollowACPUBurningAndMemoryHoldingContainer() async throws {
        try await withEngineApp(docker) { app, bench, _ in
            let idle = try await bench.deployHealthy()
            // A busy loop in the background, and a shell holding 100 MB in a variable.
            let hog =
                #"sh -c \"while :; do :; done & a=$(busybox yes | busybox head -c 100000000); trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\""#
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(hog)"}"#)
            let busy = try #require(try await bench.deploy("web")["hash"] as? String)
            #expect(try await bench.waitForEnd("web", busy)["status"] as? String == "HEALTHY")
            func peaks(_ hash: String) async throws -> (cpu: Double, memory: Double, samples: Int) {
                let url = "\(bench.base)/service-details/web/deployments/\(hash)/metrics"
                let buckets = try await bench.client.send(.GET, url).json as? [[String: Any]] ?? []
                return (
                    buckets.compactMap { $0["avg_cpu"] as? Double }.max() ?? 0,
                    buckets.compactMap { $0["avg_memory"] as? Double }.max() ?? 0,
                    buckets.count
                )
            }
            var loaded = try await peaks(busy)
            for _ in 0..<60 where loaded.cpu < 50 || loaded.memory < 80_000_000 {
                try await Task.sleep(for: .seconds(1))
                loaded = try await peaks(busy)
            }
            #expect(loaded.cpu > 50, "a busy loop is most of a core: \(loaded)")
            #expect(loaded.memory > 80_000_000, "100 MB held: \(loaded)")
            let quiet = try await peaks(idle)
            #expect(quiet.samples > 0 && quiet.cpu < 20 && quiet.memory < 30_000_000, "the idle deployment: \(quiet)")
            let service =
                try await bench.client.send(.GET, "\(bench.base)/service-details/web/metrics").json as? [[String: Any]]
                ?? []
            #expect(!service.isEmpty && service.allSatisfy { ($0["total_net_rx"] as? Int ?? -1) >= 0 })
        }
    }

    /// busybox httpd with a CGI script that prints the request's environment (its headers included).
    static let cgiCommand =
        #"sh -c \"mkdir -p /www/cgi-bin; printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\nenv\\n' > /www/cgi-bin/env; "#
        + #"chmod +x /www/cgi-bin/env; trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\""#

    @Test func pathHealthChecksReachTheContainerThroughTheProxy() async throws {
        let proxy = try EngineTestApp.proxy()
        try await withEngineApp(docker, proxy: proxy) { app, bench, _ in
            _ = try await bench.change("web", #"{"field": "command", "new_value": "\#(Self.cgiCommand)"}"#)
            func pathCheck(_ path: String, port: Int, timeout: Int) -> String {
                #"{"field": "healthcheck", "new_value": {"type": "PATH", "value": "\#(path)", "associated_port": \#(port), "timeout_seconds": \#(timeout)}}"#
            }
            #expect(try await bench.change("web", pathCheck("/cgi-bin/env", port: 80, timeout: 30)).status == .ok)
            let hash = try #require(try await bench.deploy("web")["hash"] as? String)
            let healthy = try await bench.waitForEnd("web", hash)
            #expect(healthy["status"] as? String == "HEALTHY", "\(healthy["status_reason"] ?? "")")
            // The check's answer is the reason: the container saw a proxied request, without Zane's probe headers.
            let seen = healthy["status_reason"] as? String ?? ""
            #expect(seen.contains("HTTP_X_FORWARDED_FOR=") && seen.contains("REQUEST_URI=/cgi-bin/env"), "\(seen)")
            #expect(!seen.contains("ZANE_PROBE"), "the probe's secret must not reach the container")

            let running = try #require(try await docker.service(named: proxy.serviceName))
            #expect(running.spec.labels?["zane-proxy"] == "true")
            #expect(running.spec.endpointSpec?.ports?.map(\.publishedPort) == [proxy.httpPort])
            // Nothing but the secret opens the probe route: a request without it gets the 404 page.
            let outside = try await app.client.get(
                URI(string: "http://127.0.0.1:\(proxy.httpPort)/cgi-bin/env"),
                headers: ["X-Zane-Probe-Upstream": "10.0.0.1:80"])
            #expect(
                outside.status == .notFound
                    && (outside.body.map { String(buffer: $0) } ?? "").contains("Deployment Not Found"))

            #expect(try await bench.change("web", pathCheck("/missing", port: 80, timeout: 5)).status == .ok)
            let missing = try #require(try await bench.deploy("web")["hash"] as? String)
            let failed = try await bench.waitForEnd("web", missing)
            #expect(failed["status"] as? String == "FAILED")
            #expect((failed["status_reason"] as? String ?? "").contains("404"), "\(failed["status_reason"] ?? "")")

            let portChange = try await bench.change("web", pathCheck("/", port: 81, timeout: 5))
            #expect(portChange.status == .ok, "\(portChange.body)")
            let closed = try #require(try await bench.deploy("web")["hash"] as? String)
            let refused = try await bench.waitForEnd("web", closed)
            #expect(refused["status"] as? String == "FAILED")
            #expect(
                (refused["status_reason"] as? String ?? "").contains("does not accept connections"),
                "\(refused["status_reason"] ?? "")")
            #expect(try await bench.deployment("web", hash)["is_current_production"] as? Bool == true)
        }
    }

    func checkDockerObjects(projectID: String, serviceID: String, hash: String, details: [String: Any]) async throws {
        let service = try #require(try await docker.service(named: swarmName(projectID, serviceID, hash)))
        let labels = service.spec.labels ?? [:]
        #expect(
            labels["zane-managed"] == "true" && labels["zane-project"] == projectID && labels["deployment_hash"] == hash
        )
        #expect(labels["service"] == serviceID && labels["status"] == "active")
        let env = service.spec.taskTemplate.containerSpec.env ?? []
        #expect(env.contains("WHO=world") && env.contains("GREETING=hello world"))
        #expect(
            env.contains("ZANE_DEPLOYMENT_SLOT=BLUE") && env.contains("ZANE_DEPLOYMENT_HASH=\(hash)")
                && env.contains("ZANE_SERVICE_ID=\(serviceID)"))
        let volumeID = try #require((details["volumes"] as? [[String: Any]])?.first?["id"] as? String)
        let configID = try #require((details["configs"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(try await docker.volumeNames(labelled: ["parent=\(serviceID)"]) == ["vol-\(volumeID)"])
        #expect(try await docker.configNames(labelled: ["parent=\(serviceID)"]) == ["cf-\(configID)-1"])
        let container = try #require(
            try await docker.tasks(ofService: service.spec.name).first { $0.status.state == "running" }?.status
                .containerStatus?.containerID)
        #expect(try await docker.exec(["cat", "/etc/app.conf"], inContainer: container).output == "zane")
    }
}
