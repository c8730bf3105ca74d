import Domain
import Vapor

// These middlewares are EventLoopFuture-based on purpose: every `AsyncMiddleware` starts a Task per
// request, and on the hot path (`/api/auth/me` from the cache) none of them needs to suspend.

/// Resolves the caller: an API request with `Authorization: Bearer zane_…` by its token (no CSRF check: no
/// cookie is involved; a token that lets no one in is a 401 at once), any other by its `sessionid` cookie.
/// For unsafe methods on an authenticated session the CSRF check runs before anything else (so a CSRF
/// failure wins over 404 and 400).
struct AuthenticationMiddleware: Middleware {
    let auth: AuthService
    let tokens: APITokens
    let csrf: CSRFCheck

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if let secret = Self.bearerToken(request) {
            if let context = tokens.cachedContext(secret: secret) {
                request.authContext = context
                return next.respond(to: request)
            }
            let tokens = self.tokens
            return request.eventLoop.makeFutureWithTask { try await tokens.authenticate(secret: secret) }
                .flatMap { context in
                    guard let context else { return request.eventLoop.makeFailedFuture(APIError.invalidToken) }
                    request.authContext = context
                    return next.respond(to: request)
                }
        }
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

    /// The credentials of an API request's `Authorization: Bearer …` header (the scheme in any case); nil
    /// for dashboard pages, which take sessions only, and for requests without one.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers.first(name: .authorization), APIErrorMiddleware.isAPI(request.url.path)
        else { return nil }
        let scheme = header.prefix { $0 != " " }
        guard scheme.lowercased() == "bearer" else { return nil }
        return header.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces)
    }

    /// Keys are 32 `[a-z0-9]` characters; anything else is not worth a lookup.
    static func isWellFormed(_ key: String) -> Bool {
        key.utf8.count == 32 && key.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
    }
}
