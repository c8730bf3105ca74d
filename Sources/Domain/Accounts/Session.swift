/// A server-side login session, keyed by the `sessionid` cookie.
public struct Session: Hashable, Sendable {
    /// 14 days, as Django's `SESSION_COOKIE_AGE`.
    public static let lifetimeSeconds: Int64 = 1_209_600
    /// `/api/auth/me` extends a session that has less than this left…
    public static let extensionThresholdSeconds: Int64 = 2 * 86_400
    /// …to now plus this.
    public static let extendedLifetimeSeconds: Int64 = 7 * 86_400

    public var key: String
    public var userID: Int
    public var workspaceID: String?
    /// Derived from the user's password hash: a password change invalidates every other session.
    public var authHash: String
    public var expiresAt: Timestamp

    public init(key: String, userID: Int, workspaceID: String?, authHash: String, expiresAt: Timestamp) {
        self.key = key
        self.userID = userID
        self.workspaceID = workspaceID
        self.authHash = authHash
        self.expiresAt = expiresAt
    }
}

/// Who is calling: the user behind a valid session, and the membership the session points at.
public struct AuthContext: Sendable {
    public var session: Session
    public var user: User
    public var membership: Membership?

    public init(session: Session, user: User, membership: Membership?) {
        self.session = session
        self.user = user
        self.membership = membership
    }
}
