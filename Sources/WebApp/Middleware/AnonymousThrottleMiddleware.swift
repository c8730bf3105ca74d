import Vapor

/// Counts anonymous requests per client address against a limit (DRF's `anon` scope and its kin).
struct AnonymousThrottleMiddleware: Middleware {
    let scope: String
    let limit: RateLimit
    let limiter: RateLimiter
    /// When true, authenticated callers are counted too (per user).
    var countsUsers = false
    /// When true, a trusted proxy itself is not counted (its certificate asks must not wait behind bogus ones).
    var exemptsTrustedProxies = false

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if exemptsTrustedProxies, request.comesFromTrustedProxy { return next.respond(to: request) }
        do {
            if let context = request.authContext {
                if countsUsers { try limiter.hit("\(scope)|user:\(context.user.id)", limit: limit) }
            } else {
                try limiter.hit("\(scope)|\(request.clientAddress)", limit: limit)
            }
        } catch {
            return request.eventLoop.makeFailedFuture(error)
        }
        return next.respond(to: request)
    }
}
