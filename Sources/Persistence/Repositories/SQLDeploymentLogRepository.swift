import Domain
import FluentKit
import SQLKit

/// Deployment log lines in the database.
public struct SQLDeploymentLogRepository: DeploymentLogRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func append(_ lines: [DeploymentLogLine]) async throws {
        guard !lines.isEmpty else { return }
        let columns = ["id", "deployment_hash", "service_id", "container_id", "source", "level", "timestamp", "content"]
        let insert = database.sql.insert(into: "deployment_logs").columns(columns)
        for line in lines {
            insert.values([
                SQLBind(line.id), SQLBind(line.deploymentHash), SQLBind(line.serviceID), SQLBind(line.containerID), SQLBind(line.source.rawValue),
                SQLBind(line.level.rawValue), SQLBind(line.timestamp), SQLBind(line.content),
            ])
        }
        try await insert.run()
    }

    public func latestTimestamp(containerID: String) async throws -> Int64? {
        try await database.sql.select().column(SQLFunction("MAX", args: SQLColumn("timestamp")), as: "latest").from("deployment_logs")
            .where("container_id", .equal, SQLBind(containerID)).first()?.decode(column: "latest", as: Int64?.self)
    }

    public func lines(deploymentHash: String, filter: LogFilter, from cursor: LogCursor?, limit: Int) async throws -> [DeploymentLogLine] {
        let descending = cursor?.descending ?? true
        let query = database.sql.select().columns("id", "deployment_hash", "service_id", "container_id", "source", "level", "timestamp", "content")
            .from("deployment_logs").where("deployment_hash", .equal, SQLBind(deploymentHash))
            .where("source", in: filter.sources.map(\.rawValue))
            .where("level", in: filter.levels.map(\.rawValue))
        if let after = filter.after { query.where("timestamp", .greaterThanOrEqual, SQLBind(after)) }
        if let before = filter.before { query.where("timestamp", .lessThanOrEqual, SQLBind(before)) }
        if let text = filter.text, !text.isEmpty {
            let pattern = "%" + FluentProjectRepository.escapingLike(text.lowercased()) + "%"
            query.where(SQLQueryString("LOWER(content) LIKE \(bind: pattern) ESCAPE '\\'"))
        }
        if let cursor { query.where("timestamp", descending ? .lessThanOrEqual : .greaterThanOrEqual, SQLBind(cursor.timestamp)) }
        return try await query.orderBy("timestamp", descending ? .descending : .ascending).limit(limit).all().compactMap { row in
            guard let source = DeploymentLogLine.Source(rawValue: try row.decode(column: "source", as: String.self)),
                let level = DeploymentLogLine.Level(rawValue: try row.decode(column: "level", as: String.self))
            else { return nil }
            return DeploymentLogLine(
                id: try row.decode(column: "id", as: String.self), deploymentHash: try row.decode(column: "deployment_hash", as: String.self),
                serviceID: try row.decode(column: "service_id", as: String.self), containerID: try row.decode(column: "container_id", as: String?.self),
                source: source, level: level, timestamp: try row.decode(column: "timestamp", as: Int64.self),
                content: try row.decode(column: "content", as: String.self))
        }
    }
}
