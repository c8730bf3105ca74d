import Domain
import Foundation

extension DeploymentRunner {
    /// Checks every production deployment at its health check's interval (30 s without one), for as long as
    /// the task it runs in is not cancelled.
    public func monitorForever(tickSeconds: Double = 1) async {
        var lastChecked: [String: Date] = [:]
        while !Task.isCancelled {
            let now = Date()
            let due = await productionDeployments().filter { deployment in
                let interval = Double(ServiceSnapshot(deployment.snapshot)?.configuration.healthcheck?.intervalSeconds ?? 30)
                return lastChecked[deployment.hash].map { now.timeIntervalSince($0) >= interval } ?? true
            }
            for deployment in due where !draining.contains(deployment.serviceID) && !toggling.contains(deployment.serviceID) {
                lastChecked[deployment.hash] = now
                await pipeline.monitor(deployment)
            }
            try? await Task.sleep(for: .seconds(tickSeconds))
        }
    }

    /// Production deployments that are awake.
    func productionDeployments() async -> [Deployment] {
        (try? await services.deployments().awakeProduction()) ?? []
    }
}
