import Domain
import Engine
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import Vapor

/// Once the server has booted, the engine's services run as one group: the deployments (the proxy first, as
/// deployments probe through it, then the recovery of interrupted deployments, the queues and the health
/// monitor), the proxy's supervision, the collection of HTTP and runtime logs and their retention, the sampling
/// of metrics and the removal of orphaned Docker objects. At shutdown the group stops gracefully, the
/// deployments first: running pipelines stop at their next checkpoint (`DeploymentService`).
final class DeploymentEngineStart: LifecycleHandler, Sendable {
    let services: [any ServiceLifecycle.Service]
    /// How long a graceful shutdown may take before the group's services are cancelled.
    let shutdownSeconds: Int64
    private let running = NIOLockedValueBox<(group: ServiceGroup, task: Task<Void, Never>)?>(nil)

    init(services: [any ServiceLifecycle.Service], shutdownSeconds: Int64 = 60) {
        self.services = services
        self.shutdownSeconds = shutdownSeconds
    }

    func didBoot(_ application: Application) throws {
        // The group shuts its services down last to first: the deployments are listed last, so they stop first
        // while the collectors still take their last lines.
        var configuration = ServiceGroupConfiguration(services: services, logger: application.logger)
        configuration.maximumGracefulShutdownDuration = .seconds(shutdownSeconds)
        let group = ServiceGroup(configuration: configuration)
        let logger = application.logger
        let task = Task {
            do { try await group.run() } catch {
                logger.error("the engine's services stopped", metadata: ["error": "\(error)"])
            }
        }
        running.withLockedValue { $0 = (group, task) }
    }

    func shutdownAsync(_ application: Application) async {
        guard
            let (group, task) = running.withLockedValue({ running in
                defer { running = nil }
                return running
            })
        else { return }
        await group.triggerGracefulShutdown()
        await task.value
    }

    func shutdown(_ application: Application) {
        running.withLockedValue { $0?.task.cancel() }
    }
}

/// The queue without a Docker engine: deployments are stored and stay queued until Zane runs with one.
struct NoEngineQueue: DeploymentQueue, OrphanRemoval {
    let logger: Logger

    func wake(serviceID: String) async {
        logger.warning(
            "no Docker engine is configured: the deployment stays queued", metadata: ["service": "\(serviceID)"])
    }

    func toggle(_ deployment: Deployment, running: Bool) async {}

    /// Without an engine, no Docker object was ever created.
    func removeOrphans() async {}
}
