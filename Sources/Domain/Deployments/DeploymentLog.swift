import Foundation

/// One line of a deployment's log (`api.md` §10).
public struct DeploymentLogLine: Sendable, Equatable {
    public enum Source: String, Sendable, CaseIterable {
        case service = "SERVICE"
        case system = "SYSTEM"
        case build = "BUILD"
    }
    public enum Level: String, Sendable, CaseIterable {
        case info = "INFO"
        case error = "ERROR"
    }

    /// Pipeline messages longer than this are cut, ending in `...`.
    public static let maximumSystemLength = 1000

    public var id: String
    public var deploymentHash: String
    public var serviceID: String
    public var containerID: String?
    public var source: Source
    public var level: Level
    /// Nanoseconds since the epoch.
    public var timestamp: Int64
    public var content: String

    public init(
        id: String = UUID().uuidString.lowercased(), deploymentHash: String, serviceID: String,
        containerID: String? = nil, source: Source,
        level: Level, timestamp: Int64, content: String
    ) {
        self.id = id
        self.deploymentHash = deploymentHash
        self.serviceID = serviceID
        self.containerID = containerID
        self.source = source
        self.level = level
        self.timestamp = timestamp
        self.content = content
    }

    /// A pipeline message for the deployment, cut to the length the API allows.
    public static func system(_ message: String, _ level: Level = .info, deployment: Deployment, at time: Timestamp)
        -> DeploymentLogLine
    {
        let content =
            message.count > maximumSystemLength ? String(message.prefix(maximumSystemLength - 3)) + "..." : message
        return DeploymentLogLine(
            deploymentHash: deployment.hash, serviceID: deployment.serviceID, source: .system, level: level,
            timestamp: time.nanoseconds, content: content)
    }

    /// The content without ANSI escape sequences.
    public var contentText: String {
        guard content.contains("\u{1B}") else { return content }
        return content.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[ -/]*[@-~]", with: "", options: .regularExpression)
    }
}

/// Where reading a log starts: `{"sort": ["<timestamp ns>"], "order": "desc"|"asc"}`, base64-encoded.
public struct LogCursor: Sendable, Equatable {
    public var timestamp: Int64
    public var descending: Bool

    public init(timestamp: Int64, descending: Bool) {
        self.timestamp = timestamp
        self.descending = descending
    }

    public static let invalidDetail = "Invalid cursor format, it should be a base64 encoded string of a JSON object."

    public init(text: String) throws(DomainError) {
        guard let data = Data(base64Encoded: text), let value = try? JSONBodyParser.parse(Array(data)),
            case .array(let sort)? = value["sort"], let first = sort.first,
            let timestamp = first.string.flatMap({ Int64($0) }) ?? first.int.map(Int64.init),
            (0..<Int64.max).contains(timestamp),
            let order = value["order"]?.string, order == "desc" || order == "asc"
        else { throw .invalid("cursor", Self.invalidDetail) }
        self.init(timestamp: timestamp, descending: order == "desc")
    }

    public var text: String {
        Data(#"{"sort": ["\#(timestamp)"], "order": "\#(descending ? "desc" : "asc")"}"#.utf8).base64EncodedString()
    }
}

/// Storage of log lines.
public protocol DeploymentLogRepository: Sendable {
    func append(_ lines: [DeploymentLogLine]) async throws
    /// Lines of the deployment that pass the filter, from the cursor on (newest first when descending), at most `limit`.
    func lines(deploymentHash: String, filter: LogFilter, from cursor: LogCursor?, limit: Int) async throws
        -> [DeploymentLogLine]
    /// Lines of the deployment that pass the filter, stored after `position` (the store's insertion order),
    /// in that order, at most `limit`, each with its position; and the position the next read resumes from.
    /// Without a position: none, and the current end of the store.
    func linesStored(
        after position: Int64?, deploymentHash: String, filter: LogFilter, limit: Int
    ) async throws -> (lines: [(position: Int64, line: DeploymentLogLine)], resumeAt: Int64)
    /// The time of the newest stored line of a container, where reading its output resumes.
    func latestTimestamp(containerID: String) async throws -> Int64?
    /// Adds up to `limit` of the lines stored since the last call to the text-search index; returns how
    /// many (0 once caught up, or when the store searches without one).
    func indexForSearch(limit: Int) async throws -> Int
    /// Deletes `SERVICE` lines older than `olderThan` (ns), and then as many of the oldest as it takes for
    /// the stored lines to take at most about `maxBytes`; returns how many lines went.
    func applyRetention(olderThan: Int64, maxBytes: Int64) async throws -> Int
    /// The services that have lines stored.
    func storedServiceIDs() async throws -> Set<String>
    /// Deletes every line of a service (once it is deleted); returns how many.
    func deleteLines(serviceID: String) async throws -> Int
}

/// Which lines of a deployment's log a read returns.
public struct LogFilter: Sendable, Equatable {
    public var sources: Set<DeploymentLogLine.Source>
    public var levels: Set<DeploymentLogLine.Level> = Set(DeploymentLogLine.Level.allCases)
    /// Case-insensitive substring of the content; nil or empty: any.
    public var text: String?
    /// Inclusive bounds, in nanoseconds.
    public var after: Int64?
    public var before: Int64?

    public init(sources: Set<DeploymentLogLine.Source>) { self.sources = sources }
}
