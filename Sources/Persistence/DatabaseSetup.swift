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

    /// Registers the database with Fluent and makes it the default.
    public func register(in databases: Databases) throws {
        switch self {
        case .sqliteFile(let path):
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            databases.use(.sqlite(.file(path)), as: .sqlite)
        case .sqliteInMemory:
            databases.use(.sqlite(.memory), as: .sqlite)
        case .postgres(let url):
            databases.use(try .postgres(url: url), as: .psql)
        }
    }

    /// Connection settings to apply once after start-up.
    public func prepare(_ database: any Database) async throws {
        if case .sqliteFile = self {
            // WAL lets readers proceed while a write is in progress.
            try await (database as! any SQLDatabase).raw("PRAGMA journal_mode=WAL").run()
        }
    }
}
