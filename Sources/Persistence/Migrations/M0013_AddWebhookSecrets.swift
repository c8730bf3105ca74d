import FluentKit
import SQLKit

/// Each git service's push webhook secret (sealed).
struct M0013_AddWebhookSecrets: AsyncMigration {
    var name: String { "0013_add_webhook_secrets" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "services").column("webhook_secret", type: .text).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "services").dropColumn("webhook_secret").run()
    }
}
