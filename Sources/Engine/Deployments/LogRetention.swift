import Domain
import Logging

/// Keeps the log store within its limits: lines of deleted services go, then `SERVICE` lines older than the
/// retention, then as many of the oldest as the store is over its size (text plus a fixed cost a line).
public actor LogRetention {
    let logs: any DeploymentLogRepository
    let services: any ServiceRepository
    let retentionDays: Int
    let maxBytes: Int64
    let logger: Logger

    public init(
        logs: any DeploymentLogRepository, services: any ServiceRepository, retentionDays: Int, maxBytes: Int64,
        logger: Logger
    ) {
        self.logs = logs
        self.services = services
        self.retentionDays = retentionDays
        self.maxBytes = maxBytes
        self.logger = logger
    }

    public func applyForever(everySeconds interval: Double) async {
        while !Task.isCancelled {
            do {
                let removed = try await apply(now: .now())
                if removed > 0 { logger.info("log retention deleted lines", metadata: ["count": "\(removed)"]) }
            } catch {
                logger.error("log retention failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(interval))
        }
    }

    /// Returns how many lines were deleted.
    @discardableResult
    public func apply(now: Timestamp) async throws -> Int {
        // Stored first, existing second: a service created in between cannot be taken for a deleted one.
        let stored = try await logs.storedServiceIDs()
        let existing = try await services.allServiceIDs()
        var removed = 0
        for gone in stored.subtracting(existing) { removed += try await logs.deleteLines(serviceID: gone) }
        let cutoff = now.nanoseconds - Int64(retentionDays) * 86_400 * 1_000_000_000
        return removed + (try await logs.applyRetention(olderThan: cutoff, maxBytes: maxBytes))
    }
}
