import DockerEngine
import Domain
import Foundation

extension DeploymentPipeline {
    static let notHealthyInTime = "The service failed to meet the healthcheck requirements when starting the service."

    /// Step 8 (`deploy.md` §4.4): polls the Swarm task, then the health check, until healthy or out of time.
    func waitUntilHealthy(_ progress: inout Progress) async -> (Deployment.Status, String?) {
        let healthcheck = progress.snapshot.configuration.healthcheck
        let timeout = Double(healthcheck?.timeoutSeconds ?? 30)
        let deadline = Date().addingTimeInterval(timeout)
        var result: (Deployment.Status, String?) = (.unhealthy, Self.notHealthyInTime)
        repeat {
            result = await attempt(&progress, healthcheck: healthcheck)
            let left = deadline.timeIntervalSinceNow
            if result.0 == .healthy || left <= timing.healthPollSeconds { return result }
            try? await Task.sleep(for: .seconds(timing.healthPollSeconds))
        } while Date() < deadline
        return result
    }

    func attempt(_ progress: inout Progress, healthcheck: HealthCheck?) async -> (Deployment.Status, String?) {
        let tasks: [DockerEngineClient.Task]
        do {
            tasks = try await docker.tasks(ofService: progress.swarmServiceName)
        } catch {
            return (.unhealthy, String(describing: error))
        }
        guard let task = tasks.filter({ $0.desiredState == "running" }).max(by: { $0.version.index < $1.version.index }) else {
            return (.unhealthy, "The service has no task that should be running.")
        }
        let reason = task.status.err ?? task.status.message
        switch task.status.state {
        case "new", "pending", "assigned", "accepted", "ready", "preparing", "starting":
            let status: Deployment.Status = tasks.count > 1 ? .restarting : .starting
            await record(status, reason, of: &progress.deployment)
            return (status, reason)
        case "running": break
        default: return (.unhealthy, reason)
        }
        guard let healthcheck else { return (.healthy, nil) }
        guard let container = task.status.containerStatus?.containerID else { return (.starting, reason) }
        switch healthcheck.kind {
        case .command:
            do {
                let result = try await docker.exec(ShellWords.split(healthcheck.value), inContainer: container)
                return (result.exitCode == 0 ? .healthy : .unhealthy, result.output)
            } catch {
                return (.unhealthy, String(describing: error))
            }
        case .path:
            // PATH checks are made from the overlay network through the proxy, which arrives with the routing
            // work; until then they cannot pass.
            return (.unhealthy, "PATH health checks are not available yet: use a COMMAND health check.")
        }
    }
}
