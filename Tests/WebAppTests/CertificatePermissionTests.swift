import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// The proxy's question before a certificate (`proxy.md` §5): only names Zane serves get one.
@Suite("Certificate permission")
struct CertificatePermissionTests {
    @Test(arguments: TestDatabase.enabled)
    func onlyServedNamesAreAllowed(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.appDomain = "zane.example.com"
        config.rootDomain = "apps.example.com"
        try await withTestApp(database: database, config: config) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            for url in [
                #""domain": "shop.example.org", "base_path": "/", "associated_port": 80"#,
                #""domain": "*.wild.example.org", "base_path": "/", "associated_port": 80"#,
            ] {
                #expect(
                    try await bench.change("web", #"{"field": "urls", "type": "ADD", "new_value": {\#(url)}}"#).status
                        == .ok)
            }
            _ = try await bench.change(
                "web",
                #"{"field": "urls", "type": "ADD", "new_value": {"domain": "pending.example.org", "base_path": "/", "associated_port": 80}}"#
            )
            let anonymous = APIClient(app)
            func ask(_ domain: String) async throws -> TestResponse {
                try await anonymous.send(.GET, "/api/_proxy/check-certiticates?domain=\(domain)")
            }
            #expect(try await ask("shop.example.org").status == .forbidden, "URLs count once deployed")
            #expect(
                try await bench.client.send(.PUT, "\(bench.base)/deploy-service/docker/web", json: "{}").status == .ok)
            let allowed = try await ask("zane.example.com")
            #expect(allowed.status == .ok && allowed.object["validated"] as? Bool == true)
            for domain in ["shop.example.org", "SHOP.example.org", "a.wild.example.org"] {
                #expect(try await ask(domain).status == .ok, "\(domain)")
            }
            for domain in [
                "my-app.apps.example.com", "a.b.apps.example.com", "b.a.wild.example.org", "other.example.org",
                "example.org",
            ] {
                let refused = try await ask(domain)
                #expect(
                    refused.status == .forbidden
                        && refused.firstError["detail"] as? String == "A certificate cannot be issued for this domain",
                    "\(domain)")
            }
            #expect(try await ask("pending.example.org").status == .ok, "deployed with the others")
            for invalid in ["", "not%20a%20domain", "*.example.org", String(repeating: "a", count: 300) + ".com"] {
                #expect(try await ask(invalid).status == .badRequest, "\(invalid)")
            }
            #expect(try await anonymous.send(.GET, "/api/_proxy/check-certiticates").status == .badRequest)
        }
    }

    /// All of the proxy's asks come from one address: counted as anonymous, 60 bogus names a minute would
    /// keep legitimate certificates waiting. The proxy itself is not throttled; anyone else still is.
    @Test(arguments: TestDatabase.enabled)
    func theProxyIsNotThrottledButOthersAre(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.limits.anonymous = RateLimit(count: 2, seconds: 60)
        try await withTestApp(database: database, config: config) { app in
            let proxy = APIClient(app, live: true)
            for index in 0..<6 {
                let answer = try await proxy.send(
                    .GET, "/api/_proxy/check-certiticates?domain=bogus\(index).example.org")
                #expect(answer.status == .forbidden)
            }
        }
        config.security.trustedProxies = [try #require(AddressRange("10.9.9.9"))]
        try await withTestApp(database: database, config: config) { app in
            let stranger = APIClient(app, live: true)
            var statuses: [HTTPResponseStatus] = []
            for index in 0..<4 {
                statuses.append(
                    try await stranger.send(.GET, "/api/_proxy/check-certiticates?domain=bogus\(index).example.org")
                        .status)
            }
            #expect(statuses == [.forbidden, .forbidden, .tooManyRequests, .tooManyRequests])
        }
    }
}
