import DockerEngine
import Foundation
import TestSupport
import Testing

/// The Swarm half of the client, against the real engine (a single-node swarm, `scripts/start-docker.sh`).
@Suite(
    "Docker engine client on a real swarm", .tags(.e2e),
    .enabled(if: TestEnvironment.dockerEnabled, "needs a Docker engine (E2E_DOCKER=1)"))
struct SwarmClientTests {
    let docker = DockerEngineClient(socketPath: "/var/run/docker.sock")

    @Test func createsRunsInspectsAndRemovesEverythingAServiceNeeds() async throws {
        #expect(try await docker.isSwarmManager())
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let labels = ["zane-managed": "true", "zane-test": String(suffix)]
        let network = "net-test-\(suffix)"
        let volume = "vol-test-\(suffix)"
        let config = "cf-test-\(suffix)-1"
        let name = "srv-test-\(suffix)"
        do {
            try await exercise(
                network: network, volume: volume, config: config, service: name, labels: labels, suffix: String(suffix))
        } catch {
            try? await docker.removeService(named: name)
            throw error
        }
        // The service's container holds the volume, config and network a little while after the removal.
        for _ in 0..<40 where try await !docker.volumeNames(labelled: ["zane-test=\(suffix)"]).isEmpty {
            try? await docker.removeVolume(volume)
            try await Task.sleep(for: .milliseconds(500))
        }
        try await docker.removeConfig(config)
        try await docker.removeNetwork(network)
        #expect(try await docker.volumeNames(labelled: ["zane-test=\(suffix)"]).isEmpty)
        #expect(try await docker.configNames(labelled: ["zane-test=\(suffix)"]).isEmpty)
    }

    func exercise(
        network: String, volume: String, config: String, service name: String, labels: [String: String], suffix: String
    ) async throws {
        try await docker.createOverlayNetworkIfAbsent(network, labels: labels)
        try await docker.createOverlayNetworkIfAbsent(network, labels: labels)
        #expect(try await docker.createVolumeIfAbsent(volume, labels: labels))
        #expect(try await !docker.createVolumeIfAbsent(volume, labels: labels), "the second create finds it")
        let created = try await docker.createConfigIfAbsent(config, contents: "hello from a config\n", labels: labels)
        #expect(created.created)
        #expect(try await docker.createConfigIfAbsent(config, contents: "ignored", labels: labels).id == created.id)
        #expect(try await docker.configNames(labelled: ["zane-test=\(suffix)"]) == [config])
        #expect(try await docker.volumeNames(labelled: ["zane-test=\(suffix)"]) == [volume])

        var spec = SwarmServiceSpec(
            name: name, labels: labels.merging(["status": "active"]) { $1 },
            taskTemplate: .init(
                containerSpec: .init(
                    image: "zane-test/busybox:latest", command: nil, env: ["GREETING=hello world"],
                    mounts: [.volume(volume, at: "/data", readOnly: false)],
                    configs: [.init(id: created.id, name: config, path: "/etc/greeting.txt")]),
                resources: .init(nanoCPUs: 500_000_000, memoryBytes: 64 << 20),
                networks: [.init(target: network, aliases: ["web-\(suffix)"])]),
            replicas: 1, endpointSpec: .init(ports: []))
        // busybox httpd, as PID 1, ignores SIGTERM: without this the removal waits the whole 30 s grace period.
        spec.taskTemplate.containerSpec.stopGracePeriod = 1_000_000_000
        let id = try await docker.createServiceIfAbsent(spec)
        #expect(try await docker.createServiceIfAbsent(spec) == id, "creating it again finds the same service")
        #expect(try await docker.serviceNames(labelled: ["zane-test=\(suffix)"]) == [name])
        let inspected = try #require(try await docker.service(named: name))
        #expect(inspected.spec.taskTemplate.containerSpec.env == ["GREETING=hello world"])

        let container = try await runningContainer(of: name)
        let greeting = try await docker.exec(["cat", "/etc/greeting.txt"], inContainer: container)
        #expect(greeting == .init(exitCode: 0, output: "hello from a config\n"))
        let environment = try await docker.exec(
            ["sh", "-c", "echo $GREETING; echo oops >&2; exit 3"], inContainer: container)
        #expect(
            environment.exitCode == 3 && environment.output.contains("hello world")
                && environment.output.contains("oops"))

        var scaled = inspected.spec
        scaled.mode.replicated.replicas = 0
        try await docker.updateService(inspected, to: scaled)
        #expect(try await docker.service(named: name)?.spec.mode.replicated.replicas == 0)
        try await docker.removeService(named: name)
        try await docker.removeService(named: name)
        #expect(try await docker.service(named: name) == nil)
    }

    /// Waits (up to 60 s) for the service's task to run, and returns its container id.
    func runningContainer(of service: String) async throws -> String {
        for _ in 0..<120 {
            let tasks = try await docker.tasks(ofService: service)
            if let task = tasks.first(where: { $0.status.state == "running" }),
                let container = task.status.containerStatus?.containerID
            {
                return container
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw DockerEngineError.timedOut("a running task of \(service)")
    }
}
