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
        for bad in ["", "60", "0/minute", "x/minute", "5/fortnight", "5/0minute"] {
            #expect(RateLimit(parsing: bad) == nil, "\(bad)")
        }
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
                "DATABASE_URL": "mysql://x", "LOG_LEVEL": "loud", "ZANE_ANON_THROTTLE_RATE": "lots",
                "ZANE_SECURE_COOKIES": "maybe",
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
        let config = try AppConfig.fromEnvironment([
            "ZANE_DATA_DIR": directory, "DATABASE_URL": "postgres://u:p@127.0.0.1/zane",
        ])
        #expect(config.database == .postgres(url: "postgres://u:p@127.0.0.1/zane"))
    }

    @Test func theProxyIsOnByDefaultAndEachOfItsSettingsIsChecked() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zane-config-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let defaults = try #require(try AppConfig.fromEnvironment(["ZANE_DATA_DIR": directory]).proxy)
        #expect(
            defaults.httpPort == 80 && defaults.httpsPort == 443 && defaults.serviceName == "zane-proxy"
                && defaults.drainSeconds == 30)
        #expect(
            defaults.directory == URL(fileURLWithPath: directory + "/proxy").standardizedFileURL.path
                && defaults.directory.hasPrefix("/"))
        #expect(try AppConfig.fromEnvironment(["ZANE_DATA_DIR": directory, "ZANE_PROXY": "off"]).proxy == nil)
        let custom = try #require(
            try AppConfig.fromEnvironment([
                "ZANE_DATA_DIR": directory, "ZANE_PROXY_HTTP_PORT": "8080", "ZANE_PROXY_HTTPS_PORT": "off",
                "ZANE_APP_UPSTREAM": "zane.app:8000",
                "ZANE_PROXY_DRAIN_SECONDS": "2.5", "ZANE_PROXY_URL": "http://zane.proxy/",
            ]).proxy)
        #expect(
            custom.httpPort == 8080 && custom.httpsPort == nil && custom.appUpstream == "zane.app:8000"
                && custom.drainSeconds == 2.5)
        #expect(custom.url == "http://zane.proxy")
        do {
            _ = try AppConfig.fromEnvironment([
                "ZANE_DATA_DIR": directory, "ZANE_PROXY_HTTP_PORT": "80000", "ZANE_PROXY_HTTPS_PORT": "https",
                "ZANE_APP_UPSTREAM": "zane app",
                "ZANE_PROXY_DRAIN_SECONDS": "-1", "ZANE_PROXY_URL": "unix:///x", "ZANE_HTTP_LOG_RETENTION_DAYS": "0",
                "ZANE_RUNTIME_LOG_MAX_MB": "5", "ZANE_METRICS_RETENTION_DAYS": "a month",
                "ZANE_PROXY_DIR": "/" + String(repeating: "d", count: 100),
            ])
            Issue.record("expected a configuration error")
        } catch let error as ConfigurationError {
            #expect(error.problems.count == 9, "\(error.problems)")
        }
    }
}
