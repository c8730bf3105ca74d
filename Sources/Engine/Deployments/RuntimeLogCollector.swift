import DockerEngine
import Domain
import Logging

/// Stores what the containers of this installation's deployments print (`api.md` §10). Each round reads,
/// per container, the lines written after the newest one already stored, so a restart of Zane resumes where
/// it was, without gaps or doubles. Lines are attributed by the container's labels; stdout is `INFO`,
/// stderr `ERROR`.
///
/// Back-pressure: a round reads at most `readLimit` lines (or 8 MiB) of a container. A container that prints
/// faster than that is read in parts, round after round; the rest waits in the engine's own log of the
/// container, so Zane's memory stays bounded and nothing is dropped by Zane (lines the engine itself
/// rotates away before they are read are lost; its default `json-file` driver keeps everything). Reads cut
/// short are counted in `partialReads`, and logged with how far behind the container is.
public actor RuntimeLogCollector {
    let docker: DockerEngineClient
    let logs: any DeploymentLogRepository
    let instance: String
    let logger: Logger
    /// The newest stored line of each container seen, in nanoseconds.
    var newest: [String: Int64] = [:]
    /// Stopped containers whose output was read to the end.
    var finished: Set<String> = []
    let readLimit: Int
    /// Reads that stopped at the limit with more output waiting.
    public private(set) var partialReads = 0
    var lastBacklogWarning: ContinuousClock.Instant?

    public init(docker: DockerEngineClient, logs: any DeploymentLogRepository, instance: String, logger: Logger, readLimit: Int = 20_000) {
        self.docker = docker
        self.readLimit = readLimit
        self.logs = logs
        self.instance = instance
        self.logger = logger
    }

    /// A busy round (a backlog is read a part at a time) is followed by another at once. Between rounds the
    /// search index takes in what was stored: it may fall behind under a flood, never the storing itself
    /// (searches read the lines it does not hold yet without it).
    public func collectForever(everySeconds interval: Double) async {
        while !Task.isCancelled {
            do {
                while try await collect() >= 5_000 {
                    _ = try await logs.indexForSearch(limit: 2_000)
                }
                _ = try await logs.indexForSearch(limit: 20_000)
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
            let lines = try await docker.logs(ofContainer: container.id, after: after, limit: readLimit)
            if lines.count >= readLimit, let last = lines.last { notePartialRead(container.id, lastTimestamp: last.timestamp) }
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

    func notePartialRead(_ container: String, lastTimestamp: Int64) {
        partialReads += 1
        let now = ContinuousClock.now
        guard lastBacklogWarning.map({ now - $0 > .seconds(10) }) ?? true else { return }
        lastBacklogWarning = now
        let behind = Double(Timestamp.now().microseconds * 1000 - lastTimestamp) / 1e9
        logger.warning(
            "a container prints faster than its output is stored: read in parts",
            metadata: ["container": "\(container.prefix(12))", "seconds_behind": "\((behind * 10).rounded() / 10)", "partial_reads": "\(partialReads)"])
    }

    func newestStored(_ container: String) async throws -> Int64? {
        if let known = newest[container] { return known }
        let stored = try await logs.latestTimestamp(containerID: container)
        newest[container] = stored
        return stored
    }
}
