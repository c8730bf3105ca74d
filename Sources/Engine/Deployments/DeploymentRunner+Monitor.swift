import Domain
import Foundation
import Synchronization

extension DeploymentRunner {
    /// Checks every production deployment at its health check's interval (30 s without one), for as long as
    /// the task it runs in is not cancelled. Checks run side by side, each bounded by its own timeout, so a
    /// slow one never holds the others; a deployment is not checked again while its last check runs.
    public func monitorForever(tickSeconds: Double = 1) async {
        var lastChecked: [String: Date] = [:]
        let running = InFlightChecks()
        while !Task.isCancelled {
            let now = Date()
            let due = await productionDeployments().filter { deployment in
                let interval = Double(
                    deployment.snapshot?.configuration.healthcheck?.intervalSeconds ?? 30)
                return lastChecked[deployment.hash].map { now.timeIntervalSince($0) >= interval } ?? true
            }
            for deployment in due
            where !draining.contains(deployment.serviceID) && !toggling.contains(deployment.serviceID) {
                guard running.start(deployment.hash) else { continue }
                lastChecked[deployment.hash] = now
                Task { [pipeline] in
                    await pipeline.monitor(deployment)
                    running.end(deployment.hash)
                }
            }
            try? await Task.sleep(for: .seconds(tickSeconds))
        }
    }

    /// Production deployments that are awake.
    func productionDeployments() async -> [Deployment] {
        (try? await services.deployments().awakeProduction()) ?? []
    }
}

/// The deployments whose health check is running.
final class InFlightChecks: Sendable {
    private let hashes = Mutex<Set<String>>([])

    /// False when a check of this deployment is already running.
    func start(_ hash: String) -> Bool { hashes.withLock { $0.insert(hash).inserted } }

    func end(_ hash: String) { _ = hashes.withLock { $0.remove(hash) } }
}
