import FluentKit
import SQLKit

struct M0007_CreateDeployments: AsyncMigration {
    var name: String { "0007_create_deployments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("deployments")
            .field("hash", .string, .identifier(auto: false))
            .field("service_id", .string, .required, .references("services", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("status_reason", .string)
            .field("is_current_production", .bool, .required)
            .field("slot", .string, .required)
            .field("queued_at", .int64, .required)
            .field("started_at", .int64)
            .field("finished_at", .int64)
            .field("trigger_method", .string, .required)
            .field("commit_message", .string, .required)
            .field("redeploy_hash", .string)
            // Sealed JSON: the snapshot and the changes hold env values.
            .field("service_snapshot", .string, .required)
            .field("changes", .string, .required)
            .field("cancel_requested", .bool, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "deployments_service_id_idx").on("deployments").column("service_id").run()
        try await sql.create(index: "deployments_status_idx").on("deployments").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deployments").delete()
    }
}
