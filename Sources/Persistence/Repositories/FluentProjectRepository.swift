import Domain
import FluentKit
import FluentSQL
import SQLKit

/// Projects in the Fluent database.
public struct FluentProjectRepository: ProjectRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func projects(workspaceID: String, slugContaining: String?, orderedBy ordering: [ProjectOrdering]) async throws -> [ProjectSummary] {
        let query = ProjectModel.query(on: database).filter(\.$workspaceID == workspaceID)
        if let slugContaining {
            let pattern = "%" + Self.escapingLike(slugContaining.lowercased()) + "%"
            query.filter(.sql(embed: "lower(\(ident: "slug")) LIKE \(bind: pattern) ESCAPE '\\'"))
        }
        for order in ordering {
            switch order {
            case .slug: query.sort(\.$slug, .ascending)
            case .slugDescending: query.sort(\.$slug, .descending)
            case .updatedAt: query.sort(\.$updatedAt, .ascending)
            case .updatedAtDescending: query.sort(\.$updatedAt, .descending)
            }
        }
        let projects = try await query.all().map(\.domain)
        let environments = try await database.sql.select().columns(SQLColumn(SQLLiteral.all, table: SQLIdentifier("environments")))
            .from("environments")
            .join("projects", on: SQLColumn("project_id", table: "environments"), .equal, SQLColumn("id", table: "projects"))
            .where(SQLColumn("workspace_id", table: "projects"), .equal, SQLBind(workspaceID))
            .orderBy(SQLColumn("created_at", table: "environments"))
            .all(decoding: EnvironmentRow.self)
        let byProject = Dictionary(grouping: environments.map(\.domain), by: \.projectID)
        return projects.map { ProjectSummary(project: $0, environments: byProject[$0.id] ?? []) }
    }

    public func project(slug: String, workspaceID: String) async throws -> Project? {
        try await ProjectModel.query(on: database).filter(\.$slug == slug).filter(\.$workspaceID == workspaceID).first()?.domain
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
            let environments = try await EnvironmentModel.query(on: db).filter(\.$projectID == project.id).all().map(\.domain)
            try await ArchivedProjectModel(project, environments: environments, archivedAt: time).create(on: db)
            try await ProjectModel.query(on: db).filter(\.$id == project.id).delete()
        }
    }

    public func environments(projectID: String) async throws -> [Environment] {
        try await EnvironmentModel.query(on: database).filter(\.$projectID == projectID).sort(\.$createdAt).all().map(\.domain)
    }

    static func escapingLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

/// An `environments` row read with SQLKit (the project list reads them in bulk).
struct EnvironmentRow: Decodable {
    var id: String
    var project_id: String
    var name: String
    var is_preview: Bool
    var created_at: Int64

    var domain: Environment {
        Environment(id: id, projectID: project_id, name: name, isPreview: is_preview, createdAt: Timestamp(microseconds: created_at))
    }
}
