import Domain
import Vapor

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
