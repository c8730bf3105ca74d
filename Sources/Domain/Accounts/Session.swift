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

/// Who is calling: the user behind a valid session or API token, and the membership they act in.
public struct AuthContext: Sendable {
    /// How the caller proved who they are.
    public enum Credential: Sendable {
        case session(Session)
        case token(APIToken)
    }

    public var credential: Credential
    public var user: User
    public var membership: Membership?

    public init(credential: Credential, user: User, membership: Membership?) {
        self.credential = credential
        self.user = user
        self.membership = membership
    }

    public init(session: Session, user: User, membership: Membership?) {
        self.init(credential: .session(session), user: user, membership: membership)
    }

    /// The session of a cookie-authenticated caller; nil for a token.
    public var session: Session? {
        if case .session(let session) = credential { session } else { nil }
    }

    /// The token of a Bearer-authenticated caller; nil for a session.
    public var token: APIToken? {
        if case .token(let token) = credential { token } else { nil }
    }
}
