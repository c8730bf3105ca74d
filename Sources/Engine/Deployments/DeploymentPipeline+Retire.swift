import DockerEngine
import Domain
import Foundation

extension DeploymentPipeline {
    static let pausedForDeployment = "[zaneops::internal::service_paused_for_deployment]"
    static let pausedByUser = "[zaneops::internal::service_paused_by_user]"
    static let resumedAfterDeployment = "[zaneops::internal::service_resumed_after_deployment]"

    /// Step 5: a successor with a read-write Docker volume or a published port cannot run beside its
    /// predecessor, which sleeps meanwhile.
    func pausePreviousIfNeeded(_ progress: inout Progress) async throws {
        let configuration = progress.snapshot.configuration
        guard configuration.zeroDowntimeObstacle != nil, var previous = progress.previous, previous.status != .failed,
            previous.status != .sleeping,
            let snapshot = previous.snapshot
        else { return }
        try await scale(previous, snapshot, to: 0)
        await record(.sleeping, Self.pausedForDeployment, of: &previous, by: .sleep)
        progress.previous = previous
        progress.pausedPrevious = true
        await log.write(
            "Not a zero-downtime deploy: \(configuration.zeroDowntimeObstacle ?? "") The previous deployment \(previous.hash) was stopped first.",
            .error, for: progress.deployment)
    }

    /// Step 10a: the previous production deployment's Swarm service goes, and so do the volumes and configs
    /// of the service that the new snapshot no longer lists.
    func retirePrevious(_ progress: Progress) async throws {
        let snapshot = progress.snapshot
        if let previous = progress.previous {
            try await removeSwarmService(
                DockerNames.swarmService(
                    projectID: snapshot.projectID, serviceID: snapshot.serviceID, hash: previous.hash))
            await log.write("Previous deployment \(previous.hash) removed.", for: progress.deployment)
        }
        let labels = DockerNames.ownedLabels(
            projectID: snapshot.projectID, serviceID: snapshot.serviceID, instance: instance
        ).map { "\($0.key)=\($0.value)" }
        let keptConfigs = Set(snapshot.configuration.configs.map(DockerNames.config))
        for name in try await docker.configNames(labelled: labels) where !keptConfigs.contains(name) {
            try await docker.removeConfig(name)
        }
        let keptVolumes = Set(snapshot.configuration.volumes.map { DockerNames.volume($0.id) })
        for name in try await docker.volumeNames(labelled: labels) where !keptVolumes.contains(name) {
            try await docker.removeVolume(name)
        }
    }

    /// Step 10b: the new Swarm service goes, and a predecessor paused for it wakes up.
    func undo(_ progress: Progress) async {
        do {
            try await removeSwarmService(progress.swarmServiceName)
            try await wakePrevious(progress)
        } catch {
            logger.error(
                "could not undo a failed deployment",
                metadata: ["deployment": "\(progress.deployment.hash)", "error": "\(error)"])
        }
    }

    /// A cancel request reached a checkpoint (`deploy.md` §6): remove what this run created, wake the predecessor.
    func rollBack(_ progress: Progress) async {
        var deployment = progress.deployment
        await record(.cancelling, nil, of: &deployment, by: .pipeline)
        do {
            try await removeSwarmService(progress.swarmServiceName)
            try await wakePrevious(progress)
            for name in progress.createdConfigs { try await docker.removeConfig(name) }
            for name in progress.createdVolumes { try await docker.removeVolume(name) }
        } catch {
            logger.error(
                "could not roll a cancelled deployment back",
                metadata: ["deployment": "\(deployment.hash)", "error": "\(error)"])
        }
        await log.write("Deployment cancelled.", for: deployment)
        var cancelled = deployment
        do {
            try cancelled.move(to: .cancelled, reason: "Deployment cancelled.", by: .pipeline)
            cancelled.finishedAt = clock()
            try await services.deployments().update(cancelled)
        } catch {
            logger.error(
                "could not record a cancelled deployment",
                metadata: ["deployment": "\(deployment.hash)", "error": "\(error)"])
        }
        didWrite()
    }

    func wakePrevious(_ progress: Progress) async throws {
        guard progress.pausedPrevious, var previous = progress.previous,
            let snapshot = previous.snapshot
        else { return }
        try await scale(previous, snapshot, to: 1)
        await record(.starting, Self.resumedAfterDeployment, of: &previous, by: .sleep)
    }

    /// Replicas, the `status` label and the published ports (which a sleeping deployment gives up).
    func scale(_ deployment: Deployment, _ snapshot: DeploymentSnapshot, to replicas: Int) async throws {
        let name = DockerNames.swarmService(
            projectID: snapshot.projectID, serviceID: snapshot.serviceID, hash: deployment.hash)
        guard let current = try await docker.service(named: name) else { return }
        var spec = current.spec
        let target = SwarmSpecBuilder.spec(
            for: deployment, snapshot, instance: instance, configIDs: [:], replicas: replicas)
        spec.mode = target.mode
        spec.labels = target.labels
        spec.endpointSpec = target.endpointSpec
        try await docker.updateService(current, to: spec)
        if replicas == 0 { try await waitUntilNoTaskRuns(name) }
    }

    /// Removes the Swarm service and waits until its container is gone, so that its ports and volumes are free.
    func removeSwarmService(_ name: String) async throws {
        try await docker.removeService(named: name)
        try await waitUntilNoTaskRuns(name)
    }

    func waitUntilNoTaskRuns(_ name: String) async throws {
        let deadline = Date().addingTimeInterval(timing.removalTimeoutSeconds)
        while Date() < deadline {
            let running = try await docker.containerIDs(named: name)
            if running.isEmpty { return }
            try await Task.sleep(for: .seconds(timing.removalPollSeconds))
        }
        throw DockerEngineError.timedOut("the containers of \(name) to stop")
    }
}
