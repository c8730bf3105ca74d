import FluentKit
import SQLKit

/// Users' API tokens, each with the keyed digest of its secret (never the secret).
struct M0015_CreateAPITokens: AsyncMigration {
    var name: String { "0015_create_api_tokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("scope", .string, .required)
            .field("secret_digest", .string, .required).unique(on: "secret_digest")
            .field("expires_at", .int64)
            .field("last_used_at", .int64)
            .field("created_at", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "api_tokens_user_id_idx").on("api_tokens").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
