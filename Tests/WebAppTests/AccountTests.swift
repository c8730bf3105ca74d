import Domain
import TestSupport
import Testing
import Vapor

@Suite("Password and profile", .tags(.db))
struct AccountTests {
    @Test(arguments: TestDatabase.enabled)
    func changingThePasswordKeepsThisSessionAndEndsTheOthers(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let current = APIClient(app)
            try await current.signUp()
            let other = APIClient(app)
            try await other.login()
            #expect(try await other.send(.GET, "/api/auth/me").status == .ok)

            let body =
                #"{"current_password": "Sandbox-pass-1", "new_password": "Brand-new-pass-7", "confirm_password": "Brand-new-pass-7"}"#
            let changed = try await current.send(.POST, "/api/auth/change-password", json: body)
            #expect(changed.status == .ok && changed.object["success"] as? Bool == true)
            #expect(try await current.send(.GET, "/api/auth/me").status == .ok)
            #expect(try await other.send(.GET, "/api/auth/me").status == .unauthorized)
            #expect(try await APIClient(app).login(password: "Sandbox-pass-1").status == .unauthorized)
            #expect(try await APIClient(app).login(password: "Brand-new-pass-7").status == .created)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func passwordChangesAreValidated(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            try await client.signUp(username: "frederick", password: "Sandbox-pass-1")
            let empty = try await client.send(.POST, "/api/auth/change-password", json: "{}")
            #expect(empty.errorAttrs == ["current_password", "new_password", "confirm_password"])
            let mismatch = try await client.send(
                .POST, "/api/auth/change-password",
                json:
                    #"{"current_password": "Sandbox-pass-1", "new_password": "Brand-new-pass-7", "confirm_password": "Brand-new-pass-8"}"#
            )
            #expect(
                mismatch.errorAttrs == ["confirm_password"]
                    && mismatch.firstError["detail"] as? String == "Your passwords do not match.")
            let wrong = try await client.send(
                .POST, "/api/auth/change-password",
                json:
                    #"{"current_password": "Not-my-pass-1", "new_password": "Brand-new-pass-7", "confirm_password": "Brand-new-pass-7"}"#
            )
            #expect(
                wrong.errorAttrs == ["current_password"]
                    && wrong.firstError["detail"] as? String == "Current password is incorrect.")
            let similar = try await client.send(
                .POST, "/api/auth/change-password",
                json:
                    #"{"current_password": "Sandbox-pass-1", "new_password": "Frederick-1", "confirm_password": "Frederick-1"}"#
            )
            #expect(similar.errorCodes == ["password_too_similar"] && similar.errorAttrs == ["new_password"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theProfileIsUpdatedPartially(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            try await client.signUp()
            try await app.createSuperuser(username: "taken", password: "Second-pass-2")
            let named = try await client.send(
                .PATCH, "/api/auth/update-profile", json: #"{"first_name": " Fred ", "last_name": "Smith"}"#)
            #expect(named.status == .ok)
            #expect(named.object["username"] as? String == "fred" && named.object["first_name"] as? String == "Fred")
            let me = try await client.send(.GET, "/api/auth/me").object["user"] as? [String: Any]
            #expect(me?["last_name"] as? String == "Smith")

            let conflict = try await client.send(.PATCH, "/api/auth/update-profile", json: #"{"username": "taken"}"#)
            #expect(conflict.status == .conflict && conflict.firstError["code"] as? String == "resource_conflict")
            #expect(
                try await client.send(.PATCH, "/api/auth/update-profile", json: #"{"username": "fred"}"#).status == .ok)
            let invalid = try await client.send(.PATCH, "/api/auth/update-profile", json: #"{"username": "no spaces"}"#)
            #expect(invalid.errorAttrs == ["username"])
            let put = try await client.send(.PUT, "/api/auth/update-profile", json: "{}")
            #expect(put.status == .methodNotAllowed && put.headers.first(name: "Allow") == "PATCH")
            let cleared = try await client.send(.PATCH, "/api/auth/update-profile", json: #"{"first_name": ""}"#)
            #expect(cleared.object["first_name"] as? String == "")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func superusersFromTheCommandLineFollowTheSameRules(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            await #expect(
                throws: DomainError.validation([
                    .invalid(
                        "username",
                        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
                    ),
                    .init(code: "min_length", detail: "Ensure this field has at least 8 characters.", attr: "password"),
                ])
            ) { try await app.createSuperuser(username: "bad name", password: "short") }
            await #expect(throws: DomainError.self) {
                try await app.createSuperuser(username: "ops", password: "password123")
            }
            try await app.createSuperuser(username: "ops", password: "Ops-pass-2024")
            await #expect(throws: DomainError.conflict("A user with the username already exists.")) {
                try await app.createSuperuser(username: "ops", password: "Ops-pass-2025")
            }
            #expect(try await APIClient(app).login(username: "ops", password: "Ops-pass-2024").status == .created)
        }
    }
}
