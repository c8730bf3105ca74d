import DockerEngine
import Domain
import Logging

/// Stores what the containers of this installation's deployments print (`api.md` §10). Each round reads,
/// per container, the lines written after the newest one already stored, so a restart of Zane resumes where
/// it was, without gaps or doubles. Lines are attributed by the container's labels; stdout is `INFO`,
/// stderr `ERROR`.
public actor RuntimeLogCollector {
    let docker: DockerEngineClient
    let logs: any DeploymentLogRepository
    let instance: String
    let logger: Logger
    /// The newest stored line of each container seen, in nanoseconds.
    var newest: [String: Int64] = [:]
    /// Stopped containers whose output was read to the end.
    var finished: Set<String> = []

    public init(docker: DockerEngineClient, logs: any DeploymentLogRepository, instance: String, logger: Logger) {
        self.docker = docker
        self.logs = logs
        self.instance = instance
        self.logger = logger
    }

    /// A busy round (a backlog is read a part at a time) is followed by another at once.
    public func collectForever(everySeconds interval: Double) async {
        while !Task.isCancelled {
            do {
                while try await collect() >= 5_000 {}
            } catch {
                logger.error("could not collect runtime logs", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(interval))
        }
    }

    /// One round over every container; returns how many lines were stored.
    @discardableResult
    public func collect() async throws -> Int {
        let containers = try await docker.containers(labelled: ["zane-instance=\(instance)"])
        var stored = 0
        for container in containers where !finished.contains(container.id) {
            guard let hash = container.labels?["zane-deployment"], let serviceID = container.labels?["zane-service"] else { continue }
            // Read the state before the output: a container that stopped before this read has nothing left after it.
            let stopped = container.state == "exited" || container.state == "dead"
            let after = try await newestStored(container.id)
            let lines = try await docker.logs(ofContainer: container.id, after: after)
            for start in stride(from: 0, to: lines.count, by: 1000) {
                let batch = lines[start..<min(start + 1000, lines.count)].map { line in
                    DeploymentLogLine(
                        deploymentHash: hash, serviceID: serviceID, containerID: container.id, source: .service,
                        level: line.stream == .stderr ? .error : .info, timestamp: line.timestamp, content: line.text)
                }
                try await logs.append(batch)
                newest[container.id] = batch.last?.timestamp
                stored += batch.count
            }
            if stopped { finished.insert(container.id) }
        }
        let present = Set(containers.map(\.id))
        newest = newest.filter { present.contains($0.key) }
        finished.formIntersection(present)
        return stored
    }

    func newestStored(_ container: String) async throws -> Int64? {
        if let known = newest[container] { return known }
        let stored = try await logs.latestTimestamp(containerID: container)
        newest[container] = stored
        return stored
    }
}
