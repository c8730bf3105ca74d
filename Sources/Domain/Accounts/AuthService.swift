/// Accounts and sessions: first-user creation, login/logout, authentication of requests, profile changes.
public struct AuthService: Sendable {
    let accounts: any AccountRepository
    let sessions: any SessionRepository
    let hasher: any PasswordHasher
    let digester: any SecretDigester
    let cache: SessionCache
    let policy: PasswordPolicy
    let clock: @Sendable () -> Timestamp

    public init(
        accounts: any AccountRepository, sessions: any SessionRepository, hasher: any PasswordHasher,
        digester: any SecretDigester, cache: SessionCache, policy: PasswordPolicy = .standard,
        clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.accounts = accounts
        self.sessions = sessions
        self.hasher = hasher
        self.digester = digester
        self.cache = cache
        self.policy = policy
        self.clock = clock
    }

    public func anyUserExists() async throws -> Bool { try await accounts.anyUserExists() }

    /// Validates and creates the first user, then opens a session for it.
    public func createInitialUser(_ request: CreateInitialUserRequest) async throws -> Session {
        guard try await !accounts.anyUserExists() else {
            throw DomainError.permissionDenied(DomainError.defaultPermissionDenied)
        }
        let passwordErrors = policy.violations(of: request.password, attr: "password")
        if !passwordErrors.isEmpty { throw DomainError.validation(passwordErrors) }
        let now = clock()
        let newUser = NewUser(
            username: request.username, passwordHash: try await hasher.hash(request.password),
            isSuperuser: true, createdAt: now)
        let user = try await accounts.createInitialUser(
            newUser, workspace: Workspace(name: request.workspaceName, createdAt: now))
        return try await openSession(for: user)
    }

    /// Creates a superuser from the command line (no first-user restriction; the password policy applies).
    public func createSuperuser(username: String, password: String) async throws -> User {
        var reader = InputReader(["username": .string(username), "password": .string(password)])
        let request = try CreateInitialUserRequest(reading: &reader)
        let errors = policy.violations(
            of: request.password, attr: "password", userAttributes: [("username", request.username)])
        if !errors.isEmpty { throw DomainError.validation(errors) }
        if try await accounts.user(username: request.username) != nil {
            throw DomainError.conflict("A user with the username already exists.")
        }
        let now = clock()
        let user = NewUser(
            username: request.username, passwordHash: try await hasher.hash(request.password), isSuperuser: true,
            createdAt: now)
        return try await accounts.createSuperuser(
            user, defaultWorkspace: Workspace(name: "Default workspace", createdAt: now))
    }

    /// Checks the credentials and opens a new session; `previousKey` (if any) is closed: keys rotate at login.
    public func login(username: String, password: String, previousKey: String?) async throws -> Session {
        let user = try await accounts.user(username: username)
        // Hash even for unknown users so that response time does not reveal which usernames exist.
        let passwordHash = user?.passwordHash ?? Self.unknownUserHash
        guard try await hasher.verify(password, against: passwordHash), let user else {
            throw DomainError.authenticationFailed
        }
        if let previousKey { try await logout(key: previousKey) }
        return try await openSession(for: user)
    }

    public func logout(key: String) async throws {
        cache.forget(key: key)
        try await sessions.delete(key: storedKey(key))
        // Again once the row is gone: an `authenticate` that read it in between must not cache it.
        cache.forget(key: key)
    }

    /// The caller behind a session key, or nil when the session is unknown, expired or was invalidated
    /// by a password change. Costs no query when the session is cached.
    public func authenticate(key: String) async throws -> AuthContext? {
        let now = clock()
        if let entry = cache.value(forKey: key, now: now) {
            if entry.session.expiresAt > now {
                return AuthContext(session: entry.session, user: entry.user, membership: entry.membership)
            }
            try await logout(key: key)
            return nil
        }
        let revision = cache.revision
        guard var session = try await sessions.session(key: storedKey(key)) else { return nil }
        session.key = key
        guard session.expiresAt > now, let user = try await accounts.user(id: session.userID),
            session.authHash == authHash(of: user)
        else {
            try await logout(key: key)
            return nil
        }
        let entry = CachedSession(
            session: session, user: user, memberships: try await accounts.memberships(userID: user.id))
        // A logout or password change that ran during these reads must not be undone by caching what they read.
        cache.store(entry, forKey: key, at: now, ifUnchangedSince: revision)
        return AuthContext(session: session, user: user, membership: entry.membership)
    }

