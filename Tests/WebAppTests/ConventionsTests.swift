import Foundation
import Testing
import TestSupport
import Vapor
import WebApp

@Suite("Conventions: errors, limits, hostile input", .tags(.db))
struct ConventionsTests {
    @Test(arguments: TestDatabase.enabled)
    func everyErrorUsesTheEnvelope(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            let missing = try await client.send(.GET, "/api/no/such/route")
            #expect(missing.status == .notFound && missing.errorType == "client_error")
            #expect(missing.firstError["code"] as? String == "not_found" && missing.firstError["detail"] as? String == "Not found.")
            #expect(missing.firstError["attr"] is NSNull)
            #expect(missing.headers.first(name: .contentType)?.hasPrefix("application/json") == true)
            let wrongMethod = try await client.send(.PATCH, "/api/projects/")
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.headers.first(name: "Allow") == "GET, POST")
            #expect(wrongMethod.firstError["detail"] as? String == #"Method "PATCH" not allowed."#)
            #expect(try await client.send(.GET, "/api/ping").body == #"{"ping":"pong"}"#)
            #expect(try await client.send(.GET, "/api/ping/").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func hostileBodiesAreRefusedCleanly(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            try await client.signUp()
            let huge = #"{"slug": "big", "description": ""# + String(repeating: "x", count: 1_100_000) + #""}"#
            let tooLarge = try await client.send(.POST, "/api/projects", json: huge)
            #expect(tooLarge.status == .payloadTooLarge && tooLarge.firstError["code"] as? String == "request_too_large")
            let overTheWire = APIClient(app, live: true)
            overTheWire.cookies = client.cookies
            let streamed = try await overTheWire.send(.POST, "/api/projects", json: huge)
            #expect(streamed.status == .payloadTooLarge && streamed.firstError["code"] as? String == "request_too_large")
            let deep = try await client.send(.POST, "/api/projects", json: String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000))
            #expect(deep.status == .badRequest && deep.firstError["code"] as? String == "parse_error")
            let malformed = try await client.send(.POST, "/api/projects", json: #"{"slug": "#)
            #expect((malformed.firstError["detail"] as? String)?.hasPrefix("JSON parse error - ") == true && malformed.errorType == "client_error")
            let text = try await client.send(.POST, "/api/projects", body: "slug=x", contentType: "text/plain")
            #expect(text.status == .unsupportedMediaType && text.firstError["detail"] as? String == #"Unsupported media type "text/plain" in request."#)
            let array = try await client.send(.POST, "/api/projects", json: #"[{"slug": "x"}]"#)
            #expect(array.errorAttrs == ["non_field_errors"])
            let wrongTypes = try await client.send(.POST, "/api/projects", json: #"{"slug": {"a": 1}, "description": [1]}"#)
            #expect(wrongTypes.errorAttrs == ["slug", "description"] && wrongTypes.errorCodes == ["invalid", "invalid"])
            #expect(try await app.sql.raw("SELECT id FROM projects").all().isEmpty, "no partial write")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anonymousRequestsAreThrottled(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.limits.anonymous = RateLimit(count: 3, seconds: 60)
        try await withTestApp(database: database, config: config) { app in
            let client = APIClient(app)
            for _ in 0..<3 { #expect(try await client.send(.GET, "/api/ping").status == .ok) }
            let throttled = try await client.send(.GET, "/api/ping")
            #expect(throttled.status == .tooManyRequests)
            let wait = try #require(throttled.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect((1...60).contains(wait))
            #expect(throttled.firstError["detail"] as? String
                == "You made too many requests in a short amount of time, Please wait for \(wait) seconds before retrying your action.")
            #expect(try await client.send(.GET, "/api/projects").status == .unauthorized, "401s are not throttled")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func failedLoginsAreThrottled(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.limits.failedLogins = RateLimit(count: 3, seconds: 900)
        try await withTestApp(database: database, config: config) { app in
            try await APIClient(app).signUp()
            let attacker = APIClient(app)
            for _ in 0..<3 { #expect(try await attacker.login(password: "Guess-pass-1").status == .unauthorized) }
            let blocked = try await attacker.login()
            #expect(blocked.status == .tooManyRequests && blocked.headers.first(name: "Retry-After") != nil)
        }
    }
}
