import Domain
import FluentKit
import SQLKit

/// The candidates of "recent deployments", without reading any snapshot.
public struct SQLRecentDeploymentsRepository: RecentDeploymentsRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func candidates(workspaceID: String) async throws -> [RecentDeployment] {
        try await database.sql.raw(
            """
            SELECT d.hash, d.status, d.is_current_production, d.commit_message, d.queued_at, d.started_at, d.finished_at,
                s.id AS service_id, s.slug AS service_slug, p.id AS project_id, p.slug AS project_slug,
                e.id AS environment_id, e.name AS environment_name, e.is_preview, e.created_at AS environment_created_at
            FROM deployments d JOIN services s ON s.id = d.service_id JOIN projects p ON p.id = s.project_id
                JOIN environments e ON e.id = s.environment_id
            WHERE p.workspace_id = \(bind: workspaceID)
                AND (d.is_current_production = \(bind: true) OR d.status IN ('FAILED', 'PREPARING', 'BUILDING', 'STARTING'))
            """
        ).all().compactMap { row in
            guard let status = Deployment.Status(rawValue: try row.decode(column: "status", as: String.self)) else {
                return nil
            }
            let projectID = try row.decode(column: "project_id", as: String.self)
            let environment = Environment(
                id: try row.decode(column: "environment_id", as: String.self), projectID: projectID,
                name: try row.decode(column: "environment_name", as: String.self),
                isPreview: try row.decode(column: "is_preview", as: Bool.self),
                createdAt: Timestamp(microseconds: try row.decode(column: "environment_created_at", as: Int64.self)))
            return RecentDeployment(
                hash: try row.decode(column: "hash", as: String.self), status: status,
                isCurrentProduction: try row.decode(column: "is_current_production", as: Bool.self),
                commitMessage: try row.decode(column: "commit_message", as: String.self),
                queuedAt: Timestamp(microseconds: try row.decode(column: "queued_at", as: Int64.self)),
                startedAt: try row.decode(column: "started_at", as: Int64?.self).map(Timestamp.init(microseconds:)),
                finishedAt: try row.decode(column: "finished_at", as: Int64?.self).map(Timestamp.init(microseconds:)),
                serviceID: try row.decode(column: "service_id", as: String.self),
                serviceSlug: try row.decode(column: "service_slug", as: String.self),
                projectID: projectID, projectSlug: try row.decode(column: "project_slug", as: String.self),
                environment: environment)
        }
    }
}
