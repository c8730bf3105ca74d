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
        if let wait = record(key, limit: limit, now: now) { throw .throttled(retryAfterSeconds: wait) }
    }

    /// Gives back one hit of `key` (an attempt that turned out to be legitimate).
    func release(_ key: String) {
        windows.withLock { windows in
            if let window = windows[key], window.count > 0 { windows[key]?.count = window.count - 1 }
        }
    }

    private func record(_ key: String, limit: RateLimit, now: Timestamp) -> Int? {
        let seconds = now.microseconds / 1_000_000
        return windows.withLock { windows -> Int? in
            var window = windows[key] ?? Window(start: seconds, count: 0)
            if seconds - window.start >= Int64(limit.seconds) { window = Window(start: seconds, count: 0) }
            if window.count >= limit.count {
                return max(1, Int(window.start + Int64(limit.seconds) - seconds))
            }
            if windows.count >= maximumKeys {
                windows = windows.filter { seconds - $0.value.start < 3_600 }
                if windows.count >= maximumKeys {
                    // A flood of keys: the oldest tenth goes, so recent counters (an attack in progress) stay.
                    let oldest = windows.sorted { $0.value.start < $1.value.start }.prefix(max(1, maximumKeys / 10))
                        .map(\.key)
                    for key in oldest { windows[key] = nil }
                }
            }
            window.count += 1
            windows[key] = window
            return nil
        }
    }
}
