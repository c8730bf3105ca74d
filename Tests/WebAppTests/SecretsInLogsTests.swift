import Foundation
import Logging
import Synchronization
import TestSupport
import Testing
import Vapor

/// `LOG_LEVEL=debug` must not print what signs someone in: session keys (or their stored digests),
/// password hashes, variable values.
@Suite("Secrets stay out of logs", .tags(.db))
struct SecretsInLogsTests {
    @Test(arguments: TestDatabase.enabled)
    func debugLogsHoldNoSessionKeyPasswordHashOrSecretValue(_ database: TestDatabase) async throws {
        let captured = CapturedLog()
        var config = testConfig()
        config.logLevel = .debug
        try await withTestApp(
            database: database, config: config, logger: Logger(label: "test") { _ in CapturingHandler(log: captured) }
        ) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            _ = try await bench.change(
                "web",
                #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "API_KEY", "value": "very-secret-value-42"}}"#
            )
            _ = try await bench.details("web")
            _ = try await bench.client.send(.GET, "/api/auth/me")
            let key = try #require(bench.client.cookies["sessionid"])
            let rows = try await app.sql.raw("SELECT id FROM sessions").all()
            let stored = try rows.map { try $0.decode(column: "id", as: String.self) }
            #expect(!stored.isEmpty && !stored.contains(key), "the table holds digests, not keys")
            let text = captured.text
            #expect(text.contains("debug "), "debug logging was on")
            #expect(!text.contains(key), "the session key is not logged")
            for digest in stored { #expect(!text.contains(digest), "nor its stored digest") }
            #expect(
                !text.contains("$2b$") && !text.contains("$2y$"),
                "no password hash is logged: \(text.split(separator: "\n").filter { $0.contains("$2") }.prefix(3))")
            #expect(!text.contains("very-secret-value-42"), "no variable value is logged")
        }
    }
}

/// Every line logged, with its metadata, by any copy of the logger.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

/// A value, like real handlers: a copy of the logger given another level keeps the original's.
struct CapturingHandler: LogHandler {
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        log.append("\(event.level) \(event.message) \(all)")
    }
}
