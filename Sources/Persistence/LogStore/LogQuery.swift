import Domain
import SQLKit

/// The SQL of one read of a deployment's log: its filters, order and limit, in the shapes the log store
/// reads them (a plain scan, the newest lines only, through the search index, or the lines not yet indexed).
struct LogQuery {
    let deploymentHash: String
    let filter: LogFilter
    let cursor: LogCursor?
    let limit: Int
    let sqlite: Bool

    var descending: Bool { cursor?.descending ?? true }

    static let columns =
        "l.seq, l.id, l.deployment_hash, l.service_id, l.container_id, l.source, l.level, l.timestamp, l.content"

    /// Every filter but the text. `bySeq` keeps SQLite from reading by the deployment's or the time's index
    /// (a unary `+` hides a column from its planner), when a range of `seq` narrows the read far more.
    func conditions(bySeq: Bool = false) -> SQLQueryString {
        let (deployment, time) =
            bySeq && sqlite ? ("+l.deployment_hash", "+l.timestamp") : ("l.deployment_hash", "l.timestamp")
        var conditions: SQLQueryString = "\(unsafeRaw: deployment) = \(bind: deploymentHash)"
        conditions += " AND l.source IN (\(binds: filter.sources.sorted { $0.rawValue < $1.rawValue }.map(\.rawValue)))"
        conditions += " AND l.level IN (\(binds: filter.levels.sorted { $0.rawValue < $1.rawValue }.map(\.rawValue)))"
        // One bound a side: SQLite ranges its index on one of two lower bounds only, and filters by the other.
        let lower = [filter.after, cursor.flatMap { $0.descending ? nil : $0.timestamp }].compactMap { $0 }.max()
        let upper = [filter.before, cursor.flatMap { $0.descending ? $0.timestamp : nil }].compactMap { $0 }.min()
        if let lower { conditions += " AND \(unsafeRaw: time) >= \(bind: lower)" }
        if let upper { conditions += " AND \(unsafeRaw: time) <= \(bind: upper)" }
        return conditions
    }

    /// The line contains the text: `%` and `_` literal, ASCII case ignored (SQLite's `LIKE` ignores it by
    /// itself; PostgreSQL compares lower-cased text).
    func containing(_ text: String) -> SQLQueryString {
        let pattern = "%" + FluentProjectRepository.escapingLike(text) + "%"
        return sqlite
            ? "l.content LIKE \(bind: pattern) ESCAPE '\\'"
            : "LOWER(l.content) LIKE \(bind: pattern.lowercased()) ESCAPE '\\'"
    }

    var order: SQLQueryString { descending ? "l.timestamp DESC, l.seq DESC" : "l.timestamp ASC, l.seq ASC" }
    /// The same order, sorted after reading rather than read from the time's index.
    var sortedOrder: SQLQueryString { descending ? "+l.timestamp DESC, l.seq DESC" : "+l.timestamp ASC, l.seq ASC" }

    /// With `storedInOrder`, in the store's insertion order (`extra` then bounds `seq`, which narrows the read most).
    func select(where extra: SQLQueryString? = nil, storedInOrder: Bool = false) -> SQLQueryString {
        let matching = extra.map { " AND " + $0 } ?? ""
        let order: SQLQueryString = storedInOrder ? "l.seq" : order
        return """
            SELECT \(unsafeRaw: Self.columns) FROM deployment_logs l WHERE \(conditions(bySeq: storedInOrder))\(matching)
            ORDER BY \(order) LIMIT \(bind: limit)
            """
    }

    /// Matching lines among the first `window` lines the other filters select.
    func select(where matching: SQLQueryString, within window: Int) -> SQLQueryString {
        """
        SELECT * FROM (SELECT \(unsafeRaw: Self.columns) FROM deployment_logs l WHERE \(conditions()) ORDER BY \(order) LIMIT \(bind: window)) AS l
        WHERE \(matching) ORDER BY \(order) LIMIT \(bind: limit)
        """
    }

    /// Matching lines found through the trigram index, which is read first (`CROSS JOIN` keeps that order);
    /// only up to `indexed`, so that lines indexed since that was read are not also found past it.
    func select(where matching: SQLQueryString, searching pattern: String, indexedUpTo indexed: Int64) -> SQLQueryString
    {
        """
        SELECT \(unsafeRaw: Self.columns) FROM deployment_logs_search s CROSS JOIN deployment_logs l ON l.seq = s.rowid
        WHERE s.content LIKE \(bind: pattern) AND s.rowid <= \(bind: indexed) AND \(conditions()) AND \(matching)
        ORDER BY \(order) LIMIT \(bind: limit)
        """
    }

    /// Matching lines stored after `indexed`, which the index does not hold yet.
    func select(where matching: SQLQueryString, storedAfter indexed: Int64) -> SQLQueryString {
        """
        SELECT \(unsafeRaw: Self.columns) FROM deployment_logs l
        WHERE l.seq > \(bind: indexed) AND \(conditions(bySeq: true)) AND \(matching) ORDER BY \(sortedOrder) LIMIT \(bind: limit)
        """
    }

    func count(upTo maximum: Int, in database: any SQLDatabase) async throws -> Int {
        try await database.raw(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM deployment_logs l WHERE \(conditions()) LIMIT \(bind: maximum)) AS l"
        )
        .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Two reads merged: the first `limit` in this query's order.
    func ordered(_ lines: [DeploymentLogLine]) -> [DeploymentLogLine] {
        Array(lines.sorted { descending ? $0.timestamp > $1.timestamp : $0.timestamp < $1.timestamp }.prefix(limit))
    }
}
