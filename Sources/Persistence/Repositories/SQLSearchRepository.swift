import Domain
import FluentKit
import SQLKit

/// `search-resources` as three small SQL queries.
public struct SQLSearchRepository: SearchRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func search(prefix: String, workspaceID: String, limit: Int) async throws -> SearchResults {
        let pattern = FluentProjectRepository.escapingLike(prefix.lowercased()) + "%"
        let services = try await database.sql.raw(
            """
            SELECT s.id, s.slug, s.created_at, p.slug AS project_slug, e.name AS environment_name
            FROM services s JOIN environments e ON e.id = s.environment_id JOIN projects p ON p.id = s.project_id
            WHERE p.workspace_id = \(bind: workspaceID) AND lower(s.slug) LIKE \(bind: pattern) ESCAPE '\\'
            ORDER BY CASE WHEN e.name = 'production' THEN 0 ELSE 1 END, s.slug LIMIT \(literal: limit)
            """
        ).all().map { row in
            SearchResults.ServiceHit(
                id: try row.decode(column: "id", as: String.self),
                slug: try row.decode(column: "slug", as: String.self),
                projectSlug: try row.decode(column: "project_slug", as: String.self),
                environmentName: try row.decode(column: "environment_name", as: String.self),
                createdAt: Timestamp(microseconds: try row.decode(column: "created_at", as: Int64.self)))
        }
        let projects = try await database.sql.raw(
            """
            SELECT id, slug, description, workspace_id, created_at, updated_at FROM projects
            WHERE workspace_id = \(bind: workspaceID) AND lower(slug) LIKE \(bind: pattern) ESCAPE '\\'
            ORDER BY slug LIMIT \(literal: limit)
            """
        ).all().map(FluentProjectRepository.project(from:))
        let environments = try await database.sql.raw(
            """
            SELECT e.id, e.name, e.created_at, p.slug AS project_slug FROM environments e JOIN projects p ON p.id = e.project_id
            WHERE p.workspace_id = \(bind: workspaceID) AND e.name <> 'production' AND lower(e.name) LIKE \(bind: pattern) ESCAPE '\\'
            ORDER BY e.name, p.slug LIMIT \(literal: limit)
            """
        ).all().map { row in
            SearchResults.EnvironmentHit(
                id: try row.decode(column: "id", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                projectSlug: try row.decode(column: "project_slug", as: String.self),
                createdAt: Timestamp(microseconds: try row.decode(column: "created_at", as: Int64.self)))
        }
        return SearchResults(services: services, projects: projects, environments: environments)
    }
}
