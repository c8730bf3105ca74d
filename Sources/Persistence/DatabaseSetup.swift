import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Where the data lives: an SQLite file (the default), a throw-away SQLite database, or PostgreSQL.
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteInMemory
    case postgres(url: String)

    /// Registers the database with Fluent and makes it the default. SQL is not logged with its bound values
    /// (password hashes, session digests): SQLite not at all, PostgreSQL only at trace level, which the
    /// repositories' database handles never reach (`unloggedDatabase`).
    public func register(in databases: Databases) throws {
        switch self {
        case .sqliteFile(let path):
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            databases.use(.sqlite(.file(path), connectionPoolTimeout: Self.poolTimeout, sqlLogLevel: nil), as: .sqlite)
            databases.use(
                .sqlite(
                    .file(Self.logStorePath(besides: path)), connectionPoolTimeout: Self.poolTimeout, sqlLogLevel: nil),
                as: .logs, isDefault: false)
        case .sqliteInMemory:
            databases.use(.sqlite(.memory, connectionPoolTimeout: Self.poolTimeout, sqlLogLevel: nil), as: .sqlite)
            databases.use(
                .sqlite(.memory, connectionPoolTimeout: Self.poolTimeout, sqlLogLevel: nil), as: .logs, isDefault: false
            )
        case .postgres(let url):
            // The log store is the main database: no second connection pool.
            databases.use(
                try .postgres(
                    url: url, maxConnectionsPerEventLoop: 2, connectionPoolTimeout: Self.poolTimeout,
                    sqlLogLevel: .trace),
                as: .psql)
        }
    }

    /// How long a query waits for a free connection before its request fails: a burst of writes queues on
    /// SQLite's single connection (and on the few of PostgreSQL's) rather than failing at once.
    static let poolTimeout: TimeAmount = .seconds(30)

    /// The log store's database: its own on SQLite, the main one (nil) on PostgreSQL.
    public var logStore: DatabaseID? {
        if case .postgres = self { return nil }
        return .logs
    }

    /// `zane.sqlite` → `zane-logs.sqlite`, in the same directory.
    static func logStorePath(besides path: String) -> String {
        let base = (path as NSString).deletingPathExtension
        let suffix = (path as NSString).pathExtension
        return base + "-logs" + (suffix.isEmpty ? "" : "." + suffix)
    }

    /// Connection settings to apply once after start-up, to the main database and the log store.
    public func prepare(_ databases: [any Database]) async throws {
        guard case .sqliteFile = self else { return }
        for database in databases {
            // WAL lets readers proceed while a write is in progress.
            try await (database as! any SQLDatabase).raw("PRAGMA journal_mode=WAL").run()
        }
    }
}
