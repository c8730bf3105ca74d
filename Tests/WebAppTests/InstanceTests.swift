import Foundation
import TestSupport
import Testing
import Vapor

@Suite("Instance reads", .tags(.db))
struct InstanceTests {
    @Test(arguments: TestDatabase.enabled)
    func settingsAndResourceLimitsDescribeTheInstance(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            #expect(try await client.send(.GET, "/api/settings").status == .unauthorized)
            try await client.signUp()
            let settings = try await client.send(.GET, "/api/settings").object
            #expect(
                settings["root_domain"] as? String == "127-0-0-1.sslip.io"
                    && settings["app_domain"] as? String == "127-0-0-1.sslip.io")
            #expect(settings["image_version"] as? String == "0.1.0" && settings["commit_sha"] is NSNull)
            let limits = try await client.send(.GET, "/api/server/resource-limits/").object
            #expect(limits["no_of_cpus"] as? Int == ProcessInfo.processInfo.processorCount)
            #expect((limits["max_memory_in_bytes"] as? Int ?? 0) > 0)
            #expect(try await client.send(.GET, "/api/recent-deployments").body == "[]")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func searchFindsServicesProjectsAndEnvironmentsByPrefix(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            try await client.signUp()
            for slug in ["api", "apricot", "blog"] {
                try await client.send(.POST, "/api/projects", json: #"{"slug": "\#(slug)"}"#)
            }
            try await client.send(.POST, "/api/projects/api/create-environment", json: #"{"name": "apollo"}"#)
            try await client.send(
                .POST, "/api/projects/api/apollo/create-service/docker", json: #"{"slug": "apx", "image": "nginx"}"#)
            try await client.send(
                .POST, "/api/projects/api/production/create-service/docker", json: #"{"slug": "apz", "image": "nginx"}"#
            )
            try await client.send(
                .POST, "/api/projects/blog/production/create-service/docker",
                json: #"{"slug": "web", "image": "nginx"}"#)

            let hits = try await client.send(.GET, "/api/search-resources?query=%20AP%20").array
            let summary = hits.map { "\($0["type"] as? String ?? ""):\(($0["slug"] ?? $0["name"]) as? String ?? "")" }
            #expect(summary == ["service:apz", "service:apx", "project:api", "project:apricot", "environment:apollo"])
            let service = try #require(hits.first)
            #expect(service["project_slug"] as? String == "api" && service["environment"] as? String == "production")
            #expect(service["kind"] as? String == "DOCKER_REGISTRY" && service["git_provider"] is NSNull)
            #expect(hits.last?["project_slug"] as? String == "api")
            #expect(
                try await client.send(.GET, "/api/search-resources").array.count == 3 + 3 + 1,
                "an empty query matches everything")
            #expect(try await client.send(.GET, "/api/search-resources?query=%25").array.isEmpty, "% is not a wildcard")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func availableVolumesNeedAnExistingService(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            try await client.signUp()
            try await client.send(.POST, "/api/projects", json: #"{"slug": "shop"}"#)
            try await client.send(
                .POST, "/api/projects/shop/production/create-service/docker",
                json: #"{"slug": "web", "image": "nginx"}"#)
            #expect(try await client.send(.GET, "/api/projects/shop/production/web/available-volumes").body == "[]")
            #expect(
                try await client.send(.GET, "/api/projects/shop/production/nope/available-volumes").status == .notFound)
        }
    }
}
