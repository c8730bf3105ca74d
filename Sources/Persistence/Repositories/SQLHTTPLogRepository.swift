import Domain
import FluentKit
import SQLKit

/// HTTP logs in the database; headers are stored as JSON text.
public struct SQLHTTPLogRepository: HTTPLogRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    static let columns = [
        "id", "time", "service_id", "deployment_id", "request_uuid", "status", "request_method", "request_protocol",
        "request_host",
        "request_path", "request_query", "request_ip", "request_user_agent", "request_duration_ns", "request_headers",
        "response_headers",
    ]

    public func insert(_ logs: [HTTPLog]) async throws {
        guard !logs.isEmpty else { return }
        let insert = database.sql.insert(into: "http_logs").columns(Self.columns).ignoringConflicts()
        for log in logs {
            insert.values([
                SQLBind(log.id), SQLBind(log.time.microseconds), SQLBind(log.serviceID), SQLBind(log.deploymentID),
                SQLBind(log.requestUUID),
                SQLBind(log.status), SQLBind(log.method), SQLBind(log.requestProtocol), SQLBind(log.host),
                SQLBind(log.path), SQLBind(log.query),
                SQLBind(log.ip), SQLBind(log.userAgent), SQLBind(log.durationNanoseconds),
                SQLBind(log.requestHeaders.jsonText),
                SQLBind(log.responseHeaders.jsonText),
            ])
        }
        try await insert.run()
    }

    public func logs(matching query: HTTPLogQuery, limit: Int) async throws -> [HTTPLog] {
        let select = database.sql.select().columns(Self.columns.map { SQLColumn($0) }).from("http_logs")
        Self.filter(select, query)
        let column = query.sortKey == .time ? "time" : "request_duration_ns"
        // A previous page reads backwards from its cursor; the caller turns it around.
        let descending = query.cursor?.forward == false ? !query.descending : query.descending
        if let cursor = query.cursor {
            let comparison: SQLBinaryOperator = descending ? .lessThan : .greaterThan
            select.where { group in
                group.where(SQLColumn(column), comparison, SQLBind(cursor.value))
                    .orWhere { tie in
                        tie.where(SQLColumn(column), .equal, SQLBind(cursor.value)).where(
                            "id", comparison, SQLBind(cursor.id))
                    }
            }
        }
        let direction: SQLDirection = descending ? .descending : .ascending
        return try await select.orderBy(column, direction).orderBy("id", direction).limit(limit).all().map(Self.log)
    }

    static func filter(_ select: SQLSelectBuilder, _ query: HTTPLogQuery) {
        if let service = query.serviceID { select.where("service_id", .equal, SQLBind(service)) }
        if let deployment = query.deploymentID { select.where("deployment_id", .equal, SQLBind(deployment)) }
        if let after = query.timeAfter { select.where("time", .greaterThanOrEqual, SQLBind(after.microseconds)) }
        if let before = query.timeBefore { select.where("time", .lessThanOrEqual, SQLBind(before.microseconds)) }
        if !query.methods.isEmpty { select.where("request_method", .in, SQLBind.group(query.methods)) }
        if !query.statuses.isEmpty {
            select.where { group in
                for status in query.statuses {
                    switch status {
                    case .exact(let code): group.orWhere("status", .equal, SQLBind(code))
                    case .range(let range):
                        group.orWhere { inner in
                            inner.where("status", .greaterThanOrEqual, SQLBind(range.lowerBound)).where(
                                "status", .lessThanOrEqual, SQLBind(range.upperBound))
                        }
                    }
                }
                return group
            }
        }
        for (field, values) in query.text { select.where(SQLColumn(field.rawValue), .in, SQLBind.group(values)) }
        if let prefix = query.queryPrefix { select.where(Self.startsWith("LOWER(request_query)", prefix.lowercased())) }
    }

    /// `<expression> LIKE '<prefix>%'`, where `%`, `_` and `\` in the prefix are literal. The expression is
    /// a fixed column expression of this file, never input.
    static func startsWith(_ expression: String, _ prefix: String) -> SQLQueryString {
        "\(unsafeRaw: expression) LIKE \(bind: FluentProjectRepository.escapingLike(prefix) + "%") ESCAPE '\\'"
    }

    public func log(requestUUID: String) async throws -> HTTPLog? {
        try await database.sql.select().columns(Self.columns.map { SQLColumn($0) }).from("http_logs")
            .where("request_uuid", .equal, SQLBind(requestUUID)).first().map(Self.log)
    }

    public func values(
        of field: HTTPLogQuery.TextField, prefix: String, serviceID: String?, deploymentID: String?, limit: Int
    ) async throws
        -> [String]
    {
        let select = database.sql.select().distinct().column(SQLColumn(field.rawValue), as: "value").from("http_logs")
            .where(Self.startsWith(field.rawValue, prefix))
        if let serviceID { select.where("service_id", .equal, SQLBind(serviceID)) }
        if let deploymentID { select.where("deployment_id", .equal, SQLBind(deploymentID)) }
        return try await select.orderBy("value").limit(limit).all().compactMap {
            try $0.decode(column: "value", as: String?.self)
        }
    }

    public func isVisible(serviceID: String?, deploymentID: String?, workspaceID: String) async throws -> Bool {
        guard serviceID != nil || deploymentID != nil else { return false }
        if let serviceID {
            let found = try await database.sql.raw(
                """
                SELECT 1 AS found FROM services s JOIN projects p ON p.id = s.project_id
                WHERE s.id = \(bind: serviceID) AND p.workspace_id = \(bind: workspaceID)
                """
            ).first()
            if found == nil { return false }
        }
        if let deploymentID {
            let found = try await database.sql.raw(
                """
                SELECT 1 AS found FROM deployments d JOIN services s ON s.id = d.service_id JOIN projects p ON p.id = s.project_id
                WHERE d.hash = \(bind: deploymentID) AND p.workspace_id = \(bind: workspaceID)
                """
            ).first()
            if found == nil { return false }
        }
        return true
    }

    @discardableResult
    public func deleteLogs(before time: Timestamp) async throws -> Int {
        let stale =
            try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(
                "http_logs"
            )
            .where("time", .lessThan, SQLBind(time.microseconds)).first()?.decode(column: "n", as: Int.self) ?? 0
        if stale > 0 {
            try await database.sql.delete(from: "http_logs").where("time", .lessThan, SQLBind(time.microseconds)).run()
        }
        return stale
    }

    static func log(_ row: any SQLRow) throws -> HTTPLog {
        func json(_ column: String) throws -> JSONValue {
            (try? JSONBodyParser.parse(Array(try row.decode(column: column, as: String.self).utf8))) ?? [:]
        }
        return HTTPLog(
            id: try row.decode(column: "id", as: String.self),
            time: Timestamp(microseconds: try row.decode(column: "time", as: Int64.self)),
            serviceID: try row.decode(column: "service_id", as: String?.self),
            deploymentID: try row.decode(column: "deployment_id", as: String?.self),
            requestUUID: try row.decode(column: "request_uuid", as: String?.self),
            status: try row.decode(column: "status", as: Int.self),
            method: try row.decode(column: "request_method", as: String.self),
            requestProtocol: try row.decode(column: "request_protocol", as: String.self),
            host: try row.decode(column: "request_host", as: String.self),
            path: try row.decode(column: "request_path", as: String.self),
            query: try row.decode(column: "request_query", as: String.self),
            ip: try row.decode(column: "request_ip", as: String.self),
            userAgent: try row.decode(column: "request_user_agent", as: String?.self),
            durationNanoseconds: try row.decode(column: "request_duration_ns", as: Int64.self),
            requestHeaders: try json("request_headers"),
            responseHeaders: try json("response_headers"))
    }
}
