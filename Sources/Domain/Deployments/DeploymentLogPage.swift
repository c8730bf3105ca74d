/// A page of log lines, newest first, with the cursors around it (`api.md` §10.1).
public struct DeploymentLogPage: Sendable {
    public var lines: [DeploymentLogLine]
    public var next: LogCursor?
    public var previous: LogCursor?

    /// Reads one page: `limit` lines from the cursor, plus one line on each side to know whether more exist.
    public static func read(
        _ logs: any DeploymentLogRepository, deploymentHash: String, filter: LogFilter, cursor: LogCursor?, limit: Int
    ) async throws -> DeploymentLogPage {
        let fetched = try await logs.lines(deploymentHash: deploymentHash, filter: filter, from: cursor, limit: limit)
        let lines = fetched.sorted { $0.timestamp > $1.timestamp }
        guard let newest = lines.first, let oldest = lines.last else {
            return DeploymentLogPage(lines: [], next: nil, previous: nil)
        }
        let older = try await logs.lines(
            deploymentHash: deploymentHash, filter: filter,
            from: LogCursor(timestamp: oldest.timestamp - 1, descending: true), limit: 1)
        let newer = try await logs.lines(
            deploymentHash: deploymentHash, filter: filter,
            from: LogCursor(timestamp: newest.timestamp + 1, descending: false), limit: 1)
        return DeploymentLogPage(
            lines: lines, next: older.first.map { LogCursor(timestamp: $0.timestamp, descending: true) },
            previous: newer.first.map { LogCursor(timestamp: $0.timestamp, descending: false) })
    }
}
