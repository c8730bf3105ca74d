import Domain
import Engine
import Fluent
import Foundation
import SQLKit
import Vapor
import VaporTesting
import WebApp

/// A configuration for tests: fast bcrypt, no throttling unless a test asks for it, a random secret.
public func testConfig() -> AppConfig {
    var config = AppConfig()
    config.database = .sqliteInMemory
    config.security.passwordHashCost = 4
    config.security.secretKey = Array(RandomID.csrfSecret().utf8)
    config.limits.anonymous = RateLimit(count: 100_000, seconds: 60)
    config.limits.initialRegistration = RateLimit(count: 100_000, seconds: 60)
    config.limits.failedLogins = RateLimit(count: 100_000, seconds: 60)
    config.limits.deployWebhook = RateLimit(count: 100_000, seconds: 60)
    config.security.sessionPurgeIntervalSeconds = 0  // tests purge explicitly
    config.dockerSocket = nil  // tests that need the engine set it
    config.proxy = nil
    config.gitAllowedHosts = ["127.0.0.1", "localhost"]  // no test reaches a repository elsewhere
    config.logLevel = .error
    return config
}

/// Runs `body` against a fresh, migrated application on `database`; the database is dropped afterwards.
public func withTestApp(
    database: TestDatabase, config: AppConfig = testConfig(), logger: Logger? = nil,
    runtime: (any ContainerRuntime)? = nil, _ body: (Application) async throws -> Void
) async throws {
    // Each app holds a few PostgreSQL connections: past a dozen apps at once, the server runs out.
    if database == .postgres { await PostgresTestSlots.shared.acquire() }
    defer { if database == .postgres { Task { await PostgresTestSlots.shared.release() } } }
    var config = config
    let app = try await Application.make(.testing)
    app.logger = logger ?? app.logger
    app.logger.logLevel = .error
    var scratchDatabase: String?
    do {
        if database == .postgres {
            guard let url = TestDatabase.postgresURL else {
                throw TestSetupError("PostgreSQL tests need TEST_POSTGRES_URL (CI=true requires them)")
            }
            let name = "t_" + RandomID.sessionKey().prefix(16)
            app.databases.use(try .postgres(url: url), as: .admin, isDefault: false)
            try await (app.db(.admin) as! any SQLDatabase).raw("CREATE DATABASE \(unsafeRaw: name)").run()
            scratchDatabase = name
            config.database = .postgres(url: try replacingDatabase(in: url, with: name))
        }
        try await configure(app, config, runtime: runtime)
        try await body(app)
    } catch {
        await tearDown(app, dropping: scratchDatabase)
        throw error
    }
    await tearDown(app, dropping: scratchDatabase)
}

func tearDown(_ app: Application, dropping database: String?) async {
    if let database {
        try? await (app.db(.admin) as! any SQLDatabase).raw(
            "DROP DATABASE IF EXISTS \(unsafeRaw: database) WITH (FORCE)"
        ).run()
    }
    try? await app.asyncShutdown()
}

func replacingDatabase(in url: String, with name: String) throws -> String {
    guard var components = URLComponents(string: url) else { throw TestSetupError("TEST_POSTGRES_URL is not a URL") }
    components.path = "/" + name
    return components.string!
}

extension DatabaseID {
    static let admin = DatabaseID(string: "admin")
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Application {
    /// The default database, for tests that read or prepare raw rows.
    public var sql: any SQLDatabase { db as! any SQLDatabase }
}

/// At most `capacity` test apps on PostgreSQL at once; the others wait their turn.
actor PostgresTestSlots {
    static let shared = PostgresTestSlots(capacity: 12)
    let capacity: Int
    var used = 0
    var waiting: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) { self.capacity = capacity }

    func acquire() async {
        if used < capacity {
            used += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { used -= 1 } else { waiting.removeFirst().resume() }
    }
}
