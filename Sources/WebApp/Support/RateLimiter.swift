import Domain
import Synchronization

/// Fixed-window request counters per key, in memory.
final class RateLimiter: Sendable {
    private struct Window {
        var start: Int64
        var count: Int
    }

    private let windows = Mutex<[String: Window]>([:])
    private let maximumKeys: Int

    init(maximumKeys: Int = 50_000) { self.maximumKeys = maximumKeys }

    /// Counts one hit; throws `throttled` when `key` is over `limit` in the current window.
    func hit(_ key: String, limit: RateLimit, now: Timestamp = .now()) throws(DomainError) {
        if let wait = record(key, limit: limit, now: now, counting: true) { throw .throttled(retryAfterSeconds: wait) }
    }

    /// Throws `throttled` when `key` already reached `limit`, without counting.
    func check(_ key: String, limit: RateLimit, now: Timestamp = .now()) throws(DomainError) {
        if let wait = record(key, limit: limit, now: now, counting: false) { throw .throttled(retryAfterSeconds: wait) }
    }

    private func record(_ key: String, limit: RateLimit, now: Timestamp, counting: Bool) -> Int? {
        let seconds = now.microseconds / 1_000_000
        return windows.withLock { windows -> Int? in
            var window = windows[key] ?? Window(start: seconds, count: 0)
            if seconds - window.start >= Int64(limit.seconds) { window = Window(start: seconds, count: 0) }
            if window.count >= limit.count {
                return max(1, Int(window.start + Int64(limit.seconds) - seconds))
            }
            if counting {
                if windows.count >= maximumKeys { windows = windows.filter { seconds - $0.value.start < 86_400 } }
                window.count += 1
                windows[key] = window
            }
            return nil
        }
    }
}
