import Domain
import Synchronization

/// The operation's result, or nil once `seconds` have passed. A late operation is cancelled and left to
/// end on its own: the caller never waits for a call that ignores cancellation (an exec that hangs).
func withinDeadline<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async -> T) async -> T? {
    let seconds = min(max(seconds, 0.1), Double(HealthCheck.maximumSeconds))
    let race = DeadlineRace<T>()
    return await withCheckedContinuation { continuation in
        race.answer.withLock { $0 = continuation }
        let work = Task {
            let value = await operation()
            race.timer.withLock { $0?.cancel() }
            race.resume(value)
        }
        race.timer.withLock {
            $0 = Task {
                guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
                work.cancel()
                race.resume(nil)
            }
        }
        if race.isOver { race.timer.withLock { $0?.cancel() } }  // the work was done before the timer existed
    }
}

/// Whichever of the work and the timer ends first answers; the other finds the answer taken.
final class DeadlineRace<T: Sendable>: Sendable {
    let answer = Mutex<CheckedContinuation<T?, Never>?>(nil)
    let timer = Mutex<Task<Void, Never>?>(nil)

    var isOver: Bool { answer.withLock { $0 == nil } }

    func resume(_ value: T?) { answer.withLock { $0.take() }?.resume(returning: value) }
}
