import FluentKit
import SQLKit

/// Metric samples; a row holds `samples` readings merged (one when fresh), as sums, so merging keeps averages exact.
struct M0010_CreateServiceMetrics: AsyncMigration {
    var name: String { "0010_create_service_metrics" }

    func prepare(on database: any Database) async throws {
        try await database.schema("service_metrics")
            .field("service_id", .string, .required)
            .field("deployment_hash", .string, .required)
            // Seconds since the epoch: the reading's time, or the start of the bucket it was merged into.
            .field("time", .int64, .required)
            // 0 for a single reading, else the width of the bucket merged into.
            .field("width", .int64, .required)
            .field("samples", .int64, .required)
            .field("cpu_sum", .double, .required)
            .field("memory_sum", .double, .required)
            .field("net_rx", .int64, .required)
            .field("net_tx", .int64, .required)
            .field("disk_read", .int64, .required)
            .field("disk_write", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "service_metrics_service_time_idx").on("service_metrics").column("service_id")
            .column("time").run()
        try await sql.create(index: "service_metrics_deployment_time_idx").on("service_metrics").column(
            "deployment_hash"
        ).column("time").run()
        try await sql.create(index: "service_metrics_width_time_idx").on("service_metrics").column("width").column(
            "time"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("service_metrics").delete()
    }
}
