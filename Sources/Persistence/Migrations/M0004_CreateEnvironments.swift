import FluentKit

struct M0004_CreateEnvironments: AsyncMigration {
    var name: String { "0004_create_environments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("environments")
            .field("id", .string, .identifier(auto: false))
            .field("project_id", .string, .required, .references("projects", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("is_preview", .bool, .required)
            .field("created_at", .int64, .required)
            .unique(on: "project_id", "name")
            .create()
        try await database.schema("shared_variables")
            .field("id", .string, .identifier(auto: false))
            .field("environment_id", .string, .required, .references("environments", "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("value", .string, .required)
            .unique(on: "environment_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("shared_variables").delete()
        try await database.schema("environments").delete()
    }
}
