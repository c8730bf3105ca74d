import Domain
import Foundation
import Logging

/// Turns the proxy's access log into stored HTTP logs, attributed to the deployment that answered and its
/// service, and deletes the ones older than the retention (`proxy.md` §6.3). Re-reading after a crash
/// stores nothing twice: the request UUID is unique.
public actor HTTPLogCollector {
    let repository: any HTTPLogRepository
    let deployments: any DeploymentRepository
    let retentionSeconds: Int64
    let logger: Logger
    var tail: AccessLogTail
    /// Service by deployment hash: deployments never change service.
    var owners: [String: String] = [:]
    var lastPrune: Date = .distantPast

    public init(
        proxyDirectory: String, repository: any HTTPLogRepository, deployments: any DeploymentRepository,
        retentionDays: Int, logger: Logger
    ) {
        tail = AccessLogTail(directory: proxyDirectory)
        self.repository = repository
        self.deployments = deployments
        retentionSeconds = Int64(retentionDays) * 86_400
        self.logger = logger
    }

    public func collectForever(everySeconds interval: Double) async {
        while !Task.isCancelled {
            do {
                while try await collect() > 0 {}
                try await pruneIfDue()
            } catch {
                logger.error("could not store HTTP logs", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(interval))
        }
    }

    /// Stores what the proxy logged since the last call; returns how many lines were read.
    @discardableResult
    public func collect() async throws -> Int {
        let (lines, position, skipped) = tail.read()
        if skipped > 0 {
            logger.warning("HTTP log lines too long to store were skipped", metadata: ["count": "\(skipped)"])
        }
        var logs: [HTTPLog] = []
        for line in lines {
            guard var parsed = AccessLogLine.parse(line) else { continue }
            parsed.log.serviceID = try await owner(of: parsed.deploymentHash)
            logs.append(parsed.log)
        }
        for batch in stride(from: 0, to: logs.count, by: 500) {
            try await repository.insert(Array(logs[batch..<min(batch + 500, logs.count)]))
        }
        tail.commit(position)
        return lines.count
    }

    func owner(of hash: String) async throws -> String? {
        if let known = owners[hash] { return known }
        let found = try await deployments.serviceID(ofDeployment: hash)
        if let found { owners[hash] = found }
        return found
    }

    /// Once an hour at most.
    func pruneIfDue() async throws {
        guard Date().timeIntervalSince(lastPrune) > 3600 else { return }
        lastPrune = Date()
        let removed = try await repository.deleteLogs(before: Timestamp.now().adding(seconds: -retentionSeconds))
        if removed > 0 { logger.info("old HTTP logs deleted", metadata: ["count": "\(removed)"]) }
    }
}
