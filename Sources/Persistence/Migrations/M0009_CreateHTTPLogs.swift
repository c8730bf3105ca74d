import FluentKit
import SQLKit

struct M0009_CreateHTTPLogs: AsyncMigration {
    var name: String { "0009_create_http_logs" }

    func prepare(on database: any Database) async throws {
        try await database.schema("http_logs")
            .field("id", .string, .identifier(auto: false))
            // Microseconds since the epoch.
            .field("time", .int64, .required)
            .field("service_id", .string)
            .field("deployment_id", .string)
            .field("request_uuid", .string)
            .field("status", .int, .required)
            .field("request_method", .string, .required)
            .field("request_protocol", .string, .required)
            .field("request_host", .string, .required)
            .field("request_path", .string, .required)
            .field("request_query", .string, .required)
            .field("request_ip", .string, .required)
            .field("request_user_agent", .string)
            .field("request_duration_ns", .int64, .required)
            .field("request_headers", .string, .required)
            .field("response_headers", .string, .required)
            .unique(on: "request_uuid")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "http_logs_service_time_idx").on("http_logs").column("service_id").column("time")
            .run()
        try await sql.create(index: "http_logs_deployment_time_idx").on("http_logs").column("deployment_id").column(
            "time"
        ).run()
        try await sql.create(index: "http_logs_time_idx").on("http_logs").column("time").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("http_logs").delete()
    }
}
