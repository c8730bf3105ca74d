import Domain
import Vapor

// These middlewares are EventLoopFuture-based on purpose: every `AsyncMiddleware` starts a Task per
// request, and on the hot path (`/api/auth/me` from the cache) none of them needs to suspend.

/// Resolves the `sessionid` cookie to the caller and, for unsafe methods on an authenticated session,
/// runs the CSRF check before anything else (so a CSRF failure wins over 404 and 400).
struct SessionAuthenticationMiddleware: Middleware {
    let auth: AuthService
    let csrf: CSRFCheck

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let key = request.cookies[CookieWriter.sessionCookie]?.string, Self.isWellFormed(key) else {
            return next.respond(to: request)
        }
        if let context = auth.cachedContext(key: key) {
            return proceed(request, as: context, next)
        }
        let auth = self.auth
        return request.eventLoop.makeFutureWithTask { try await auth.authenticate(key: key) }
            .flatMap { context in proceed(request, as: context, next) }
    }

    func proceed(_ request: Request, as context: AuthContext?, _ next: any Responder) -> EventLoopFuture<Response> {
        if let context {
            if !CSRFCheck.safeMethods.contains(request.method) {
                do { try csrf.verify(request) } catch { return request.eventLoop.makeFailedFuture(error) }
            }
            request.authContext = context
        }
        return next.respond(to: request)
    }

    /// Keys are 32 `[a-z0-9]` characters; anything else is not worth a lookup.
    static func isWellFormed(_ key: String) -> Bool {
        key.utf8.count == 32 && key.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
    }
}

/// Refuses anonymous callers with 401, and callers whose role is below `minimumRole` with 403.
struct RequireRoleMiddleware: Middleware {
    let minimumRole: Role

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let context = request.authContext else {
            return request.eventLoop.makeFailedFuture(DomainError.notAuthenticated)
        }
        guard let role = context.membership?.role, role >= minimumRole else {
            return request.eventLoop.makeFailedFuture(DomainError.permissionDenied(DomainError.defaultPermissionDenied))
        }
        return next.respond(to: request)
    }
}

/// Refuses anonymous callers with 401 (endpoints that need a session but no workspace role).
struct RequireSessionMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.authContext != nil else {
            return request.eventLoop.makeFailedFuture(DomainError.notAuthenticated)
        }
        return next.respond(to: request)
    }
}

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
