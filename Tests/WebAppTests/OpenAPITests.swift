import Foundation
import TestSupport
import Testing
import Vapor

@Suite("OpenAPI document", .tags(.db))
struct OpenAPITests {
    @Test func theDocumentDescribesExactlyTheRegisteredRoutes() async throws {
        try await withTestApp(database: .sqlite) { app in
            let response = try await APIClient(app).send(.GET, "/api/schema")
            #expect(response.status == .ok)
            let paths = try #require(response.object["paths"] as? [String: [String: Any]])
            var registered = Set<String>()
            // The document describes the API; the dashboard's pages are outside `/api`.
            for route in app.routes.all where route.path.first?.description == "api" {
                let template =
                    "/"
                    + route.path.map { component in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }.joined(separator: "/")
                registered.insert("\(route.method.rawValue.lowercased()) \(template)")
            }
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method) \(path)")
                }
            }
            #expect(
                registered.subtracting(documented).isEmpty,
                "undocumented: \(registered.subtracting(documented).sorted())")
            #expect(
                documented.subtracting(registered).isEmpty,
                "documented but not served: \(documented.subtracting(registered).sorted())")
        }
    }
}
