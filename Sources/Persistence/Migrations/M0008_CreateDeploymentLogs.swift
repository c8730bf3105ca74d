import FluentKit
import SQLKit

struct M0008_CreateDeploymentLogs: AsyncMigration {
    var name: String { "0008_create_deployment_logs" }

    func prepare(on database: any Database) async throws {
        try await database.schema("deployment_logs")
            .field("id", .string, .identifier(auto: false))
            .field("deployment_hash", .string, .required)
            .field("service_id", .string, .required)
            .field("container_id", .string)
            .field("source", .string, .required)
            .field("level", .string, .required)
            // Nanoseconds since the epoch.
            .field("timestamp", .int64, .required)
            .field("content", .string, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "deployment_logs_deployment_time_idx").on("deployment_logs")
            .column("deployment_hash").column("timestamp").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deployment_logs").delete()
    }
}
