import Domain

extension DeploymentPipeline {
    static let interruptedReason = "Zane stopped while this deployment was running; it was rolled back."

    /// A deployment found mid-pipeline at start-up. When its Swarm service exists, the run resumes from the
    /// health check (and, healthy, retires its predecessor and becomes production); otherwise, or when it
    /// is not healthy, it is rolled back: its Swarm service goes, a predecessor paused for it wakes up, and
    /// it ends `FAILED` (or `CANCELLED` when a cancel had been requested).
    func recoverInterrupted(_ deployment: Deployment) async {
        guard let snapshot = deployment.snapshot else {
            return await finish(deployment, .failed, Self.interruptedReason, previous: nil)
        }
        let name = DockerNames.swarmService(
            projectID: snapshot.projectID, serviceID: snapshot.serviceID, hash: deployment.hash)
        var progress = Progress(deployment: deployment, snapshot: snapshot, swarmServiceName: name)
        let production = try? await services.deployments().production(serviceID: deployment.serviceID)
        progress.previous = production.flatMap { $0.hash == deployment.hash ? nil : $0 }
        progress.pausedPrevious =
            progress.previous?.status == .sleeping && progress.previous?.statusReason == Self.pausedForDeployment
        logger.warning("recovering an interrupted deployment", metadata: ["deployment": "\(deployment.hash)"])
        defer { if let router { Task { await router.settle(serviceID: deployment.serviceID) } } }
        await log.write(
            "Zane restarted while this deployment was running: picking it up again.", .error, for: deployment)
        if deployment.cancelRequested || deployment.status == .cancelling {
            return await rollBack(progress)
        }
        if (try? await docker.service(named: name)) != nil {
            let (status, reason) = await waitUntilHealthy(&progress)
            if stopping.isRaised { return }  // picked up again at the next start
            if status == .healthy, (try? await switchTraffic(progress)) != nil,
                (try? await retirePrevious(progress)) != nil
            {
                logger.info("resumed an interrupted deployment", metadata: ["deployment": "\(deployment.hash)"])
                return await finish(progress.deployment, .healthy, reason, previous: progress.previous)
            }
        }
        await undo(progress)
        await finish(deployment, .failed, Self.interruptedReason, previous: progress.previous)
    }
}
