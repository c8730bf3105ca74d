import FluentKit
import SQLKit

struct M0002_CreateSessions: AsyncMigration {
    var name: String { "0002_create_sessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("workspace_id", .string)
            .field("auth_hash", .string, .required)
            .field("expires_at", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "sessions_expires_at_idx").on("sessions").column("expires_at").run()
        try await sql.create(index: "sessions_user_id_idx").on("sessions").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}
