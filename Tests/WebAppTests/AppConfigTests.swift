import Foundation
import Persistence
import Testing
import WebApp

@Suite("Configuration", .tags(.unit))
struct AppConfigTests {
    @Test func ratesReadLikeDjangoRestFramework() {
        #expect(RateLimit(parsing: "60/minute") == RateLimit(count: 60, seconds: 60))
        #expect(RateLimit(parsing: "5/s") == RateLimit(count: 5, seconds: 1))
        #expect(RateLimit(parsing: "10/15minute") == RateLimit(count: 10, seconds: 900))
        for bad in ["", "60", "0/minute", "x/minute", "5/fortnight", "5/0minute"] { #expect(RateLimit(parsing: bad) == nil, "\(bad)") }
    }

    @Test func defaultsNeedNoVariablesAndCreateAPrivateKeyFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zane-config-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try AppConfig.fromEnvironment(["ZANE_DATA_DIR": directory])
        #expect(config.database == .sqliteFile(path: directory + "/zane.sqlite"))
        #expect(config.http.hostname == "127.0.0.1" && config.http.port == 8000)
        #expect(config.security.passwordHashCost >= 12)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/secret.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let again = try AppConfig.fromEnvironment(["ZANE_DATA_DIR": directory])
        #expect(again.security.secretKey == config.security.secretKey, "the key survives restarts")
    }

    @Test func everyInvalidVariableIsReportedAtOnce() {
        do {
            _ = try AppConfig.fromEnvironment([
                "DATABASE_URL": "mysql://x", "LOG_LEVEL": "loud", "ZANE_ANON_THROTTLE_RATE": "lots", "ZANE_SECURE_COOKIES": "maybe",
            ])
            Issue.record("expected a configuration error")
        } catch let error as ConfigurationError {
            #expect(error.problems.count == 4)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func postgresIsChosenByDatabaseURL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zane-config-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try AppConfig.fromEnvironment(["ZANE_DATA_DIR": directory, "DATABASE_URL": "postgres://u:p@127.0.0.1/zane"])
        #expect(config.database == .postgres(url: "postgres://u:p@127.0.0.1/zane"))
    }
}