    /// The caller behind a cached, unexpired session; nil means "ask `authenticate`". Never touches the database.
    public func cachedContext(key: String) -> AuthContext? {
        let now = clock()
        guard let entry = cache.value(forKey: key, now: now), entry.session.expiresAt > now else { return nil }
        return AuthContext(session: entry.session, user: entry.user, membership: entry.membership)
    }

    /// Whether `/api/auth/me` has to move this session's expiry.
    public func isExpiringSoon(_ session: Session) -> Bool {
        session.expiresAt.seconds(since: clock()) < Session.extensionThresholdSeconds
    }

    /// Applies the sliding-expiry rule of `/api/auth/me`; returns the session when its expiry moved.
    public func extendIfExpiringSoon(_ context: AuthContext) async throws -> Session? {
        guard var session = context.session, isExpiringSoon(session) else { return nil }
        session.expiresAt = clock().adding(seconds: Session.extendedLifetimeSeconds)
        try await sessions.update(stored(session))
        cache.update(forKey: session.key) { $0.session = session }
        return session
    }

    /// Changes the password; the calling session stays valid, every other session of the user ends.
    public func changePassword(_ context: AuthContext, _ request: ChangePasswordRequest) async throws {
        let user = context.user
        guard var session = context.session else {
            throw DomainError.permissionDenied("Changing the password takes a session, not an API token.")
        }
        guard try await hasher.verify(request.currentPassword, against: user.passwordHash) else {
            throw DomainError.invalid("current_password", "Current password is incorrect.")
        }
        let attributes = [("username", user.username), ("first name", user.firstName), ("last name", user.lastName)]
        let errors = policy.violations(of: request.newPassword, attr: "new_password", userAttributes: attributes)
        if !errors.isEmpty { throw DomainError.validation(errors) }
        let newHash = try await hasher.hash(request.newPassword)
        try await accounts.updatePasswordHash(userID: user.id, passwordHash: newHash)
        var updatedUser = user
        updatedUser.passwordHash = newHash
        session.authHash = authHash(of: updatedUser)
        try await sessions.update(stored(session))
        _ = try await sessions.deleteOthers(userID: user.id, keeping: storedKey(session.key))
        cache.forget { $0.user.id == user.id }
    }

    public func updateProfile(_ context: AuthContext, _ request: UpdateProfileRequest) async throws -> User {
        var user = context.user
        user.username = request.username ?? user.username
        user.firstName = request.firstName ?? user.firstName
        user.lastName = request.lastName ?? user.lastName
        do {
            try await accounts.updateProfile(
                userID: user.id, username: user.username, firstName: user.firstName, lastName: user.lastName)
        } catch is UniqueConstraintViolation {
            throw DomainError.conflict("A user with the username already exists.")
        }
        cache.forget { $0.user.id == user.id }
        return user
    }

    /// Deletes expired sessions; returns how many.
    public func purgeExpiredSessions() async throws -> Int {
        try await sessions.deleteExpired(before: clock())
    }

    func openSession(for user: User) async throws -> Session {
        let workspaceID = try await accounts.memberships(userID: user.id).first?.workspace.id
        let session = Session(
            key: RandomID.sessionKey(), userID: user.id, workspaceID: workspaceID, authHash: authHash(of: user),
            expiresAt: clock().adding(seconds: Session.lifetimeSeconds))
        try await sessions.create(stored(session))
        return session
    }

    /// Sessions are stored under a keyed digest of their key: whoever reads the table cannot sign in with it.
    func storedKey(_ key: String) -> String { digester.digest("zane.session.key|" + key) }

    func stored(_ session: Session) -> Session {
        var stored = session
        stored.key = storedKey(session.key)
        return stored
    }

    func authHash(of user: User) -> String { digester.digest("zane.session.auth|" + user.passwordHash) }

    static let invalidUsernameDetail =
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    /// A bcrypt hash of a random string: verifying against it costs the same as a real check and never matches.
    static let unknownUserHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Q3SZ8uLkM7Gn0p0p6G2Xx1Ykzq6Q5S"
}
