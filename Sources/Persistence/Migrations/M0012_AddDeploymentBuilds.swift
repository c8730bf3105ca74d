import FluentKit
import SQLKit

/// What a git service's deployment built: its commit and author, whether the build cache was skipped, and
/// when the build ran.
struct M0012_AddDeploymentBuilds: AsyncMigration {
    var name: String { "0012_add_deployment_builds" }

    static let columns: [(String, SQLDataType, SQLColumnConstraintAlgorithm?)] = [
        ("commit_sha", .text, nil), ("commit_author_name", .text, nil),
        ("ignore_build_cache", .custom(SQLRaw("BOOLEAN")), .default(false)),
        ("build_started_at", .bigint, nil), ("build_finished_at", .bigint, nil),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        // One column per statement: SQLite alters a table one column at a time.
        for (column, type, constraint) in Self.columns {
            try await sql.alter(table: "deployments").column(column, type: type, constraint.map { [$0] } ?? [])
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (column, _, _) in Self.columns.reversed() {
            try await sql.alter(table: "deployments").dropColumn(column).run()
        }
    }
}
