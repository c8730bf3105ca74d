import FluentKit
import SQLKit

struct M0001_CreateAccounts: AsyncMigration {
    var name: String { "0001_create_accounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("id", .int64, .identifier(auto: true))
            .field("username", .string, .required).unique(on: "username")
            .field("password_hash", .string, .required)
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            .field("is_superuser", .bool, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("workspaces")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("memberships")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("workspace_id", .string, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("role", .int, .required)
            .field("created_at", .int64, .required)
            .unique(on: "user_id", "workspace_id")
            .create()
        // One row per one-time event (such as the creation of the first user), so that racing requests
        // cannot both perform it.
        try await database.schema("install_markers")
            .field("id", .string, .identifier(auto: false))
            .field("created_at", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["install_markers", "memberships", "workspaces", "users"] {
            try await database.schema(table).delete()
        }
    }
}
