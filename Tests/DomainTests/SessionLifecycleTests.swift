import Synchronization
import Testing

@testable import Domain

/// Sessions as the auth service keeps them: stored under a digest of their key, and never cached again by
/// an `authenticate` that raced with the logout ending them.
@Suite("Session lifecycle")
struct SessionLifecycleTests {
    @Test func theStoreNeverHoldsTheKeyItself() async throws {
        let fixture = Fixture()
        let session = try await fixture.auth.login(username: "fred", password: "secret", previousKey: nil)
        let stored = fixture.sessions.keys
        #expect(stored.count == 1 && !stored.contains(session.key), "only a digest of the key is stored")
        let context = try #require(try await fixture.auth.authenticate(key: session.key))
        #expect(context.session?.key == session.key, "callers still see the key they hold")
        try await fixture.auth.logout(key: session.key)
        #expect(fixture.sessions.keys.isEmpty)
    }

    @Test func aLogoutDuringAuthenticateIsNotUndoneByTheCache() async throws {
        let fixture = Fixture()
        let session = try await fixture.auth.login(username: "fred", password: "secret", previousKey: nil)
        // The logout runs while `authenticate` is between reading the session and caching it.
        fixture.accounts.duringMembershipsRead = { [auth = fixture.auth] in try await auth.logout(key: session.key) }
        _ = try await fixture.auth.authenticate(key: session.key)
        fixture.accounts.duringMembershipsRead = nil
        #expect(fixture.auth.cachedContext(key: session.key) == nil, "the ended session was not cached")
        #expect(try await fixture.auth.authenticate(key: session.key) == nil, "and it stays signed out")
    }
}

private struct Fixture {
    let accounts = OneUserAccounts()
    let sessions = SessionsInMemory()
    var auth: AuthService {
        AuthService(
            accounts: accounts, sessions: sessions, hasher: PlainHasher(), digester: PrefixDigester(), cache: cache)
    }
    let cache = SessionCache()
}

private final class OneUserAccounts: AccountRepository, @unchecked Sendable {
    let user = User(id: 1, username: "fred", passwordHash: "secret", isSuperuser: true, createdAt: .now())
    private let hook = Mutex<(@Sendable () async throws -> Void)?>(nil)
    var duringMembershipsRead: (@Sendable () async throws -> Void)? {
        get { hook.withLock { $0 } }
        set { hook.withLock { $0 = newValue } }
    }

    func anyUserExists() async throws -> Bool { true }
    func createInitialUser(_ user: NewUser, workspace: Workspace) async throws -> User { self.user }
    func createSuperuser(_ user: NewUser, defaultWorkspace: Workspace) async throws -> User { self.user }
    func user(username: String) async throws -> User? { username == user.username ? user : nil }
    func user(id: Int) async throws -> User? { id == user.id ? user : nil }
    func updatePasswordHash(userID: Int, passwordHash: String) async throws {}
    func updateProfile(userID: Int, username: String, firstName: String, lastName: String) async throws {}
    func memberships(userID: Int) async throws -> [Membership] {
        try await duringMembershipsRead?()
        return []
    }
}

private final class SessionsInMemory: SessionRepository, Sendable {
    private let stored = Mutex<[String: Session]>([:])
    var keys: Set<String> { stored.withLock { Set($0.keys) } }

    func create(_ session: Session) async throws { stored.withLock { $0[session.key] = session } }
    func session(key: String) async throws -> Session? { stored.withLock { $0[key] } }
    func delete(key: String) async throws { _ = stored.withLock { $0.removeValue(forKey: key) } }
    func update(_ session: Session) async throws {
        stored.withLock { if $0[session.key] != nil { $0[session.key] = session } }
    }
    func deleteOthers(userID: Int, keeping key: String) async throws -> Int { 0 }
    func deleteExpired(before now: Timestamp) async throws -> Int { 0 }
}

private struct PlainHasher: PasswordHasher {
    func hash(_ password: String) async throws -> String { password }
    func verify(_ password: String, against hash: String) async throws -> Bool { password == hash }
}

private struct PrefixDigester: SecretDigester {
    func digest(_ message: String) -> String {
        "digest:"
            + String(message.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
    }
}
