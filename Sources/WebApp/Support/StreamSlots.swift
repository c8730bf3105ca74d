import Domain
import Synchronization

/// Caps how many live log streams are open: per user, and across the instance. Each open stream holds a
/// connection and polls the log store, so without a cap one user (or one stolen session) could hold them all.
final class StreamSlots: Sendable {
    private struct State {
        var total = 0
        var perUser: [Int: Int] = [:]
    }

    private let state = Mutex(State())
    let perUserLimit: Int
    let totalLimit: Int

    init(perUserLimit: Int = 10, totalLimit: Int = 200) {
        self.perUserLimit = perUserLimit
        self.totalLimit = totalLimit
    }

    /// Takes a slot for `userID`; throws `throttled` when the user or the instance has none left.
    func acquire(userID: Int) throws(DomainError) -> StreamSlot {
        let taken = state.withLock { state -> Bool in
            guard state.total < totalLimit, state.perUser[userID, default: 0] < perUserLimit else { return false }
            state.total += 1
            state.perUser[userID, default: 0] += 1
            return true
        }
        guard taken else { throw .throttled(retryAfterSeconds: 30) }
        return StreamSlot(slots: self, userID: userID)
    }

    fileprivate func release(userID: Int) {
        state.withLock { state in
            state.total -= 1
            state.perUser[userID, default: 1] -= 1
            if state.perUser[userID] == 0 { state.perUser[userID] = nil }
        }
    }
}

/// One open stream's slot, given back exactly once when the stream ends.
final class StreamSlot: Sendable {
    private let slots: StreamSlots
    private let userID: Int
    private let released = Atomic(false)

    fileprivate init(slots: StreamSlots, userID: Int) {
        self.slots = slots
        self.userID = userID
    }

    func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { slots.release(userID: userID) }
    }

    deinit { release() }
}
