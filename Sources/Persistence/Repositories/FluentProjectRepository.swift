import Domain
import FluentKit
import FluentSQL
import SQLKit

/// Projects in the Fluent database.
public struct FluentProjectRepository: ProjectRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// Read with SQLKit rather than Fluent models: model decoding reflects over every row, which dominates
    /// the cost of a list of a thousand projects.
    public func projects(workspaceID: String, slugContaining: String?, orderedBy ordering: [ProjectOrdering])
        async throws -> [ProjectSummary]
    {
        let query = database.sql.select().columns(
            "id", "slug", "description", "workspace_id", "created_at", "updated_at"
        )
        .from(ProjectModel.schema)
        .where("workspace_id", .equal, SQLBind(workspaceID))
        if let slugContaining {
            let pattern = "%" + Self.escapingLike(slugContaining.lowercased()) + "%"
            query.where(SQLQueryString("lower(\(ident: "slug")) LIKE \(bind: pattern) ESCAPE '\\'"))
        }
        for order in ordering {
            switch order {
            case .slug: query.orderBy("slug", .ascending)
            case .slugDescending: query.orderBy("slug", .descending)
            case .updatedAt: query.orderBy("updated_at", .ascending)
            case .updatedAtDescending: query.orderBy("updated_at", .descending)
            }
        }
        let projects = try await query.all().map(Self.project(from:))
        let environments = try await database.sql.select()
            .columns(
                ["id", "project_id", "name", "is_preview", "created_at"].map {
                    SQLColumn($0, table: EnvironmentModel.schema)
                }
            )
            .from(EnvironmentModel.schema)
            .join(
                ProjectModel.schema, on: SQLColumn("project_id", table: EnvironmentModel.schema), .equal,
                SQLColumn("id", table: ProjectModel.schema)
            )
            .where(SQLColumn("workspace_id", table: ProjectModel.schema), .equal, SQLBind(workspaceID))
            .orderBy(SQLColumn("created_at", table: EnvironmentModel.schema))
            .all().map(Self.environment(from:))
        let byProject = Dictionary(grouping: environments, by: \.projectID)
        let counts = try await serviceCounts(
            whereSQL: SQLQueryString("\(ident: "projects").\(ident: "workspace_id") = \(bind: workspaceID)"))
        return projects.map {
            ProjectSummary(
                project: $0, environments: byProject[$0.id] ?? [], services: counts[$0.id] ?? ServiceCounts())
        }
    }

    public func serviceCounts(projectID: String) async throws -> ServiceCounts {
        try await serviceCounts(whereSQL: SQLQueryString("\(ident: "projects").\(ident: "id") = \(bind: projectID)"))[
            projectID] ?? ServiceCounts()
    }

    /// Counters of the projects `whereSQL` selects, by project id, from their services' current production deployments.
    func serviceCounts(whereSQL: SQLQueryString) async throws -> [String: ServiceCounts] {
        let settled = SQLKit.SQLList(ServiceCounts.settled.map { SQLBind($0.rawValue) })
        let rows = try await database.sql.raw(
            """
            SELECT \(ident: "services").\(ident: "project_id") AS project_id, \(ident: "deployments").\(ident: "status") AS status,
                   COUNT(*) AS services
            FROM \(ident: "deployments")
            JOIN \(ident: "services") ON \(ident: "services").\(ident: "id") = \(ident: "deployments").\(ident: "service_id")
            JOIN \(ident: "projects") ON \(ident: "projects").\(ident: "id") = \(ident: "services").\(ident: "project_id")
            WHERE \(whereSQL) AND \(ident: "deployments").\(ident: "is_current_production") = \(bind: true)
              AND \(ident: "deployments").\(ident: "status") IN (\(settled))
            GROUP BY \(ident: "services").\(ident: "project_id"), \(ident: "deployments").\(ident: "status")
            """
        ).all()
        var counts: [String: ServiceCounts] = [:]
        for row in rows {
            let projectID = try row.decode(column: "project_id", as: String.self)
            let services = try row.decode(column: "services", as: Int.self)
            counts[projectID, default: ServiceCounts()].total += services
            if try row.decode(column: "status", as: String.self) == Deployment.Status.healthy.rawValue {
                counts[projectID, default: ServiceCounts()].healthy += services
            }
        }
        return counts
    }

    static func project(from row: any SQLRow) throws -> Project {
        Project(
            id: try row.decode(column: "id", as: String.self), slug: try row.decode(column: "slug", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            workspaceID: try row.decode(column: "workspace_id", as: String.self),
            createdAt: Timestamp(microseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(microseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }

    static func environment(from row: any SQLRow) throws -> Environment {
        Environment(
            id: try row.decode(column: "id", as: String.self),
            projectID: try row.decode(column: "project_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            isPreview: try row.decode(column: "is_preview", as: Bool.self),
            createdAt: Timestamp(microseconds: try row.decode(column: "created_at", as: Int64.self)))
    }

    public func project(slug: String, workspaceID: String) async throws -> Project? {
        try await ProjectModel.query(on: database).filter(\.$slug == slug).filter(\.$workspaceID == workspaceID)
            .first()?.domain
    }

    public func slugs(startingWith prefix: String) async throws -> Set<String> {
        let rows = try await ProjectModel.query(on: database)
            .filter(.sql(embed: "\(ident: "slug") LIKE \(bind: Self.escapingLike(prefix) + "%") ESCAPE '\\'"))
            .field(\.$slug).all()
        return Set(rows.map(\.slug))
    }

    public func create(_ project: Project, environments: [Environment]) async throws {
        try await mappingUniqueViolation {
            try await database.writeTransaction { db in
                try await ProjectModel(project).create(on: db)
                for environment in environments { try await EnvironmentModel(environment).create(on: db) }
            }
        }
    }

    public func update(_ project: Project) async throws {
        try await mappingUniqueViolation {
            try await ProjectModel.query(on: database).filter(\.$id == project.id)
                .set(\.$slug, to: project.slug).set(\.$description, to: project.description)
                .set(\.$updatedAt, to: project.updatedAt.microseconds)
                .update()
        }
    }

    public func archive(_ project: Project, at time: Timestamp) async throws {
        try await database.writeTransaction { db in
            let environments = try await EnvironmentModel.query(on: db).filter(\.$projectID == project.id).all().map(
                \.domain)
            try await ArchivedProjectModel(project, environments: environments, archivedAt: time).create(on: db)
            try await ProjectModel.query(on: db).filter(\.$id == project.id).delete()
        }
    }

    public func environments(projectID: String) async throws -> [Environment] {
        try await EnvironmentModel.query(on: database).filter(\.$projectID == projectID).sort(\.$createdAt).all().map(
            \.domain)
    }

    static func escapingLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
