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

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int
    private let ttlSeconds: Int64

    public init(capacity: Int = 10_000, ttlSeconds: Int64 = 60) {
        self.capacity = capacity
        self.ttlSeconds = ttlSeconds
    }

    func entry(forKey key: String, now: Timestamp) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if now.seconds(since: entry.cachedAt) >= ttlSeconds {
                entries[key] = nil
                return nil
            }
            return entry
        }
    }

    func store(_ entry: Entry) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[entry.session.key] = entry
        }
    }

    func updateSession(_ session: Session) {
        entries.withLock { entries in entries[session.key]?.session = session }
    }

    func forget(key: String) {
        _ = entries.withLock { entries in entries.removeValue(forKey: key) }
    }

    func forget(userID: Int) {
        entries.withLock { entries in entries = entries.filter { $0.value.user.id != userID } }
    }
}
