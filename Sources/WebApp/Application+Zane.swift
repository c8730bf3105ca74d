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

    private struct EngineKey: StorageKey {
        typealias Value = DeploymentEngineStart
    }

    /// The engine's background services; nil without an engine.
    var engine: DeploymentEngineStart? {
        get { storage[EngineKey.self] }
        set { storage[EngineKey.self] = newValue }
    }

    /// Stops the engine's services as a shutdown does, while the server goes on answering: running deployments
    /// stop at their next checkpoint and stay in progress for the next start.
    public func stopEngine() async { await engine?.shutdownAsync(self) }

    /// The log store: a database of its own on SQLite, the main one on PostgreSQL.
    public var logStore: any Database { databases.ids().contains(.logs) ? db(.logs) : db }

    /// A database handle whose queries are never logged, even at `LOG_LEVEL=debug`: their bound values hold
    /// password hashes, session digests and sealed secrets.
    func unloggedDatabase(_ id: DatabaseID? = nil) -> any Database {
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .info)
        let id = id.flatMap { databases.ids().contains($0) ? $0 : nil }
        return databases.database(id, logger: quiet, on: eventLoopGroup.any())!
    }

    /// Deletes expired sessions now; returns how many.
    @discardableResult
    public func purgeExpiredSessions() async throws -> Int { try await zane.auth.purgeExpiredSessions() }

    /// Creates a superuser who joins the oldest workspace as Owner.
    public func createSuperuser(username: String, password: String) async throws {
        _ = try await zane.auth.createSuperuser(username: username, password: password)
    }
}
