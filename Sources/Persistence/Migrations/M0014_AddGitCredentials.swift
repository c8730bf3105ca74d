import FluentKit
import SQLKit

/// Each git service's credentials for a private repository (sealed).
struct M0014_AddGitCredentials: AsyncMigration {
    var name: String { "0014_add_git_credentials" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "services").column("git_credentials", type: .text).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "services").dropColumn("git_credentials").run()
    }
}
