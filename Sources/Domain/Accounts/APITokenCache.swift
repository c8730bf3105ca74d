import Synchronization

/// Tokens and their users already read from the database, keyed by the secret's digest, so that a Bearer
/// request costs no query. Revoking a token forgets it at once; entries also expire on their own after
/// `ttlSeconds`, so that a revocation by a second process writing the same database is seen within that time.
public final class APITokenCache: Sendable {
    struct Entry {
        var token: APIToken
        var user: User
        var membership: Membership?
        var cachedAt: Timestamp
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Counts the forgets: an entry read before one of them may describe a token just revoked.
        var revision: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let ttlSeconds: Int64

    public init(capacity: Int = 10_000, ttlSeconds: Int64 = 60) {
        self.capacity = capacity
        self.ttlSeconds = ttlSeconds
    }

    func entry(forDigest digest: String, now: Timestamp) -> Entry? {
        state.withLock { state in
            guard let entry = state.entries[digest] else { return nil }
            if now.seconds(since: entry.cachedAt) >= ttlSeconds {
                state.entries[digest] = nil
                return nil
            }
            return entry
        }
    }

    var revision: UInt64 { state.withLock { $0.revision } }

    /// Stores `entry` unless something was forgotten since `revision` was read.
    func store(_ entry: Entry, digest: String, ifUnchangedSince revision: UInt64) {
        state.withLock { state in
            guard state.revision == revision else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[digest] = entry
        }
    }

    func recordUse(digest: String, at time: Timestamp) {
        state.withLock { state in state.entries[digest]?.token.lastUsedAt = time }
    }

    func forget(tokenID: String) {
        state.withLock { state in
            state.entries = state.entries.filter { $0.value.token.id != tokenID }
            state.revision &+= 1
        }
    }
}
