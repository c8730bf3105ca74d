import Fluent
import Persistence
import SQLKit
import TestSupport
import Testing

@Suite("Migrations", .tags(.db))
struct MigrationTests {
    @Test(arguments: TestDatabase.enabled)
    func everyMigrationRevertsAndReapplies(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let tables = [
                "users", "sessions", "projects", "environments", "shared_variables", "services", "service_changes",
                "service_items", "deployments", "service_metrics",
            ]
            for table in tables { #expect(try await app.sql.select().column("*").from(table).all().isEmpty) }
            let logStore = app.logStore as! any SQLDatabase
            #expect(try await logStore.select().column("*").from("deployment_logs").all().isEmpty)
            try await app.autoRevert()
            await #expect(throws: (any Error).self, "the log store survived the revert") {
                try await logStore.select().column("*").from("deployment_logs").all()
            }
            for table in tables {
                await #expect(throws: (any Error).self, "\(table) survived the revert") {
                    try await app.sql.select().column("*").from(table).all()
                }
            }
            try await app.autoMigrate()
            #expect(try await app.sql.select().column("id").from("shared_variables").all().isEmpty)
            #expect(try await logStore.select().column("id").from("deployment_logs").all().isEmpty)
        }
    }

    @Test func migrationNamesAreStable() {
        #expect(
            Migrations.all.map(\.name) == [
                "0001_create_accounts", "0002_create_sessions", "0003_create_projects", "0004_create_environments",
                "0005_create_services",
                "0006_create_service_items", "0007_create_deployments", "0009_create_http_logs",
                "0010_create_service_metrics", "0011_digest_session_keys", "0012_add_deployment_builds",
                "0013_add_webhook_secrets", "0014_add_git_credentials", "0015_create_api_tokens",
            ])
        #expect(LogStoreMigrations.all.map(\.name) == ["log_store_0001_create"])
    }
}
