/// Sessions and their users already read from the database, by session key.
public typealias SessionCache = ExpiringCache<CachedSession>

public struct CachedSession: Sendable {
    var session: Session
    var user: User
    var memberships: [Membership]

    /// The membership the session points at (or the user's first).
    var membership: Membership? {
        memberships.first { $0.workspace.id == session.workspaceID } ?? memberships.first
    }
}
