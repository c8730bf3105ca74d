import DockerEngine
import Domain
import Logging

/// Stores what the containers of this installation's deployments print (`api.md` §10). Each running
/// container is followed through the engine from just after the newest line already stored for it, so a
/// restart of Zane resumes where it was, without gaps or doubles (lines the engine stamped with the very
/// nanosecond of the resume point excepted); a stopped one is read to its end once.
/// Lines are attributed by the container's labels; stdout is `INFO`, stderr `ERROR`. What the streams bring
/// is written every `flushInterval`, all containers in one transaction.
///
/// Back-pressure: at most `maxPending` lines (`maxPendingBytes` of text) wait to be written; a stream is read
/// on only when there is room. A container that prints faster than Zane stores makes the reading lag, while its output waits in
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
    /// Containers whose output is being read.
    var reading: [String: Task<Void, Never>] = [:]
    /// Lines read and not written yet, oldest first, their text's size, and the streams waiting for room.
    var pending: [DeploymentLogLine] = []
    var pendingBytes = 0
    var waitingForRoom: [CheckedContinuation<Void, Never>] = []
    public static let maxPending = 50_000
    public static let maxPendingBytes = 32 << 20
    static let flushInterval: Duration = .milliseconds(100)
    public static let lagWarningSeconds = 5.0
    /// Writes whose newest line was printed more than `lagWarningSeconds` earlier.
    public private(set) var lateBatches = 0
    var lastLagWarning: ContinuousClock.Instant?

    /// Output older than this is not read: retention would delete it (and may have deleted all of a quiet
    /// container's lines, leaving no newest line to resume after).
    let retentionDays: Int

    public init(
        docker: DockerEngineClient, logs: any DeploymentLogRepository, instance: String, retentionDays: Int,
        logger: Logger
    ) {
        self.docker = docker
        self.retentionDays = retentionDays
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
        reading.values.forEach { $0.cancel() }
        resumeWaitingStreams()
    }

    /// Between writes the search index takes in what was stored, a little while lines keep coming (it may
    /// fall behind under a flood, never the storing; searches read what it lacks without it).
    func writeForever() async {
        while !Task.isCancelled {
            var written = 0
            do {
                written = try await writePending()
            } catch {
                logger.error("could not store runtime logs", metadata: ["error": "\(error)"])
            }
            do {
                _ = try await logs.indexForSearch(limit: written == 0 ? 5_000 : 500)
            } catch {
                logger.error("could not index runtime logs for search", metadata: ["error": "\(error)"])
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
        pendingBytes = pending.reduce(0) { $0 + $1.content.utf8.count }
        resumeWaitingStreams()
        let lag = Double(Timestamp.now().nanoseconds - last.timestamp) / 1e9
        if lag > Self.lagWarningSeconds { noteLateBatch(last.containerID ?? "", secondsBehind: lag) }
        return batch.count
    }

    /// Starts reading each container not read yet: a running one is followed, a stopped one read to its end.
    func followNewContainers() async throws {
        let containers = try await docker.containers(labelled: ["zane-instance=\(instance)"])
        for container in containers where !finished.contains(container.id) && reading[container.id] == nil {
            guard let hash = container.labels?["zane-deployment"], let serviceID = container.labels?["zane-service"]
            else { continue }
            let stopped = container.state == "exited" || container.state == "dead"
            guard stopped || container.state == "running" else { continue }
            let source = Source(container: container.id, deploymentHash: hash, serviceID: serviceID)
            reading[container.id] = Task { await self.read(source, follow: !stopped) }
        }
        let present = Set(containers.map(\.id))
        newest = newest.filter { present.contains($0.key) || reading[$0.key] != nil }
        finished.formIntersection(present)
    }

    struct Source: Sendable {
        let container: String
        let deploymentHash: String
        let serviceID: String
    }

    /// Until the output's end (a stopped container's, once read, is finished), the container stops, the
    /// stream breaks or the collector is cancelled; the next look starts again where this one stopped.
    func read(_ source: Source, follow: Bool) async {
        do {
            let after = try await newestRead(source.container)
            try await streams.streamLogs(ofContainer: source.container, after: after, follow: follow) { lines in
                await self.take(lines, of: source)
            }
            // Stopped before this read began: nothing comes after what it returned.
            if !follow { finished.insert(source.container) }
        } catch {
            logger.debug(
                "a container's output stream ended",
                metadata: ["container": "\(source.container.prefix(12))", "error": "\(error)"])
        }
        reading[source.container] = nil
    }

    /// Adds lines to those waiting to be written, once there is room. A stream resumes after the newest line
    /// read (written or not); if a write failed, the lines stay pending until one succeeds.
    func take(_ lines: [DockerEngineClient.LogLine], of source: Source) async {
        guard let last = lines.last else { return }
        while (pending.count >= Self.maxPending || pendingBytes >= Self.maxPendingBytes) && !Task.isCancelled {
            await withCheckedContinuation { waitingForRoom.append($0) }
        }
        pendingBytes += lines.reduce(0) { $0 + $1.text.utf8.count }
        pending += lines.map { line in
            DeploymentLogLine(
                deploymentHash: source.deploymentHash, serviceID: source.serviceID, containerID: source.container,
                source: .service,
                level: line.stream == .stderr ? .error : .info, timestamp: line.timestamp, content: line.text)
        }
        newest[source.container] = last.timestamp
    }

    func resumeWaitingStreams() {
        waitingForRoom.forEach { $0.resume() }
        waitingForRoom = []
    }

    func noteLateBatch(_ container: String, secondsBehind: Double) {
        lateBatches += 1
        let now = ContinuousClock.now
        guard lastLagWarning.map({ now - $0 > .seconds(10) }) ?? true else { return }
        lastLagWarning = now
        logger.warning(
            "a container prints faster than its output is stored: storing lags",
            metadata: [
                "container": "\(container.prefix(12))", "seconds_behind": "\((secondsBehind * 10).rounded() / 10)",
                "late_batches": "\(lateBatches)",
            ])
    }

    func newestRead(_ container: String) async throws -> Int64 {
        if let known = newest[container] { return known }
        let stored = try await logs.latestTimestamp(containerID: container)
        let start = stored ?? Timestamp.now().nanoseconds - Int64(retentionDays) * 86_400 * 1_000_000_000
        newest[container] = start
        return start
    }
}
