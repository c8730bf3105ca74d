import Domain
import Vapor

/// Which API tokens a route takes, beside sessions. A `FULL` token may do what its user may, a `READ_ONLY`
/// token only read (`GET`), a `DEPLOY` token only what `includingDeploy` routes allow, on the services
/// it reaches (checked where the route finds its service).
enum TokenAccess: Sendable {
    /// Sessions only: the account itself and its tokens.
    case none
    /// `FULL` tokens, and `READ_ONLY` tokens on reads.
    case standard
    /// `FULL` tokens, `READ_ONLY` tokens on reads, and `DEPLOY` tokens.
    case includingDeploy

    func allows(_ scope: APITokenScope.Kind, method: HTTPMethod) -> Bool {
        switch (self, scope) {
        case (.none, _): false
        case (_, .full): true
        case (_, .readOnly): method == .GET || method == .HEAD
        case (.standard, .deploy): false
        case (.includingDeploy, .deploy): true
        }
    }

    /// Refuses a token caller this access does not let through.
    func check(_ context: AuthContext, _ request: Request) throws {
        guard let token = context.token, !allows(token.scope.kind, method: request.method) else { return }
        if self == .none {
            throw DomainError.permissionDenied("This request takes a signed-in session, not an API token.")
        }
        throw DomainError.permissionDenied(
            "This API token's scope (\(token.scope.kind.rawValue)) does not allow this request. Use a token with a wider scope."
        )
    }
}

/// Refuses anonymous callers with 401, and callers whose role is below `minimumRole` or whose token's scope
/// does not allow the route with 403.
struct RequireRoleMiddleware: Middleware {
    let minimumRole: Role
    var tokens = TokenAccess.standard

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let context = request.authContext else {
            return request.eventLoop.makeFailedFuture(DomainError.notAuthenticated)
        }
        guard let role = context.membership?.role, role >= minimumRole else {
            return request.eventLoop.makeFailedFuture(DomainError.permissionDenied(DomainError.defaultPermissionDenied))
        }
        do { try tokens.check(context, request) } catch { return request.eventLoop.makeFailedFuture(error) }
        return next.respond(to: request)
    }
}

/// Refuses anonymous callers with 401 (endpoints that need a caller but no workspace role), and token
/// callers `tokens` does not let through with 403.
struct RequireSessionMiddleware: Middleware {
    var tokens = TokenAccess.none

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let context = request.authContext else {
            return request.eventLoop.makeFailedFuture(DomainError.notAuthenticated)
        }
        do { try tokens.check(context, request) } catch { return request.eventLoop.makeFailedFuture(error) }
        return next.respond(to: request)
    }
}
