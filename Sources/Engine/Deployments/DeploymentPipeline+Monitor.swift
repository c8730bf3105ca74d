import DockerEngine
import Domain

extension DeploymentPipeline {
    static let downReason = "The service is down, did you manually scale it down?"

    /// One run of the health monitor for a production deployment (`deploy.md` §8.1). The result is saved
    /// only if the deployment is still production and neither sleeping nor removed meanwhile.
    func monitor(_ deployment: Deployment) async {
        guard let snapshot = deployment.snapshot else { return }
        let name = DockerNames.swarmService(
            projectID: snapshot.projectID, serviceID: snapshot.serviceID, hash: deployment.hash)
        let status: Deployment.Status
        let reason: String?
        do {
            let tasks = try await docker.tasks(ofService: name)
            if let task = tasks.filter({ $0.desiredState == "running" }).max(by: { $0.version.index < $1.version.index }
            ) {
                (status, reason) = await judge(
                    task, taskCount: tasks.count, healthcheck: snapshot.configuration.healthcheck)
            } else {
                (status, reason) = (.unhealthy, Self.downReason)
            }
        } catch {
            (status, reason) = (.unhealthy, String(describing: error))
        }
        do {
            try await services.changingConfiguration { repository in
                let deployments = repository.deployments()
                guard
                    let current = try await deployments.deployment(
                        hash: deployment.hash, serviceID: deployment.serviceID),
                    current.isCurrentProduction, current.status != status || current.statusReason != reason
                else { return }
                try await deployments.setStatus(status, reason: reason, hash: deployment.hash, by: .monitor)
            }
            didWrite()
            if status != .healthy {
                await log.write(
                    "Health monitor: \(status.rawValue)\(reason.map { " (\($0))" } ?? "")", .error, for: deployment)
            }
        } catch {
            logger.error(
                "could not record a health check", metadata: ["deployment": "\(deployment.hash)", "error": "\(error)"])
        }
    }

    func judge(_ task: DockerEngineClient.Task, taskCount: Int, healthcheck: HealthCheck?) async -> (
        Deployment.Status, String?
    ) {
        let reason = task.status.err ?? task.status.message
        switch task.status.state {
        case "new", "pending", "assigned", "accepted", "ready", "preparing", "starting":
            return (taskCount > 1 ? .restarting : .starting, reason)
        case "running":
            guard let healthcheck, task.status.containerStatus?.containerID != nil else { return (.healthy, nil) }
            return await check(healthcheck, on: task, timeoutSeconds: Double(healthcheck.timeoutSeconds), onlyOK: true)
        default:
            return (.unhealthy, reason)
        }
    }
}
