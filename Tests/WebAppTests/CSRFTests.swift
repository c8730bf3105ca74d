import TestSupport
import Testing
import Vapor
import WebApp

@Suite("CSRF, as Django checks it", .tags(.db))
struct CSRFTests {
    func signedIn(_ app: Application) async throws -> APIClient { try await APIClient.signedIn(app) }

    func detail(_ response: TestResponse) -> String? { response.firstError["detail"] as? String }

    @Test(arguments: TestDatabase.enabled)
    func unsafeRequestsOnASessionNeedTheCookieAndTheHeader(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await signedIn(app)
            let token = try #require(client.csrfToken)
            client.sendsCSRFHeader = false
            let missingHeader = try await client.send(.POST, "/api/projects", json: #"{"slug": "a"}"#)
            #expect(missingHeader.status == .forbidden && detail(missingHeader) == "CSRF Failed: CSRF token missing.")

            let wrong = try await client.send(
                .POST, "/api/projects", json: "{}", headers: [("X-CSRFToken", String(repeating: "a", count: 32))])
            #expect(detail(wrong) == "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header incorrect.")
            let short = try await client.send(.POST, "/api/projects", json: "{}", headers: [("x-csrftoken", "abc")])
            #expect(detail(short) == "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.")
            let symbols = try await client.send(
                .POST, "/api/projects", json: "{}", headers: [("X-CSRFToken", String(repeating: "!", count: 32))])
            #expect(
                detail(symbols) == "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header has invalid characters.")

            client.cookies["csrftoken"] = nil
            let noCookie = try await client.send(.POST, "/api/projects", json: "{}", headers: [("X-CSRFToken", token)])
            #expect(detail(noCookie) == "CSRF Failed: CSRF cookie not set.")
            #expect(try await app.sql.raw("SELECT id FROM projects").all().isEmpty)

            client.cookies["csrftoken"] = token
            client.sendsCSRFHeader = true
            #expect(try await client.send(.POST, "/api/projects", json: #"{"slug": "a"}"#).status == .created)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aMaskedTokenIsAccepted(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await signedIn(app)
            let secret = Array(try #require(client.csrfToken).utf8)
            let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
            let mask = (0..<32).map { _ in alphabet.randomElement()! }
            let cipher = zip(secret, mask).map { s, m in
                alphabet[(alphabet.firstIndex(of: s)! + alphabet.firstIndex(of: m)!) % alphabet.count]
            }
            let masked = String(decoding: mask + cipher, as: UTF8.self)
            client.sendsCSRFHeader = false
            let response = try await client.send(
                .POST, "/api/projects", json: #"{"slug": "masked"}"#, headers: [("X-CSRFToken", masked)])
            #expect(response.status == .created)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aForeignOriginIsRefusedButTrustedOnesPass(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await signedIn(app)
            let evil = try await client.send(
                .POST, "/api/projects", json: "{}",
                headers: [("Origin", "https://evil.example"), ("Host", "127.0.0.1:8000")])
            #expect(
                detail(evil)
                    == "CSRF Failed: Origin checking failed - https://evil.example does not match any trusted origins.")
            let same = try await client.send(
                .POST, "/api/projects", json: "{}",
                headers: [("Origin", "http://127.0.0.1:8000"), ("Host", "127.0.0.1:8000")])
            #expect(same.status == .created)
            let development = try await client.send(
                .POST, "/api/projects", json: "{}",
                headers: [("Origin", "http://localhost:5173"), ("Host", "127.0.0.1:8000")])
            #expect(development.status == .forbidden, "a development server's origin is not trusted by default")
        }
        var config = testConfig()
        config.security.trustsDevelopmentOrigins = true
        try await withTestApp(database: database, config: config) { app in
            let client = try await signedIn(app)
            let development = try await client.send(
                .POST, "/api/projects", json: "{}",
                headers: [("Origin", "http://localhost:5173"), ("Host", "127.0.0.1:8000")])
            #expect(development.status == .created, "ZANE_DEVELOPMENT_ORIGINS turns it on")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func csrfFailureWinsOverNotFoundAndSafeMethodsAreNotChecked(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await signedIn(app)
            client.sendsCSRFHeader = false
            #expect(try await client.send(.DELETE, "/api/projects/does-not-exist").status == .forbidden)
            #expect(try await client.send(.GET, "/api/projects/does-not-exist").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func anonymousRequestsAreNeverCSRFChecked(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            try await APIClient(app).signUp()
            let anonymous = APIClient(app)
            anonymous.cookies["sessionid"] = "notavalidsession0000000000000000"
            #expect(try await anonymous.login().status == .created)
            #expect(try await APIClient(app).send(.POST, "/api/projects", json: "{}").status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func csrfEndpointKeepsAValidCookieAndIssuesANewOneOtherwise(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            let first = try await client.send(.GET, "/api/csrf")
            #expect(first.status == .ok && first.object["details"] as? String == "CSRF cookie set")
            let token = try #require(client.csrfToken)
            #expect(token.count == 32)
            let header = try #require(first.setCookieHeader("csrftoken"))
            #expect(
                header.contains("Max-Age=31449600") && header.contains("SameSite=Lax") && !header.contains("HttpOnly"))
            #expect(
                try await client.send(.GET, "/api/csrf/").setCookieHeader("csrftoken")?.hasPrefix("csrftoken=\(token);")
                    == true)
            client.cookies["csrftoken"] = "tooshort"
            try await client.send(.GET, "/api/csrf")
            #expect(client.csrfToken != "tooshort" && client.csrfToken?.count == 32)
        }
    }
}
