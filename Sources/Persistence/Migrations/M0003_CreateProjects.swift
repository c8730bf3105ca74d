import FluentKit
import SQLKit

struct M0003_CreateProjects: AsyncMigration {
    var name: String { "0003_create_projects" }

    func prepare(on database: any Database) async throws {
        try await database.schema("projects")
            .field("id", .string, .identifier(auto: false))
            .field("slug", .string, .required).unique(on: "slug")
            .field("description", .string)
            .field("workspace_id", .string, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("created_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .create()
        try await database.schema("archived_projects")
            .field("id", .string, .identifier(auto: false))
            .field("slug", .string, .required)
            .field("description", .string)
            .field("workspace_id", .string, .required)
            .field("environment_names", .string, .required)
            .field("created_at", .int64, .required)
            .field("archived_at", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "projects_workspace_id_idx").on("projects").column("workspace_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("archived_projects").delete()
        try await database.schema("projects").delete()
    }
}
