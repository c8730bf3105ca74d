import Foundation
import Vapor

/// `GET /api/schema`: Zane's own OpenAPI document, read once from the bundle.
struct SchemaController {
    static let document: Data? = Bundle.module.url(forResource: "openapi", withExtension: "json")
        .flatMap { try? Data(contentsOf: $0) }

    func schema(_ request: Request) throws -> Response {
        guard let document = Self.document else {
            throw Abort(.internalServerError, reason: "the OpenAPI document is missing")
        }
        return Response(
            status: .ok, headers: ["Content-Type": "application/vnd.oai.openapi+json"], body: .init(data: document))
    }
}
