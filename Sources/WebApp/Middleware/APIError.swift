/// Refusals that only the HTTP layer knows about.
enum APIError: Error, Equatable {
    case parse(String)
    case unsupportedMediaType(String)
    case methodNotAllowed(String, allowed: [String])
    case notFound
    case payloadTooLarge
    case notAcceptable
    /// A Bearer token that lets no one in: malformed, unknown, expired or revoked.
    case invalidToken
}
