/// Storage of users, workspaces and memberships.
public protocol AccountRepository: Sendable {
    func anyUserExists() async throws -> Bool
    /// Creates the very first user with its workspace and Owner membership, atomically.
    /// Throws `DomainError.permissionDenied` when a user already exists (also under a race).
    func createInitialUser(_ user: NewUser, workspace: Workspace) async throws -> User
    /// Creates a superuser; it joins the oldest workspace as Owner (one is created when there is none).
    func createSuperuser(_ user: NewUser, defaultWorkspace: Workspace) async throws -> User
    func user(username: String) async throws -> User?
    func user(id: Int) async throws -> User?
    func updatePasswordHash(userID: Int, passwordHash: String) async throws
    /// Throws `UniqueConstraintViolation` when the username is taken.
    func updateProfile(userID: Int, username: String, firstName: String, lastName: String) async throws
    /// The user's memberships, oldest first.
    func memberships(userID: Int) async throws -> [Membership]
}

/// Storage of login sessions.
public protocol SessionRepository: Sendable {
    func create(_ session: Session) async throws
    func session(key: String) async throws -> Session?
    func delete(key: String) async throws
    func update(_ session: Session) async throws
    /// Deletes sessions of `userID` other than `keeping`. Returns how many were deleted.
    func deleteOthers(userID: Int, keeping key: String) async throws -> Int
    /// Deletes every session that expired before `now`. Returns how many were deleted.
    func deleteExpired(before now: Timestamp) async throws -> Int
}

/// A slow, salted password hash.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}

/// A keyed digest, used to bind sessions to the password they were opened with.
public protocol SecretDigester: Sendable {
    func digest(_ message: String) -> String
}

/// Thrown by repositories when a write would break a uniqueness rule.
public struct UniqueConstraintViolation: Error, Sendable {
    public init() {}
}

/// Storage of API tokens: each kept with the keyed digest of its secret, never the secret.
public protocol APITokenRepository: Sendable {
    func create(_ token: APIToken, secretDigest: String) async throws
    /// The user's tokens, newest first.
    func tokens(userID: Int) async throws -> [APIToken]
    func token(secretDigest: String) async throws -> APIToken?
    /// Whether a token of the user was deleted.
    func delete(id: String, userID: Int) async throws -> Bool
    func recordUse(id: String, at time: Timestamp) async throws
}
