import Synchronization

/// Values already read from the database, by key, so that authenticating a request costs no query. Every
/// write path keeps it in step; entries also expire on their own after `ttlSeconds`, so that a second
/// process writing the same database is seen within that time.
public final class ExpiringCache<Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var cachedAt: Timestamp
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Counts the forgets: a value read before one of them may describe what just ended.
        var revision: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let ttlSeconds: Int64

    public init(capacity: Int = 10_000, ttlSeconds: Int64 = 60) {
        self.capacity = capacity
        self.ttlSeconds = ttlSeconds
    }

    func value(forKey key: String, now: Timestamp) -> Value? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            if now.seconds(since: entry.cachedAt) >= ttlSeconds {
                state.entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    var revision: UInt64 { state.withLock { $0.revision } }

    /// Stores `value` unless something was forgotten since `revision` was read.
    func store(_ value: Value, forKey key: String, at now: Timestamp, ifUnchangedSince revision: UInt64) {
        state.withLock { state in
            guard state.revision == revision else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(value: value, cachedAt: now)
        }
    }

    /// Changes a cached value in place (its age stays).
    func update(forKey key: String, _ change: (inout Value) -> Void) {
        state.withLock { state in
            if var entry = state.entries[key] {
                change(&entry.value)
                state.entries[key] = entry
            }
        }
    }

    func forget(key: String) {
        state.withLock { state in
            state.entries[key] = nil
            state.revision &+= 1
        }
    }

    func forget(where matches: (Value) -> Bool) {
        state.withLock { state in
            state.entries = state.entries.filter { !matches($0.value.value) }
            state.revision &+= 1
        }
    }
}
