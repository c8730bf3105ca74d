import Vapor

/// Refuses an API request whose `Accept` header admits none of the types the API answers with: 406
/// `not_acceptable`, before authentication, as DRF does. A missing header, `*/*`, `application/*` and any
/// list naming `application/json` are fine; the log streams also take `text/event-stream`, the OpenAPI
/// document its own JSON type. (An `EventLoopFuture` middleware: an async one costs a Task per request.)
struct AcceptNegotiationMiddleware: Middleware {
    static let jsonRanges: Set<String> = ["*/*", "application/*", "application/json"]
    static let streamRanges: Set<String> = ["text/*", "text/event-stream"]
    static let schemaRanges: Set<String> = ["application/vnd.oai.openapi+json"]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let path = request.url.path
        guard path.hasPrefix("/api/") || path == "/api" else { return next.respond(to: request) }
        let headers = request.headers[.accept].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if headers.isEmpty { return next.respond(to: request) }
        var acceptable = Self.jsonRanges
        if ["/runtime-logs/stream", "/build-logs/stream"].contains(where: {
            path.hasSuffix($0) || path.hasSuffix($0 + "/")
        }) {
            acceptable.formUnion(Self.streamRanges)
        }
        if path == "/api/schema" || path == "/api/schema/" { acceptable.formUnion(Self.schemaRanges) }
        guard !Self.mediaRanges(headers).isDisjoint(with: acceptable) else {
            return request.eventLoop.makeFailedFuture(APIError.notAcceptable)
        }
        return next.respond(to: request)
    }

    /// The media ranges of every `Accept` header, lowercased, without parameters; ranges with `q=0` are left out.
    static func mediaRanges(_ headers: [String]) -> Set<String> {
        var ranges: Set<String> = []
        for header in headers {
            for entry in header.split(separator: ",") {
                let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let range = parts.first, !range.isEmpty else { continue }
                let refused = parts.dropFirst().contains { parameter in
                    guard parameter.hasPrefix("q=") else { return false }
                    return (Double(parameter.dropFirst(2)) ?? 1) <= 0
                }
                if !refused { ranges.insert(range) }
            }
        }
        return ranges
    }
}
