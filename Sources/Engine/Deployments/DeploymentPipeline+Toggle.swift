import Domain

extension DeploymentPipeline {
    static let resumedByUser = "[zaneops::internal::service_resumed_by_user]"

    /// Sleep: 0 replicas and no published port, status `SLEEPING`. Wake: 1 replica, status `STARTING`, then
    /// one health check decides `HEALTHY` or `UNHEALTHY` (`deploy.md` §8.3).
    func toggle(_ deployment: Deployment, running: Bool) async {
        guard let snapshot = deployment.snapshot else { return }
        var current = deployment
        do {
            try await scale(deployment, snapshot, to: running ? 1 : 0)
            guard running else {
                return await record(.sleeping, Self.pausedByUser, of: &current, by: .sleep)
            }
            await record(.starting, Self.resumedByUser, of: &current, by: .sleep)
            await settle(current, snapshot)
        } catch {
            logger.error(
                "could not toggle a deployment", metadata: ["deployment": "\(deployment.hash)", "error": "\(error)"])
        }
    }

    /// One deploy-time health check of a deployment that was just woken up: `HEALTHY` or `UNHEALTHY`.
    func settle(_ deployment: Deployment, _ snapshot: DeploymentSnapshot) async {
        let name = DockerNames.swarmService(
            projectID: snapshot.projectID, serviceID: snapshot.serviceID, hash: deployment.hash)
        var progress = Progress(deployment: deployment, snapshot: snapshot, swarmServiceName: name, writer: .monitor)
        let (status, reason) = await waitUntilHealthy(&progress)
        // Cut short by a stop: the health monitor decides after the next start.
        guard !stopping.isRaised else { return }
        var woken = progress.deployment
        await record(status == .healthy ? .healthy : .unhealthy, reason, of: &woken, by: .monitor)
    }

    /// After a failed or cancelled successor: the predecessor it paused was scaled back up; now check it.
    func settlePrevious(_ progress: Progress) async {
        guard progress.pausedPrevious, let previous = progress.previous,
            let snapshot = previous.snapshot,
            let woken = try? await services.deployments().deployment(hash: previous.hash, serviceID: previous.serviceID)
        else { return }
        await settle(woken, snapshot)
    }
}
