import Domain
import Fluent
import Persistence
import Vapor

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = ZaneServices
    }

    /// The services wired by `configure`.
    var zane: ZaneServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }

    /// The log store: a database of its own on SQLite, the main one on PostgreSQL.
    public var logStore: any Database { databases.ids().contains(.logs) ? db(.logs) : db }

    /// Deletes expired sessions now; returns how many.
    @discardableResult
    public func purgeExpiredSessions() async throws -> Int { try await zane.auth.purgeExpiredSessions() }

    /// Creates a superuser who joins the oldest workspace as Owner.
    public func createSuperuser(username: String, password: String) async throws {
        _ = try await zane.auth.createSuperuser(username: username, password: password)
    }
}
