import Foundation
import Vapor

/// A signed-in client with a project `shop`, and shortcuts to the service endpoints of its production environment.
public struct ServiceWorkbench: Sendable {
    public let client: APIClient
    public let base = "/api/projects/shop/production"

    public init(_ app: Application) async throws {
        client = try await APIClient.signedIn(app, project: "shop")
    }

    /// Creates a docker service and returns its JSON.
    @discardableResult
    public func createService(_ slug: String, image: String = "nginx:alpine") async throws -> [String: Any] {
        let created = try await client.send(
            .POST, "\(base)/create-service/docker", json: #"{"slug": "\#(slug)", "image": "\#(image)"}"#)
        guard created.status == .created else {
            throw TestSetupError("create-service answered \(created.status): \(created.body)")
        }
        return created.object
    }

    public func change(_ slug: String, _ json: String) async throws -> TestResponse {
        try await client.send(.PUT, "\(base)/request-service-changes/\(slug)", json: json)
    }

    public func importEnv(_ slug: String, _ text: String) async throws -> TestResponse {
        let body = try JSONSerialization.data(withJSONObject: ["new_value": text])
        return try await client.send(
            .PUT, "\(base)/request-env-changes/\(slug)", json: String(decoding: body, as: UTF8.self))
    }

    public func cancel(_ slug: String, change id: String) async throws -> TestResponse {
        try await client.send(.DELETE, "\(base)/cancel-service-changes/\(slug)/\(id)")
    }

    public func details(_ slug: String) async throws -> [String: Any] {
        try await client.send(.GET, "\(base)/service-details/\(slug)").object
    }

    /// The service's pending changes, oldest first.
    public func pending(_ slug: String) async throws -> [[String: Any]] {
        try await details(slug)["unapplied_changes"] as? [[String: Any]] ?? []
    }

    public func serviceID(_ slug: String) async throws -> String {
        guard let id = try await details(slug)["id"] as? String else { throw TestSetupError("no service \(slug)") }
        return id
    }
}
