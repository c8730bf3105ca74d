import Foundation
import TestSupport
import Testing
import Vapor

@Suite("Authentication", .tags(.db))
struct AuthTests {
    @Test(arguments: TestDatabase.enabled)
    func theFirstUserIsCreatedOnceAndLoggedIn(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            #expect(try await client.send(.GET, "/api/auth/check-user-existence").object["exists"] as? Bool == false)
            let created = try await client.signUp()
            #expect(created.status == .created)
            #expect(created.object["detail"] as? String == "User created and logged in successfully.")
            #expect(client.cookies["sessionid"] != nil && client.csrfToken != nil)
            #expect(try await client.send(.GET, "/api/auth/me").status == .ok)
            #expect(try await client.send(.GET, "/api/auth/check-user-existence").object["exists"] as? Bool == true)

            let second = try await APIClient(app).signUp(username: "eve", password: "Other-pass-99")
            #expect(second.status == .forbidden)
            #expect(second.firstError["code"] as? String == "permission_denied")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func racingFirstUserRequestsCreateExactlyOneUser(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        try await APIClient(app).signUp(username: "user\(index)", password: "Racing-pass-\(index)")
                            .status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .forbidden }.count == 5)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func initialUserValidationReportsEveryField(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            let missing = try await client.send(.POST, "/api/auth/create-initial-user", json: "{}")
            #expect(missing.status == .badRequest && missing.errorType == "validation_error")
            #expect(missing.errorAttrs == ["username", "password"] && missing.errorCodes == ["required", "required"])

            let short = try await client.send(
                .POST, "/api/auth/create-initial-user", json: #"{"username": "bad name", "password": "short"}"#)
            #expect(short.errorAttrs == ["username", "password"])
            #expect(short.errorCodes == ["invalid", "min_length"])

            let common = try await client.signUp(password: "password123")
            #expect(common.errorCodes == ["password_too_common"])
            let numeric = try await client.signUp(password: "83920174650")
            #expect(numeric.errorCodes == ["password_entirely_numeric"])
            let oneKind = try await client.signUp(password: "zkqvbnwtyx")
            #expect(oneKind.errorCodes == ["invalid"] && oneKind.errorAttrs == ["password"])
            #expect(try await client.send(.GET, "/api/auth/check-user-existence").object["exists"] as? Bool == false)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func loginSetsDjangoCookiesAndRotatesKeys(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let first = APIClient(app)
            try await first.signUp()
            let oldSession = try #require(first.cookies["sessionid"])
            let oldCSRF = try #require(first.csrfToken)

            let response = try await first.login()
            #expect(response.status == .created && response.body == #"{"success":true}"#)
            let session = try #require(response.setCookieHeader("sessionid"))
            for attribute in ["HttpOnly", "Max-Age=1209600", "Path=/", "SameSite=Lax", "expires="] {
                #expect(session.contains(attribute), "\(attribute) missing in \(session)")
            }
            #expect(!session.contains("Secure") && !session.contains("Domain"))
            let csrf = try #require(response.setCookieHeader("csrftoken"))
            #expect(
                csrf.contains("Max-Age=31449600") && csrf.contains("Path=/") && csrf.contains("SameSite=Lax")
                    && !csrf.contains("HttpOnly"))

            let newSession = try #require(first.cookies["sessionid"])
            #expect(newSession != oldSession && first.csrfToken != oldCSRF)
            #expect(newSession.count == 32 && newSession.allSatisfy { $0.isLowercase || $0.isNumber })
            let stale = APIClient(app)
            stale.cookies["sessionid"] = oldSession
            #expect(try await stale.send(.GET, "/api/auth/me").status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func wrongCredentialsAndBadBodiesAreRefused(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            try await APIClient(app).signUp()
            let client = APIClient(app)
            for (username, password) in [("fred", "Wrong-pass-1"), ("nobody", "Sandbox-pass-1")] {
                let response = try await client.login(username: username, password: password)
                #expect(response.status == .unauthorized)
                #expect(response.firstError["code"] as? String == "authentication_failed")
                #expect(response.firstError["detail"] as? String == "Invalid username or password")
            }
            let blank = try await client.send(.POST, "/api/auth/login", json: #"{"username": " ", "password": null}"#)
            #expect(blank.errorCodes == ["blank", "null"] && blank.errorAttrs == ["username", "password"])
            let trimmed = try await client.login(username: "  fred ", password: " Sandbox-pass-1  ")
            #expect(trimmed.status == .created)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func loginAcceptsFormBodiesAndRedirects(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            try await APIClient(app).signUp()
            let client = APIClient(app)
            let form = try await client.send(
                .POST, "/api/auth/login?redirect_to=https://app.example.com/projects",
                body: "username=fred&password=Sandbox-pass-1",
                contentType: "application/x-www-form-urlencoded")
            #expect(form.status == .found)
            #expect(form.headers.first(name: .location) == "https://app.example.com/projects")
            #expect(form.body.isEmpty && client.cookies["sessionid"] != nil)

            let bad = try await APIClient(app).send(
                .POST, "/api/auth/login?redirect_to=javascript:alert(1)",
                json: #"{"username":"fred","password":"Sandbox-pass-1"}"#)
            #expect(bad.status == .badRequest && bad.errorAttrs == ["redirect_to"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func meDescribesTheUserAndTheirMembership(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            #expect(try await client.send(.GET, "/api/auth/me").firstError["code"] as? String == "not_authenticated")
            try await client.send(
                .POST, "/api/auth/create-initial-user",
                json: #"{"username": "fred", "password": "Sandbox-pass-1", "workspace_name": "Acme"}"#)
            let me = try await client.send(.GET, "/api/auth/me/")
            #expect(me.status == .ok)
            let user = try #require(me.object["user"] as? [String: Any])
            #expect(
                user["username"] as? String == "fred" && user["first_name"] as? String == ""
                    && user["is_superuser"] as? Bool == true)
            let membership = try #require(me.object["membership"] as? [String: Any])
            #expect(
                membership["role"] as? Int == 50 && membership["role_name"] as? String == "Owner"
                    && membership["id"] is Int)
            let workspace = try #require(membership["workspace"] as? [String: Any])
            #expect(workspace["name"] as? String == "Acme" && (workspace["id"] as? String)?.hasPrefix("wrk_") == true)
            #expect(me.headers[.setCookie].isEmpty, "a fresh session is not extended")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func meExtendsASessionThatIsAboutToExpire(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.security.sessionCacheSeconds = 0
        try await withTestApp(database: database, config: config) { app in
            let client = APIClient(app)
            try await client.signUp()
            let key = try #require(
                try await app.sql.raw("SELECT id FROM sessions").first(decoding: IDRow.self)?.id,
                "the only session's stored digest")
            let soon = (Date().timeIntervalSince1970 + 86_400) * 1_000_000
            try await app.sql.raw("UPDATE sessions SET expires_at = \(bind: Int64(soon)) WHERE id = \(bind: key)").run()
            let me = try await client.send(.GET, "/api/auth/me")
            #expect(me.status == .ok)
            #expect(me.setCookieHeader("sessionid")?.contains("Max-Age=604800") == true)
            let stored = try await app.sql.raw("SELECT expires_at FROM sessions WHERE id = \(bind: key)").first(
                decoding: ExpiryRow.self)
            let remaining = Double(try #require(stored).expires_at) / 1_000_000 - Date().timeIntervalSince1970
            #expect(abs(remaining - 7 * 86_400) < 60)

            let expired = (Date().timeIntervalSince1970 - 10) * 1_000_000
            try await app.sql.raw("UPDATE sessions SET expires_at = \(bind: Int64(expired)) WHERE id = \(bind: key)")
                .run()
            #expect(try await client.send(.GET, "/api/auth/me").status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func logoutEndsTheSessionOnTheServer(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            try await client.signUp()
            let key = try #require(client.cookies["sessionid"])
            let response = try await client.send(.DELETE, "/api/auth/logout")
            #expect(response.status == .noContent && response.body.isEmpty)
            #expect(
                response.setCookieHeader("sessionid")
                    == #"sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"#)
            let replay = APIClient(app)
            replay.cookies["sessionid"] = key
            #expect(try await replay.send(.GET, "/api/auth/me").status == .unauthorized)
            #expect(try await app.sql.raw("SELECT id FROM sessions WHERE id = \(bind: key)").all().isEmpty)
            #expect(try await APIClient(app).send(.DELETE, "/api/auth/logout").status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func passwordsAreStoredAsBcryptHashes(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.security.passwordHashCost = 12
        try await withTestApp(database: database, config: config) { app in
            try await APIClient(app).signUp()
            let row = try await app.sql.raw("SELECT password_hash FROM users").first(decoding: HashRow.self)
            let hash = try #require(row?.password_hash)
            #expect(hash.hasPrefix("$2b$12$") && !hash.contains("Sandbox-pass-1"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func expiredSessionsArePurged(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            try await client.signUp()
            let old = (Date().timeIntervalSince1970 - 100) * 1_000_000
            try await app.sql.raw(
                """
                INSERT INTO sessions (id, user_id, workspace_id, auth_hash, expires_at)
                SELECT 'expiredsession00000000000000000x', user_id, workspace_id, auth_hash, \(bind: Int64(old)) FROM sessions
                """
            ).run()
            #expect(try await app.sql.raw("SELECT id FROM sessions").all().count == 2)
            try await app.purgeExpiredSessions()
            let left = try await app.sql.raw("SELECT id FROM sessions").all(decoding: IDRow.self).map(\.id)
            #expect(left.count == 1 && left != ["expiredsession00000000000000000x"])
            #expect(try await client.send(.GET, "/api/auth/me").status == .ok, "the live session survived")
        }
    }
}

struct ExpiryRow: Decodable { var expires_at: Int64 }
struct HashRow: Decodable { var password_hash: String }
struct IDRow: Decodable { var id: String }
