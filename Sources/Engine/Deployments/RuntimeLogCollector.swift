import DockerEngine
import Domain
import Logging

/// Stores what the containers of this installation's deployments print (`api.md` §10). Each running
/// container is followed through the engine from just after the newest line already stored for it, so a
/// restart of Zane resumes where it was, without gaps or doubles; a stopped one is read to its end once.
/// Lines are attributed by the container's labels; stdout is `INFO`, stderr `ERROR`. What the streams bring
/// is written every `flushInterval`, all containers in one transaction.
///
/// Back-pressure: at most `maxPending` lines wait to be written; a stream is read on only when there is
/// room. A container that prints faster than Zane stores makes the reading lag, while its output waits in
/// the engine's own log of the container: Zane's memory stays bounded and Zane drops nothing (lines the
/// engine itself rotates away before they are read are lost; its default `json-file` driver keeps
/// everything). Writes of lines printed more than `lagWarningSeconds` earlier are counted in `lateBatches`,
/// and logged.
public actor RuntimeLogCollector {
    let docker: DockerEngineClient
    let streams: DockerEngineClient
    let logs: any DeploymentLogRepository
    let instance: String
    let logger: Logger
    /// The newest line read of each container seen (stored or pending), in nanoseconds: where its reading resumes.
    var newest: [String: Int64] = [:]
    /// Stopped containers whose output was read to the end.
    var finished: Set<String> = []
    /// Containers being followed.
    var following: [String: Task<Void, Never>] = [:]
    /// Lines read and not written yet, oldest first, and the streams waiting for room.
    var pending: [DeploymentLogLine] = []
    var waitingForRoom: [CheckedContinuation<Void, Never>] = []
    public static let maxPending = 50_000
    static let flushInterval: Duration = .milliseconds(100)
    public static let lagWarningSeconds = 5.0
    /// Writes whose newest line was printed more than `lagWarningSeconds` earlier.
    public private(set) var lateBatches = 0
    var lastLagWarning: ContinuousClock.Instant?

    public init(docker: DockerEngineClient, logs: any DeploymentLogRepository, instance: String, logger: Logger) {
        self.docker = docker
        streams = docker.forStreams()
        self.logs = logs
        self.instance = instance
        self.logger = logger
    }

    /// Looks for containers to follow every `interval`, and writes what they print meanwhile.
    public func collectForever(everySeconds interval: Double) async {
        let writer = Task { await self.writeForever() }
        while !Task.isCancelled {
            do {
                try await followNewContainers()
            } catch {
                logger.error("could not collect runtime logs", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(interval))
        }
        writer.cancel()
        following.values.forEach { $0.cancel() }
    }

    /// Between writes the search index takes in what was stored, a little while lines keep coming (it may
    /// fall behind under a flood, never the storing; searches read what it lacks without it).
    func writeForever() async {
        while !Task.isCancelled {
            do {
                let written = try await writePending()
                _ = try await logs.indexForSearch(limit: written == 0 ? 5_000 : 500)
            } catch {
                logger.error("could not store runtime logs", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: Self.flushInterval)
        }
    }

    /// Writes the pending lines in one transaction; on failure they stay pending, to be written next time.
    func writePending() async throws -> Int {
        guard let last = pending.last else { return 0 }
        let batch = pending
        try await logs.append(batch)
        // Streams only append while the write runs: the written lines are still the first ones.
        pending.removeFirst(batch.count)
        waitingForRoom.forEach { $0.resume() }
        waitingForRoom = []
        let lag = Double(Timestamp.now().microseconds * 1000 - last.timestamp) / 1e9
        if lag > Self.lagWarningSeconds { noteLateBatch(last.containerID ?? "", secondsBehind: lag) }
        return batch.count
    }

    /// Starts following each running container that is not followed yet; reads stopped ones to their end.
    func followNewContainers() async throws {
        let containers = try await docker.containers(labelled: ["zane-instance=\(instance)"])
        for container in containers where !finished.contains(container.id) && following[container.id] == nil {
            guard let hash = container.labels?["zane-deployment"], let serviceID = container.labels?["zane-service"] else { continue }
            let source = Source(container: container.id, deploymentHash: hash, serviceID: serviceID)
            if container.state == "exited" || container.state == "dead" {
                // Stopped before these reads: once one returns nothing, the output was read to its end.
                while try await readOnce(source) > 0 {}
                finished.insert(container.id)
            } else if container.state == "running" {
                following[container.id] = Task { await self.follow(source) }
            }
        }
        let present = Set(containers.map(\.id))
        newest = newest.filter { present.contains($0.key) || following[$0.key] != nil }
        finished.formIntersection(present)
    }

    struct Source: Sendable {
        let container: String
        let deploymentHash: String
        let serviceID: String
    }

    static let readLimit = 20_000

    func readOnce(_ source: Source) async throws -> Int {
        let lines = try await docker.logs(ofContainer: source.container, after: try await newestRead(source.container), limit: Self.readLimit)
        await take(lines, of: source)
        return lines.count
    }

    /// Until the container stops, the stream breaks or the collector is cancelled; the next look starts
    /// again where this one stopped if the container still runs.
    func follow(_ source: Source) async {
        do {
            let after = try await newestRead(source.container)
            try await streams.followLogs(ofContainer: source.container, after: after) { lines in
                await self.take(lines, of: source)
            }
        } catch {
            logger.debug("a container's output stream ended", metadata: ["container": "\(source.container.prefix(12))", "error": "\(error)"])
        }
        following[source.container] = nil
    }

    /// Adds lines to those waiting to be written, once there is room. A stream resumes after the newest line
    /// read (written or not); if a write failed, the lines stay pending until one succeeds.
    func take(_ lines: [DockerEngineClient.LogLine], of source: Source) async {
        guard let last = lines.last else { return }
        while pending.count >= Self.maxPending { await withCheckedContinuation { waitingForRoom.append($0) } }
        pending += lines.map { line in
            DeploymentLogLine(
                deploymentHash: source.deploymentHash, serviceID: source.serviceID, containerID: source.container, source: .service,
                level: line.stream == .stderr ? .error : .info, timestamp: line.timestamp, content: line.text)
        }
        newest[source.container] = last.timestamp
    }

    func noteLateBatch(_ container: String, secondsBehind: Double) {
        lateBatches += 1
        let now = ContinuousClock.now
        guard lastLagWarning.map({ now - $0 > .seconds(10) }) ?? true else { return }
        lastLagWarning = now
        logger.warning(
            "a container prints faster than its output is stored: storing lags",
            metadata: [
                "container": "\(container.prefix(12))", "seconds_behind": "\((secondsBehind * 10).rounded() / 10)", "late_batches": "\(lateBatches)",
            ])
    }

    func newestRead(_ container: String) async throws -> Int64? {
        if let known = newest[container] { return known }
        let stored = try await logs.latestTimestamp(containerID: container)
        newest[container] = stored
        return stored
    }
}
