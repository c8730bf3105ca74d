import Domain
import FluentKit
import SQLKit

/// Deleting lines: by age, by size, by service; the search index is told what to forget.
extension SQLDeploymentLogRepository {
    public func applyRetention(olderThan cutoff: Int64, maxBytes: Int64) async throws -> Int {
        let removed = try await deleteInChunks(where: "source = 'SERVICE' AND timestamp < \(bind: cutoff)")
        let (lines, bytes) = try await storedSize()
        guard bytes > maxBytes, lines > 0 else { return removed }
        let excess = Int((Double(bytes - maxBytes) / Double(bytes) * Double(lines)).rounded(.up))
        return removed + (try await deleteInChunks(where: "source = 'SERVICE'", oldestOnly: excess))
    }

    /// What the lines take, counted the same way on both databases and smaller after every deletion (unlike
    /// the files: PostgreSQL keeps freed pages, and the search index records deletions before it shrinks):
    /// their text, plus `rowOverhead` bytes each for the other columns and the indexes.
    func storedSize() async throws -> (lines: Int64, bytes: Int64) {
        let row = try await database.sql.raw(
            "SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(content)), 0) AS text FROM deployment_logs"
        ).first()
        let lines = try row?.decode(column: "n", as: Int64.self) ?? 0
        return (lines, (try row?.decode(column: "text", as: Int64.self) ?? 0) + lines * Self.rowOverhead)
    }

    static let rowOverhead: Int64 = 200

    public func storedServiceIDs() async throws -> Set<String> {
        Set(
            try await database.sql.raw("SELECT DISTINCT service_id FROM deployment_logs").all().map {
                try $0.decode(column: "service_id", as: String.self)
            })
    }

    public func deleteLines(serviceID: String) async throws -> Int {
        try await deleteInChunks(where: "service_id = \(bind: serviceID)")
    }

    /// Deletes matching lines a few thousand at a time (each chunk its own short transaction, so API reads
    /// and collection go on meanwhile); with `oldestOnly`, only that many of the oldest.
    func deleteInChunks(where condition: SQLQueryString, oldestOnly: Int? = nil) async throws -> Int {
        var removed = 0
        while oldestOnly.map({ removed < $0 }) ?? true {
            let chunk = min(5000, oldestOnly.map { $0 - removed } ?? 5000)
            let deleted = try await database.writeTransaction { db -> Int in
                let seqs = try await db.sql.raw(
                    "SELECT seq FROM deployment_logs WHERE \(condition) ORDER BY seq LIMIT \(bind: chunk)"
                ).all()
                    .map { try $0.decode(column: "seq", as: Int64.self) }
                guard let last = seqs.last, let first = seqs.first else { return 0 }
                let range: SQLQueryString = "seq >= \(bind: first) AND seq <= \(bind: last) AND \(condition)"
                if db.isSQLite {
                    // The index has no copy of the text: it is told what to forget, for the lines it holds.
                    try await db.sql.raw(
                        """
                        INSERT INTO deployment_logs_search (deployment_logs_search, rowid, content)
                        SELECT 'delete', seq, content FROM deployment_logs
                        WHERE \(range) AND seq <= (SELECT indexed_rowid FROM log_search_progress)
                        """
                    ).run()
                }
                try await db.sql.raw("DELETE FROM deployment_logs WHERE \(range)").run()
                return seqs.count
            }
            if deleted == 0 { break }
            removed += deleted
        }
        return removed
    }
}
