import Domain
import Engine
import Logging
import NIOConcurrencyHelpers
import Vapor

/// Once the server has booted: interrupted deployments are recovered, queued ones start, and the health
/// monitor runs until shutdown.
final class DeploymentEngineStart: LifecycleHandler, Sendable {
    let runner: DeploymentRunner
    let monitorTickSeconds: Double
    private let monitor = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(runner: DeploymentRunner, monitorTickSeconds: Double) {
        self.runner = runner
        self.monitorTickSeconds = monitorTickSeconds
    }

    func didBoot(_ application: Application) throws {
        let runner = runner
        let tick = monitorTickSeconds
        monitor.withLockedValue { task in
            task = Task {
                await runner.recover()
                await runner.monitorForever(tickSeconds: tick)
            }
        }
    }

    func shutdown(_ application: Application) {
        monitor.withLockedValue { $0?.cancel() }
    }
}

/// The queue without a Docker engine: deployments are stored and stay queued until Zane runs with one.
struct NoEngineQueue: DeploymentQueue, OrphanRemoval {
    let logger: Logger

    func wake(serviceID: String) async {
        logger.warning("no Docker engine is configured: the deployment stays queued", metadata: ["service": "\(serviceID)"])
    }

    func toggle(_ deployment: Deployment, running: Bool) async {}

    /// Without an engine, no Docker object was ever created.
    func removeOrphans() async {}
}
