import FluentKit
import SQLKit

struct M0006_CreateServiceItems: AsyncMigration {
    var name: String { "0006_create_service_items" }

    func prepare(on database: any Database) async throws {
        try await database.schema("service_items")
            .field("id", .string, .identifier(auto: false))
            .field("service_id", .string, .required, .references("services", "id", onDelete: .cascade))
            .field("field", .string, .required)
            .field("position", .int64, .required)
            // JSON; sealed for the fields that may hold secrets.
            .field("value", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "service_items_service_id_idx").on("service_items").column("service_id").run()
        try await sql.create(index: "service_items_field_idx").on("service_items").column("field").run()
        try await sql.create(index: "service_changes_field_idx").on("service_changes").column("field").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "service_changes_field_idx").run()
        try await database.schema("service_items").delete()
    }
}
