import DockerEngine
import Domain
import Logging

/// Samples the resource use of every awake production deployment (`deploy.md` §8.2), merges older samples
/// into wider buckets, and drops those past the retention.
public actor MetricsCollector {
    let docker: DockerEngineClient
    let deployments: any DeploymentRepository
    let metrics: any MetricsRepository
    let instance: String
    let retentionDays: Int
    let logger: Logger
    let clock: @Sendable () -> Timestamp
    var lastHousekeeping: Timestamp?
    static let concurrentReadings = 8

    public init(
        docker: DockerEngineClient, deployments: any DeploymentRepository, metrics: any MetricsRepository,
        instance: String, retentionDays: Int,
        logger: Logger, clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.docker = docker
        self.deployments = deployments
        self.metrics = metrics
        self.instance = instance
        self.retentionDays = retentionDays
        self.logger = logger
        self.clock = clock
    }

    /// Samples on a fixed cadence (a round's own second does not push the next one later, which would leave
    /// some 30-second buckets empty and give others two samples).
    public func sampleForever(everySeconds interval: Double) async {
        let clock = ContinuousClock()
        var next = clock.now
        while !Task.isCancelled {
            do {
                try await sample()
            } catch {
                logger.error("could not sample metrics", metadata: ["error": "\(error)"])
            }
            do {
                try await houseKeepingIfDue()
            } catch {
                logger.error("could not compact metrics", metadata: ["error": "\(error)"])
            }
            next = max(next + .seconds(interval), clock.now)
            try? await Task.sleep(until: next, clock: clock)
        }
    }

    /// Reads every awake production deployment's newest running container once, `concurrentReadings` at a
    /// time (each reading takes about a second), and stores the readings.
    @discardableResult
    public func sample() async throws -> [MetricSample] {
        let production = try await deployments.awakeProduction()
        guard !production.isEmpty else { return [] }
        let running = try await docker.containers(labelled: ["zane-instance=\(instance)"]).filter {
            $0.state == "running"
        }
        let targets: [(Deployment, String)] = production.compactMap { deployment in
            let own = running.filter { $0.labels?["zane-deployment"] == deployment.hash }
            return own.max { ($0.created ?? 0) < ($1.created ?? 0) }.map { (deployment, $0.id) }
        }
        // Readings hold their connection for a second: they use the pool for long requests, not the shared one.
        let (docker, clock) = (docker.forStreams(), clock)
        let samples = await withTaskGroup(of: MetricSample?.self) { group in
            var samples: [MetricSample] = []
            for (index, (deployment, container)) in targets.enumerated() {
                if index >= Self.concurrentReadings, let sample = await group.next() {
                    sample.map { samples.append($0) }
                }
                group.addTask {
                    guard let usage = try? await docker.usage(ofContainer: container) else { return nil }
                    return MetricSample(
                        serviceID: deployment.serviceID, deploymentHash: deployment.hash, time: clock(),
                        cpuPercent: usage.cpuPercent,
                        memoryBytes: usage.memoryBytes, networkReceivedBytes: usage.networkReceivedBytes,
                        networkSentBytes: usage.networkSentBytes,
                        diskReadBytes: usage.diskReadBytes, diskWrittenBytes: usage.diskWrittenBytes)
                }
            }
            for await sample in group { sample.map { samples.append($0) } }
            return samples
        }
        try await metrics.append(samples)
        return samples
    }

    /// Hourly: merges samples each range no longer shows into the next range's buckets, and deletes those
    /// past the retention.
    func houseKeepingIfDue() async throws {
        let now = clock()
        if let last = lastHousekeeping, now.seconds(since: last) < 3600 { return }
        try await houseKeeping(now: now)
        lastHousekeeping = now
    }

    public func houseKeeping(now: Timestamp) async throws {
        for step in MetricBuckets.compaction {
            try await metrics.compact(before: now.adding(seconds: -step.olderThanSeconds), width: step.bucketSeconds)
        }
        // Whole days go, so the month's oldest daily bucket is never cut in part.
        let cutoff = MetricBuckets.start(
            of: now.microseconds / 1_000_000 - Int64(retentionDays) * 86_400, width: 86_400)
        try await metrics.deleteSamples(olderThan: Timestamp(microseconds: cutoff * 1_000_000))
    }
}
