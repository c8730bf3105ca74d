import Domain
import Vapor

extension Request {
    private struct AuthContextKey: StorageKey {
        typealias Value = AuthContext
    }

    /// The authenticated caller, set by `AuthenticationMiddleware`.
    var authContext: AuthContext? {
        get { storage[AuthContextKey.self] }
        set { storage[AuthContextKey.self] = newValue }
    }

    /// The authenticated caller; protected routes only.
    func requireAuth() throws -> AuthContext {
        guard let context = authContext else { throw DomainError.notAuthenticated }
        return context
    }

    /// The caller's session; routes that take no API token only.
    func requireSession() throws -> Domain.Session {
        guard let session = try requireAuth().session else {
            throw DomainError.permissionDenied("This request takes a signed-in session, not an API token.")
        }
        return session
    }

    /// Whether the caller is a `DEPLOY` token, which may not read a service's configuration.
    var isDeployToken: Bool { authContext?.token?.scope.kind == .deploy }

    /// Refuses a `DEPLOY` token that does not reach this service (other callers pass).
    func checkTokenReaches(projectID: String, serviceID: String, path: String) throws {
        guard let scope = authContext?.token?.scope, scope.kind == .deploy,
            !scope.canDeploy(projectID: projectID, serviceID: serviceID)
        else { return }
        throw DomainError.permissionDenied("This API token may not deploy `\(path)`: it names other services.")
    }

    /// The workspace the caller acts in.
    func workspaceID() throws -> String {
        guard let id = try requireAuth().membership?.workspace.id else {
            throw DomainError.permissionDenied(DomainError.defaultPermissionDenied)
        }
        return id
    }
}
