import Domain
import Engine
import Logging
import Vapor

/// Resumes the deployment queue once the server has booted: interrupted deployments are rolled back and
/// queued ones start.
struct DeploymentEngineStart: LifecycleHandler {
    let runner: DeploymentRunner

    func didBoot(_ application: Application) throws {
        Task { await runner.recover() }
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
