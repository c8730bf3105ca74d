import ServiceLifecycle

/// A background loop (log collection, metrics, retention, orphan removal, proxy supervision) as a service:
/// it runs until its group shuts down, which cancels it. The loops look at cancellation between their rounds
/// and in their pauses, so a round's writes end as a whole.
public struct LoopService: Service, CustomStringConvertible {
    public let description: String
    let loop: @Sendable () async -> Void

    public init(_ name: String, _ loop: @escaping @Sendable () async -> Void) {
        description = name
        self.loop = loop
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown(loop)
    }
}
