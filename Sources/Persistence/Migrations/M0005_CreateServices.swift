import FluentKit
import SQLKit

struct M0005_CreateServices: AsyncMigration {
    var name: String { "0005_create_services" }

    func prepare(on database: any Database) async throws {
        try await database.schema("services")
            .field("id", .string, .identifier(auto: false))
            .field("slug", .string, .required)
            .field("kind", .string, .required)
            .field("project_id", .string, .required, .references("projects", "id", onDelete: .cascade))
            .field("environment_id", .string, .required, .references("environments", "id", onDelete: .cascade))
            .field("image", .string)
            .field("command", .string)
            .field("network_alias", .string, .required)
            // Sealed; looked up by its keyed digest.
            .field("deploy_token", .string, .required)
            .field("deploy_token_digest", .string, .required).unique(on: "deploy_token_digest")
            .field("auto_deploy_enabled", .bool, .required)
            .field("watch_paths", .string)
            .field("cleanup_queue_on_auto_deploy", .bool, .required)
            .field("pr_preview_envs_enabled", .bool, .required)
            .field("created_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .unique(on: "environment_id", "slug")
            .create()
        try await database.schema("service_changes")
            .field("id", .string, .identifier(auto: false))
            .field("service_id", .string, .required, .references("services", "id", onDelete: .cascade))
            .field("field", .string, .required)
            .field("kind", .string, .required)
            .field("item_id", .string)
            .field("new_value", .string)
            .field("old_value", .string)
            .field("created_at", .int64, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "service_changes_service_id_idx").on("service_changes")
            .column("service_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("service_changes").delete()
        try await database.schema("services").delete()
    }
}
