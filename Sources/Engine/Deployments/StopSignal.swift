import Synchronization

/// Raised once when Zane stops gracefully: queues take no new deployment, and running pipelines stop at their
/// next checkpoint.
final class StopSignal: Sendable {
    private let raised = Mutex(false)

    var isRaised: Bool { raised.withLock { $0 } }

    func raise() { raised.withLock { $0 = true } }
}
