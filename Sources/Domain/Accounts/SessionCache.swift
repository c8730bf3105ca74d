import Synchronization

/// Sessions and users already read from the database, so that authenticating a request costs no query.
/// Every write path of the auth service keeps it in step; entries expire on their own after `ttlSeconds`
/// so that a second process writing the same database is seen within that time.
public final class SessionCache: Sendable {
    struct Entry {
        var session: Session
        var user: User
        var memberships: [Membership]
        var cachedAt: Timestamp
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Counts the forgets: an entry read before one of them may describe a session that just ended.
        var revision: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let ttlSeconds: Int64

    public init(capacity: Int = 10_000, ttlSeconds: Int64 = 60) {
        self.capacity = capacity
        self.ttlSeconds = ttlSeconds
    }

    func entry(forKey key: String, now: Timestamp) -> Entry? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            if now.seconds(since: entry.cachedAt) >= ttlSeconds {
                state.entries[key] = nil
                return nil
            }
            return entry
        }
    }

    var revision: UInt64 { state.withLock { $0.revision } }

    /// Stores `entry` unless something was forgotten since `revision` was read.
    func store(_ entry: Entry, ifUnchangedSince revision: UInt64) {
        state.withLock { state in
            guard state.revision == revision else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[entry.session.key] = entry
        }
    }

    func updateSession(_ session: Session) {
        state.withLock { state in state.entries[session.key]?.session = session }
    }

    func forget(key: String) {
        state.withLock { state in
            state.entries[key] = nil
            state.revision &+= 1
        }
    }

    func forget(userID: Int) {
        state.withLock { state in
            state.entries = state.entries.filter { $0.value.user.id != userID }
            state.revision &+= 1
        }
    }
}
