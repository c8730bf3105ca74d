import Foundation
import TestSupport
import Testing
import Vapor

@Suite("Projects", .tags(.db))
struct ProjectTests {
    func isTimestamp(_ value: Any?) -> Bool {
        (value as? String)?.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z/#) != nil
    }

    func signedIn(_ app: Application) async throws -> APIClient { try await APIClient.signedIn(app) }

    @Test(arguments: TestDatabase.enabled)
    func aTakenSlugBecomesTheNextFreeSuffix(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await signedIn(app)
            let first = try await client.send(.POST, "/api/projects", json: #"{"slug": "Sandbox"}"#)
            #expect(first.status == .created)
            #expect(first.object["slug"] as? String == "sandbox")
            let id = try #require(first.object["id"] as? String)
            #expect(id.hasPrefix("prj_") && id.count == 15)
            for key in ["created_at", "updated_at"] {
                #expect(isTimestamp(first.object[key]))
            }
            #expect(first.object["description"] is NSNull)
            for counter in ["healthy_services", "total_services", "total_stack_services", "healthy_stack_services"] {
                #expect(first.object[counter] as? Int == 0)
            }
            let environments = try #require(first.object["environments"] as? [[String: Any]])
            #expect(environments.count == 1 && environments[0]["name"] as? String == "production")
            #expect(
                environments[0]["is_preview"] as? Bool == false
                    && (environments[0]["id"] as? String)?.hasPrefix("project_env_") == true)

            #expect(
                try await client.send(.POST, "/api/projects/", json: #"{"slug": "sandbox"}"#).object["slug"] as? String
                    == "sandbox-2")
            #expect(
                try await client.send(.POST, "/api/projects", json: #"{"slug": "sandbox"}"#).object["slug"] as? String
                    == "sandbox-3")
            #expect(
                try await client.send(.POST, "/api/projects", json: #"{"slug": "sandbox-2"}"#).object["slug"] as? String
                    == "sandbox-2-2")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func racingCreatesNeverShareASlug(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await signedIn(app)
            let slugs = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await client.send(.POST, "/api/projects", json: #"{"slug": "race"}"#).object["slug"]
                            as? String
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(slugs.compactMap { $0 }.count == 12)
            #expect(Set(slugs.compactMap { $0 }).count == 12)
            #expect(Set(slugs.compactMap { $0 }) == Set(["race"] + (2...12).map { "race-\($0)" }))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func slugsAreGeneratedValidatedAndDescriptionsCoerced(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await signedIn(app)
            let generated = try await client.send(.POST, "/api/projects", body: nil)
            #expect(generated.status == .created)
            let slug = try #require(generated.object["slug"] as? String)
            #expect(!slug.isEmpty && slug.count <= 20 && slug == slug.lowercased())

            for bad in [#"a'; DROP TABLE projects;--"#, "héllo", "a b", "../etc"] {
                let response = try await client.send(.POST, "/api/projects", json: #"{"slug": "\#(bad)"}"#)
                #expect(response.status == .badRequest && response.errorAttrs == ["slug"], "\(bad)")
                #expect(
                    response.firstError["detail"] as? String
                        == #"Enter a valid "slug" consisting of letters, numbers, underscores or hyphens."#)
            }
            let long = try await client.send(
                .POST, "/api/projects", json: #"{"slug": "\#(String(repeating: "a", count: 256))"}"#)
            #expect(long.errorCodes == ["max_length"])
            let blank = try await client.send(.POST, "/api/projects", json: #"{"slug": "ok", "description": "  "}"#)
            #expect(blank.errorCodes == ["blank"] && blank.errorAttrs == ["description"])
            let null = try await client.send(.POST, "/api/projects", json: #"{"slug": "ok", "description": null}"#)
            #expect(null.errorCodes == ["null"])
            let number = try await client.send(.POST, "/api/projects", json: #"{"slug": 42, "description": 3.5}"#)
            #expect(number.object["slug"] as? String == "42" && number.object["description"] as? String == "3.5")
            #expect(try await client.send(.GET, "/api/projects").array.count == 2, "the projects table survived")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func listsFilterAndSort(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await signedIn(app)
            for slug in ["beta", "alpha", "gamma_ray", "gammaxray"] {
                #expect(
                    try await client.send(.POST, "/api/projects", json: #"{"slug": "\#(slug)"}"#).status == .created)
            }
            func slugs(_ query: String) async throws -> [String] {
                try await client.send(.GET, "/api/projects\(query)").array.compactMap { $0["slug"] as? String }
            }
            #expect(try await slugs("") == ["gammaxray", "gamma_ray", "alpha", "beta"])
            #expect(try await slugs("?sort_by=slug") == ["alpha", "beta", "gamma_ray", "gammaxray"])
            #expect(try await slugs("/?sort_by=-slug") == ["gammaxray", "gamma_ray", "beta", "alpha"])
            #expect(try await slugs("?sort_by=updated_at") == ["beta", "alpha", "gamma_ray", "gammaxray"])
            #expect(try await slugs("?slug=AMMA&sort_by=slug") == ["gamma_ray", "gammaxray"])
            #expect(try await slugs("?slug=a_r") == ["gamma_ray"], "`_` is not a wildcard")
            #expect(try await slugs("?slug=%25") == [])
            let invalid = try await client.send(.GET, "/api/projects?sort_by=slug,name")
            #expect(
                invalid.status == .badRequest && invalid.errorAttrs == ["sort_by"]
                    && invalid.errorCodes == ["invalid_choice"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func projectsAreReadUpdatedAndArchived(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await signedIn(app)
            try await client.send(.POST, "/api/projects", json: #"{"slug": "shop", "description": "Online shop"}"#)
            try await client.send(.POST, "/api/projects", json: #"{"slug": "blog"}"#)
            let details = try await client.send(.GET, "/api/projects/SHOP")
            #expect(details.status == .ok && details.object["description"] as? String == "Online shop")
            let missing = try await client.send(.GET, "/api/projects/nope")
            #expect(
                missing.status == .notFound
                    && missing.firstError["detail"] as? String == "A project with the slug `nope` does not exist")

            let empty = try await client.send(.PUT, "/api/projects/shop", json: "{}")
            #expect(
                empty.errorAttrs == ["non_field_errors"]
                    && empty.firstError["detail"] as? String == "one of `slug` or `description` should be provided")
            let conflict = try await client.send(.PUT, "/api/projects/shop", json: #"{"slug": "blog"}"#)
            #expect(conflict.status == .conflict && conflict.firstError["code"] as? String == "resource_conflict")
            #expect(try await client.send(.PUT, "/api/projects/shop", json: #"{"slug": "shop"}"#).status == .ok)
            let renamed = try await client.send(
                .PUT, "/api/projects/shop/", json: #"{"slug": "Store", "description": ""}"#)
            #expect(renamed.object["slug"] as? String == "store" && renamed.object["description"] as? String == "")
            #expect(renamed.object["updated_at"] as? String != details.object["updated_at"] as? String)
            #expect(try await client.send(.GET, "/api/projects/shop").status == .notFound)

            let deleted = try await client.send(.DELETE, "/api/projects/store")
            #expect(deleted.status == .noContent && deleted.body.isEmpty)
            #expect(try await client.send(.DELETE, "/api/projects/store").status == .notFound)
            #expect(try await client.send(.GET, "/api/projects").array.map { $0["slug"] as? String } == ["blog"])
            let archived = try await app.sql.raw("SELECT slug, environment_names FROM archived_projects").all(
                decoding: ArchivedRow.self)
            #expect(archived.map(\.slug) == ["store"] && archived.first?.environment_names == "production")
            #expect(
                try await app.sql.raw("SELECT id FROM environments").all().count == 1,
                "the archived project's environments are gone")
            #expect(
                try await client.send(.POST, "/api/projects", json: #"{"slug": "store"}"#).object["slug"] as? String
                    == "store")
        }
    }
}

struct ArchivedRow: Decodable {
    var slug: String
    var environment_names: String
}
