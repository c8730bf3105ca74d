/// Every refusal the domain can express. The web layer maps each case to a status and error code in one place.
public enum DomainError: Error, Equatable, Sendable {
    /// Request validation failed; one entry per message (status 400, `validation_error`).
    case validation([FieldError])
    case notFound(String)
    case conflict(String)
    case permissionDenied(String)
    /// Wrong username or password at login.
    case authenticationFailed
    case notAuthenticated
    case badRequest(String)
    /// Too many requests; the client may retry after this many seconds.
    case throttled(retryAfterSeconds: Int)

    public static let defaultPermissionDenied = "You do not have permission to perform this action."

    public static func invalid(_ attr: String?, _ detail: String, code: String = "invalid") -> DomainError {
        .validation([FieldError(code: code, detail: detail, attr: attr)])
    }
}
