import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// `X-Forwarded-For` is believed only from a trusted proxy: from anyone else, a fresh address per request
/// would escape the failed-login limit and flood the limiter with keys.
@Suite("Forwarded client addresses", .tags(.db))
struct ForwardedAddressTests {
    func guesses(_ app: Application, count: Int) async throws -> [HTTPResponseStatus] {
        var statuses: [HTTPResponseStatus] = []
        for index in 0..<count {
            let client = APIClient(app, live: true)
            let response = try await client.send(
                .POST, "/api/auth/login", json: #"{"username": "fred", "password": "Guess-pass-1"}"#,
                headers: [("X-Forwarded-For", "203.0.113.\(index + 1)")])
            statuses.append(response.status)
        }
        return statuses
    }

    @Test(arguments: TestDatabase.enabled)
    func aForwardedAddressFromAnUntrustedPeerIsIgnored(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.limits.failedLogins = RateLimit(count: 3, seconds: 900)
        config.security.trustedProxies = [try #require(AddressRange("10.9.9.0/24"))]
        try await withTestApp(database: database, config: config) { app in
            try await APIClient(app).signUp()
            #expect(
                try await guesses(app, count: 5) == [
                    .unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests,
                ])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aTrustedProxyForwardsEachClientsOwnAddress(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.limits.failedLogins = RateLimit(count: 3, seconds: 900)
        try await withTestApp(database: database, config: config) { app in
            try await APIClient(app).signUp()
            #expect(
                try await guesses(app, count: 5).allSatisfy { $0 == .unauthorized },
                "loopback is trusted by default: five clients")
        }
    }

    @Test(.tags(.unit))
    func addressRanges() throws {
        let bridge = try #require(AddressRange("172.18.0.0/16"))
        #expect(bridge.contains("172.18.3.4") && !bridge.contains("172.19.0.1") && !bridge.contains("fd00::1"))
        #expect(bridge.contains("::ffff:172.18.0.9"), "an IPv4-mapped peer is its IPv4 address")
        let exact = try #require(AddressRange("10.0.0.7"))
        #expect(exact.contains("10.0.0.7") && !exact.contains("10.0.0.8"))
        let v6 = try #require(AddressRange("fd00::/8"))
        #expect(v6.contains("fd12::3") && !v6.contains("fe80::1"))
        #expect(try #require(AddressRange("10.1.2.3/12")).contains("10.15.0.0"))
        for invalid in [
            "", "10.0.0", "10.0.0.0/33", "10.0.0.0/-1", "fd00::/129", "example.com", "10.0.0.1/8/8", "10.0.0.256",
        ] {
            #expect(AddressRange(invalid) == nil, "\(invalid)")
        }
    }

    @Test(.tags(.unit))
    func theVariableListsAddressesOrBlocks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zane-config-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let listed = try AppConfig.fromEnvironment([
            "ZANE_DATA_DIR": directory, "ZANE_TRUSTED_PROXIES": "10.0.0.1, 172.18.0.0/16",
        ])
        #expect(listed.security.trustedProxies?.map(\.description) == ["10.0.0.1/32", "172.18.0.0/16"])
        #expect(try AppConfig.fromEnvironment(["ZANE_DATA_DIR": directory]).security.trustedProxies == nil)
        #expect(throws: ConfigurationError.self) {
            try AppConfig.fromEnvironment(["ZANE_DATA_DIR": directory, "ZANE_TRUSTED_PROXIES": "10.0.0.1, lan"])
        }
    }
}
