/// The lines around a moment of a deployment's log (`api.md` §10.2), oldest first.
public struct DeploymentLogContext: Sendable {
    public var lines: [DeploymentLogLine]
    public var beforeCount: Int
    public var afterCount: Int

    /// ⌈count/2⌉ lines strictly before `timestamp`, and ⌈count/2⌉ + 1 at or after it.
    public static func read(
        _ logs: any DeploymentLogRepository, deploymentHash: String, filter: LogFilter, around timestamp: Int64,
        count: Int
    ) async throws -> DeploymentLogContext {
        let side = (count + 1) / 2
        let before = try await logs.lines(
            deploymentHash: deploymentHash, filter: filter, from: LogCursor(timestamp: timestamp - 1, descending: true),
            limit: side)
        let after = try await logs.lines(
            deploymentHash: deploymentHash, filter: filter, from: LogCursor(timestamp: timestamp, descending: false),
            limit: side + 1)
        // `before` was read newest first: reversed, lines of equal times keep the order they were stored in.
        let lines = before.reversed() + after
        return DeploymentLogContext(lines: lines, beforeCount: before.count, afterCount: after.count)
    }
}
