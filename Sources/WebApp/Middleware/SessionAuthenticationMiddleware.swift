import Domain
import Vapor

/// Resolves the `sessionid` cookie to the caller and, for unsafe methods on an authenticated session,
/// runs the CSRF check before anything else (so a CSRF failure wins over 404 and 400).
struct SessionAuthenticationMiddleware: AsyncMiddleware {
    let auth: AuthService
    let csrf: CSRFCheck

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let key = request.cookies[CookieWriter.sessionCookie]?.string, Self.isWellFormed(key),
            let context = try await auth.authenticate(key: key)
        {
            if !CSRFCheck.safeMethods.contains(request.method) { try csrf.verify(request) }
            request.authContext = context
        }
        return try await next.respond(to: request)
    }

    /// Keys are 32 `[a-z0-9]` characters; anything else is not worth a lookup.
    static func isWellFormed(_ key: String) -> Bool {
        key.utf8.count == 32 && key.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
    }
}

/// Refuses anonymous callers with 401, and callers whose role is below `minimumRole` with 403.
struct RequireRoleMiddleware: AsyncMiddleware {
    let minimumRole: Role

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let context = request.authContext else { throw DomainError.notAuthenticated }
        guard let role = context.membership?.role, role >= minimumRole else {
            throw DomainError.permissionDenied(DomainError.defaultPermissionDenied)
        }
        return try await next.respond(to: request)
    }
}

/// Refuses anonymous callers with 401 (endpoints that need a session but no workspace role).
struct RequireSessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        _ = try request.requireAuth()
        return try await next.respond(to: request)
    }
}

/// Counts anonymous requests per client address against a limit (DRF's `anon` scope and its kin).
struct AnonymousThrottleMiddleware: AsyncMiddleware {
    let scope: String
    let limit: RateLimit
    let limiter: RateLimiter
    /// When true, authenticated callers are counted too (per user).
    var countsUsers = false

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let context = request.authContext {
            if countsUsers { try limiter.hit("\(scope)|user:\(context.user.id)", limit: limit) }
        } else {
            try limiter.hit("\(scope)|\(request.clientAddress)", limit: limit)
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct AuthContextKey: StorageKey {
        typealias Value = AuthContext
    }

    /// The authenticated caller, set by `SessionAuthenticationMiddleware`.
    var authContext: AuthContext? {
        get { storage[AuthContextKey.self] }
        set { storage[AuthContextKey.self] = newValue }
    }

    /// The authenticated caller; protected routes only.
    func requireAuth() throws -> AuthContext {
        guard let context = authContext else { throw DomainError.notAuthenticated }
        return context
    }

    /// The workspace the caller acts in.
    func workspaceID() throws -> String {
        guard let id = try requireAuth().membership?.workspace.id else {
            throw DomainError.permissionDenied(DomainError.defaultPermissionDenied)
        }
        return id
    }
}
