import Foundation
import TestSupport
import Testing
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
            #expect(
                missing.firstError["code"] as? String == "not_found"
                    && missing.firstError["detail"] as? String == "Not found.")
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
            #expect(
                tooLarge.status == .payloadTooLarge && tooLarge.firstError["code"] as? String == "request_too_large")
            let overTheWire = APIClient(app, live: true)
            overTheWire.cookies = client.cookies
            let streamed = try await overTheWire.send(.POST, "/api/projects", json: huge)
            #expect(
                streamed.status == .payloadTooLarge && streamed.firstError["code"] as? String == "request_too_large")
            let deep = try await client.send(
                .POST, "/api/projects", json: String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000))
            #expect(deep.status == .badRequest && deep.firstError["code"] as? String == "parse_error")
            let malformed = try await client.send(.POST, "/api/projects", json: #"{"slug": "#)
            #expect(
                (malformed.firstError["detail"] as? String)?.hasPrefix("JSON parse error - ") == true
                    && malformed.errorType == "client_error")
            let text = try await client.send(.POST, "/api/projects", body: "slug=x", contentType: "text/plain")
            #expect(
                text.status == .unsupportedMediaType
                    && text.firstError["detail"] as? String == #"Unsupported media type "text/plain" in request."#)
            let array = try await client.send(.POST, "/api/projects", json: #"[{"slug": "x"}]"#)
            #expect(array.errorAttrs == ["non_field_errors"])
            let wrongTypes = try await client.send(
                .POST, "/api/projects", json: #"{"slug": {"a": 1}, "description": [1]}"#)
            #expect(
                wrongTypes.errorAttrs == ["slug", "description"] && wrongTypes.errorCodes == ["invalid", "invalid"])
            let nul = try await client.send(
                .POST, "/api/projects", json: #"{"slug": "nul", "description": "a\u0000b"}"#)
            #expect(nul.status == .badRequest && nul.errorCodes == ["null_characters_not_allowed"])
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
            #expect(
                throttled.firstError["detail"] as? String
                    == "You made too many requests in a short amount of time, Please wait for \(wait) seconds before retrying your action."
            )
            #expect(try await client.send(.GET, "/api/projects").status == .unauthorized, "401s are not throttled")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func failedLoginsAreThrottled(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.limits.failedLogins = RateLimit(count: 3, seconds: 900)
        try await withTestApp(database: database, config: config) { app in
            try await APIClient(app).signUp()
            for _ in 0..<5 {
                #expect(try await APIClient(app).login().status == .created, "successful logins do not count")
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<6 { group.addTask { try await APIClient(app).login(password: "Guess-pass-1").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 3, "concurrent guesses cannot pass the limit")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 3)
            let blocked = try await APIClient(app).login()
            #expect(blocked.status == .tooManyRequests && blocked.headers.first(name: "Retry-After") != nil)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func serverErrorsUseTheEnvelopeWithoutInternals(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            try await client.signUp()
            try await app.sql.raw("DROP TABLE shared_variables").run()
            try await client.send(.POST, "/api/projects", json: #"{"slug": "shop"}"#)
            let failed = try await client.send(.GET, "/api/projects/shop/production/variables")
            #expect(failed.status == .internalServerError && failed.errorType == "server_error")
            #expect(
                failed.firstError["code"] as? String == "error"
                    && failed.firstError["detail"] as? String == "A server error occurred.")
            #expect(!failed.body.lowercased().contains("shared_variables"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func cookieDomainAndSecureFollowTheConfiguration(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.security.sessionCookieDomain = ".example.com"
        config.security.secureCookies = true
        try await withTestApp(database: database, config: config) { app in
            let response = try await APIClient(app).signUp()
            let session = try #require(response.setCookieHeader("sessionid"))
            #expect(session.contains("Domain=.example.com") && session.contains("Secure"))
            let csrf = try #require(response.setCookieHeader("csrftoken"))
            #expect(csrf.contains("Secure") && !csrf.contains("Domain"))
        }
    }
}
