import Domain
import Fluent
import Persistence
import Vapor

/// Entry points the `zane` command calls.
public enum ZaneServer {
    /// Applies pending migrations, then serves HTTP until interrupted.
    public static func serve(_ config: AppConfig) async throws {
        try await withApplication(config) { app in
            try await configure(app, config)
            let host = ["0.0.0.0", "::"].contains(config.http.hostname) ? "127.0.0.1" : config.http.hostname
            app.logger.notice(
                "zane listening: open the dashboard at http://\(host):\(config.http.port)/",
                metadata: [
                    "address": "\(config.http.hostname):\(config.http.port)", "database": "\(config.databaseSummary)",
                ])
            try await app.execute()
        }
    }

    public static func migrate(_ config: AppConfig, revert: Bool = false) async throws {
        try await withApplication(config) { app in
            try await configure(app, config, migrate: false)
            try await config.database.prepare([app.db, app.logStore])
            if revert { try await app.autoRevert() } else { try await app.autoMigrate() }
        }
    }

    /// Creates a superuser (migrating first); refuses invalid names and weak passwords.
    public static func createSuperuser(_ config: AppConfig, username: String, password: String) async throws {
        try await withApplication(config) { app in
            try await configure(app, config)
            try await app.createSuperuser(username: username, password: password)
        }
    }

    static func withApplication(_ config: AppConfig, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(Vapor.Environment(name: "production", arguments: ["zane", "serve"]))
        do {
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

extension AppConfig {
    /// The database, with any password left out.
    var databaseSummary: String {
        switch database {
        case .sqliteFile(let path): "sqlite \(path)"
        case .sqliteInMemory: "sqlite in memory"
        case .postgres: "postgresql"
        }
    }
}
