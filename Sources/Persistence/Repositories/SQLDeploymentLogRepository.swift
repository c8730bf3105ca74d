import Domain
import FluentKit
import SQLKit

/// Deployment log lines in the log store (`DatabaseID.logs`).
public struct SQLDeploymentLogRepository: DeploymentLogRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    static let columns = [
        "id", "deployment_hash", "service_id", "container_id", "source", "level", "timestamp", "content",
    ]
    /// 8 parameters a row stays under SQLite's limit of 32,766 per statement.
    static let rowsPerStatement = 2000

    public func append(_ lines: [DeploymentLogLine]) async throws {
        guard !lines.isEmpty else { return }
        // On PostgreSQL, `seq` values are handed out as rows are inserted, not as transactions commit: one
        // writer at a time keeps them in commit order, which the live tail relies on.
        try await database.writeTransaction(lock: .logAppend) { db in
            for start in stride(from: 0, to: lines.count, by: Self.rowsPerStatement) {
                let insert = db.sql.insert(into: "deployment_logs").columns(Self.columns)
                for line in lines[start..<min(start + Self.rowsPerStatement, lines.count)] {
                    insert.values([
                        SQLBind(line.id), SQLBind(line.deploymentHash), SQLBind(line.serviceID),
                        SQLBind(line.containerID),
                        SQLBind(line.source.rawValue), SQLBind(line.level.rawValue), SQLBind(line.timestamp),
                        SQLBind(Self.storable(line.content)),
                    ])
                }
                try await insert.run()
            }
        }
    }

    /// PostgreSQL refuses NUL in text, and a container may print one: it becomes U+FFFD on both databases.
    static func storable(_ content: String) -> String {
        content.utf8.contains(0) ? content.replacingOccurrences(of: "\0", with: "\u{FFFD}") : content
    }

    public func latestTimestamp(containerID: String) async throws -> Int64? {
        try await database.sql.select().column(SQLFunction("MAX", args: SQLColumn("timestamp")), as: "latest").from(
            "deployment_logs"
        )
        .where("container_id", .equal, SQLBind(containerID)).first()?.decode(column: "latest", as: Int64?.self)
    }

    public func lines(deploymentHash: String, filter: LogFilter, from cursor: LogCursor?, limit: Int) async throws
        -> [DeploymentLogLine]
    {
        let query = LogQuery(
            deploymentHash: deploymentHash, filter: filter, cursor: cursor, limit: limit, sqlite: database.isSQLite)
        guard let text = filter.text, !text.isEmpty else { return try await read(query.select()) }
        let matching = query.containing(text)
        guard database.isSQLite else { return try await read(query.select(where: matching)) }
        // The newest lines are tried first: a common word fills the page there; a rare one is looked up in
        // the trigram index (and in the lines not indexed yet).
        let window = 5000
        let recent = try await read(query.select(where: matching, within: window))
        if recent.count == limit { return recent }
        if try await query.count(upTo: window + 1, in: database.sql) <= window { return recent }
        guard let fragment = Self.longestLiteralRun(of: text), fragment.count >= 3 else {
            return try await read(query.select(where: matching))
        }
        let indexed = try await Self.indexedUpTo(in: database)
        let found = try await read(query.select(where: matching, searching: "%\(fragment)%", indexedUpTo: indexed))
        let unindexed = try await read(query.select(where: matching, storedAfter: indexed))
        return query.ordered(found + unindexed)
    }

    public func linesStored(
        after position: Int64?, deploymentHash: String, filter: LogFilter, limit: Int
    ) async throws -> (lines: [(position: Int64, line: DeploymentLogLine)], resumeAt: Int64) {
        let end =
            try await database.sql.raw("SELECT MAX(seq) AS last FROM deployment_logs").first()?.decode(
                column: "last", as: Int64?.self) ?? 0
        // A position past the end (a client's invention) waits at the end, not beyond it.
        guard let position, end > position else { return ([], min(position ?? end, end)) }
        let query = LogQuery(
            deploymentHash: deploymentHash, filter: filter, cursor: nil, limit: limit, sqlite: database.isSQLite)
        var matching: SQLQueryString = "l.seq > \(bind: position) AND l.seq <= \(bind: end)"
        if let text = filter.text, !text.isEmpty { matching += " AND " + query.containing(text) }
        let rows = try await database.sql.raw(query.select(where: matching, storedInOrder: true)).all()
        let lines = try rows.compactMap { row in
            try Self.line(row).map { (try row.decode(column: "seq", as: Int64.self), $0) }
        }
        // A full read stops at its last line; a shorter one has seen every line up to `end`.
        return (lines, rows.count == limit ? (lines.last?.0 ?? end) : end)
    }

    /// The longest part of the text without `%` or `_`, which the index's LIKE (it has no ESCAPE) would
    /// take for wildcards; the exact match is checked on the line afterwards.
    static func longestLiteralRun(of text: String) -> String? {
        let runs: [Substring] = text.split { (character: Character) in character == "%" || character == "_" }
        return runs.max { $0.count < $1.count }.map(String.init)
    }

    /// The newest line the search index holds.
    static func indexedUpTo(in database: any Database) async throws -> Int64 {
        try await database.sql.raw("SELECT indexed_rowid FROM log_search_progress").first()?.decode(
            column: "indexed_rowid", as: Int64.self) ?? 0
    }

    public func indexForSearch(limit: Int) async throws -> Int {
        guard database.isSQLite else { return 0 }
        return try await database.writeTransaction { db in
            let indexed = try await Self.indexedUpTo(in: db)
            let last = try await db.sql.raw(
                """
                SELECT COUNT(*) AS n, MAX(seq) AS last FROM (SELECT seq FROM deployment_logs WHERE seq > \(bind: indexed) ORDER BY seq LIMIT \(bind: limit))
                """
            ).first()
            let count = try last?.decode(column: "n", as: Int.self) ?? 0
            guard count > 0, let newest = try last?.decode(column: "last", as: Int64?.self) else { return 0 }
            try await db.sql.raw(
                """
                INSERT INTO deployment_logs_search (rowid, content)
                SELECT seq, content FROM deployment_logs WHERE seq > \(bind: indexed) AND seq <= \(bind: newest)
                """
            ).run()
            try await db.sql.raw("UPDATE log_search_progress SET indexed_rowid = \(bind: newest)").run()
            return count
        }
    }

    func read(_ query: SQLQueryString) async throws -> [DeploymentLogLine] {
        try await database.sql.raw(query).all().compactMap(Self.line)
    }

    static func line(_ row: any SQLRow) throws -> DeploymentLogLine? {
        guard let source = DeploymentLogLine.Source(rawValue: try row.decode(column: "source", as: String.self)),
            let level = DeploymentLogLine.Level(rawValue: try row.decode(column: "level", as: String.self))
        else { return nil }
        return DeploymentLogLine(
            id: try row.decode(column: "id", as: String.self),
            deploymentHash: try row.decode(column: "deployment_hash", as: String.self),
            serviceID: try row.decode(column: "service_id", as: String.self),
            containerID: try row.decode(column: "container_id", as: String?.self),
            source: source, level: level, timestamp: try row.decode(column: "timestamp", as: Int64.self),
            content: try row.decode(column: "content", as: String.self))
    }
}
