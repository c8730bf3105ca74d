import DockerEngine
import Domain
import Foundation
import Logging

/// Runs one deployment through the steps of `deploy.md` §4 on Docker Swarm. Every step finds what an
/// earlier, interrupted run created (names derive from ids and hashes). Taking a deployment and finishing
/// it happen in the configuration transaction, so an API cancel never races them; the statuses in between
/// write only their own columns.
struct DeploymentPipeline: Sendable {
    let docker: any ContainerRuntime
    let services: any ServiceRepository
    /// This installation's `zane-instance` label value.
    let instance: String
    let logger: Logger
    let log: SystemLog
    /// Called after each change of a deployment's status, once stored (cached reads show statuses).
    let didWrite: @Sendable () -> Void
    let timing: DeploymentTiming
    /// Sends PATH health checks into the overlay network; nil when no proxy is configured.
    let probe: ProxyProbe?
    /// Switches the routes to a new deployment; nil when no proxy is configured.
    let router: (any TrafficRouter)?
    let clock: @Sendable () -> Timestamp
    /// Raised when Zane stops: the run ends at its next checkpoint and is left for the next start's recovery.
    let stopping: StopSignal
    /// Where git services are built; nil when this instance builds nothing.
    let builds: BuildSettings?

    /// What this run created, so that a rollback removes exactly that.
    struct Progress: Sendable {
        var deployment: Deployment
        var snapshot: DeploymentSnapshot
        var previous: Deployment?
        var pausedPrevious = false
        var createdVolumes: [String] = []
        var createdConfigs: [String] = []
        var swarmServiceName: String
        /// Who writes the statuses the health loop observes: the run itself, or the check after a wake-up.
        var writer = StatusWriter.pipeline
        /// The task seen running, and since when: a task is healthy only once it has kept running a while.
        var running: (taskID: String, since: Date)?
    }

    struct Cancelled: Error {}
    struct Stopped: Error {}

    /// Runs the deployment to its end. When it replaced a running deployment that must drain first, the
    /// retirement of that one is returned, for the runner to do once the drain window is over.
    /// `beforeDeploying` runs once the build is done, before the first object of the deployment is created:
    /// the runner finishes there the retirement of a deployment whose slot this one takes, while a build
    /// can already run.
    func run(_ queued: Deployment, beforeDeploying: @Sendable () async -> Void = {}) async -> DeferredRetirement? {
        guard let started = await start(queued) else { return nil }
        await log.write("Preparing deployment \(started.hash)...", for: started)
        guard let snapshot = started.snapshot else {
            await finish(started, .failed, "The deployment's service snapshot is unreadable.", previous: nil)
            return nil
        }
        let name = DockerNames.swarmService(
            projectID: snapshot.projectID, serviceID: snapshot.serviceID, hash: started.hash)
        var progress = Progress(deployment: started, snapshot: snapshot, swarmServiceName: name)
        // Whatever happens, the routes end up as the database says (the switch only holds until then).
        defer { if let router { Task { await router.settle(serviceID: started.serviceID) } } }
        do {
            progress.previous = try await services.deployments().production(serviceID: started.serviceID)
            try await build(&progress)
            try await checkpoint(progress)
            await beforeDeploying()
            try await prepare(&progress)
            let (status, reason) = await waitUntilHealthy(&progress)
            if stopping.isRaised { throw Stopped() }
            if status == .healthy {
                // The last checkpoint: a cancel that arrived during the health check still rolls back.
                try await checkpoint(progress)
                try await switchTraffic(progress)
                if needsDrain(progress) {
                    await finish(progress.deployment, .healthy, reason, previous: progress.previous)
                    return DeferredRetirement(progress: progress)
                }
                try await retirePrevious(progress)
                await finish(progress.deployment, .healthy, reason, previous: progress.previous)
            } else {
                await undo(progress)
                await finish(progress.deployment, .failed, reason, previous: progress.previous)
                await settlePrevious(progress)
            }
        } catch is Cancelled {
            await rollBack(progress)
            await settlePrevious(progress)
        } catch is Stopped {
            logger.info("deployment left for the next start", metadata: ["deployment": "\(started.hash)"])
            await log.write("Zane is stopping: this deployment goes on when it starts again.", for: started)
        } catch {
            logger.error("deployment failed", metadata: ["deployment": "\(started.hash)", "error": "\(error)"])
            await undo(progress)
            await finish(progress.deployment, .failed, String(describing: error), previous: progress.previous)
            await settlePrevious(progress)
        }
        return nil
    }

    /// Steps 3–7: volumes, configs, pausing the previous deployment when it holds what this one needs, the
    /// image, the Swarm service; with a cancel checkpoint after each.
    func prepare(_ progress: inout Progress) async throws {
        let snapshot = progress.snapshot
        let labels = DockerNames.managedLabels(projectID: snapshot.projectID, instance: instance)
        let deployment = progress.deployment
        try await step("Creating the networks", for: deployment) {
            try await docker.createOverlayNetworkIfAbsent(DockerNames.globalNetwork, labels: ["zane.stack": "true"])
            try await docker.createOverlayNetworkIfAbsent(
                DockerNames.environmentNetwork(projectID: snapshot.projectID, environmentID: snapshot.environmentID),
                labels: labels)
        }
        let owned = DockerNames.ownedLabels(
            projectID: snapshot.projectID, serviceID: snapshot.serviceID, instance: instance)
        for volume in snapshot.configuration.volumes where volume.hostPath == nil {
            if try await step(
                "Creating a volume", for: deployment,
                { try await docker.createVolumeIfAbsent(DockerNames.volume(volume.id), labels: owned) })
            {
                progress.createdVolumes.append(DockerNames.volume(volume.id))
                await log.write("Volume `\(DockerNames.volume(volume.id))` created.", for: progress.deployment)
            }
        }
        try await checkpoint(progress)
        var configIDs: [String: String] = [:]
        for config in snapshot.configuration.configs {
            let name = DockerNames.config(config)
            let created = try await step("Creating a config", for: deployment) {
                try await docker.createConfigIfAbsent(name, contents: config.contents, labels: owned)
            }
            configIDs[name] = created.id
            if created.created {
                progress.createdConfigs.append(name)
                await log.write("Config `\(name)` created.", for: progress.deployment)
            }
        }
        try await checkpoint(progress)
        try await pausePreviousIfNeeded(&progress)
        try await checkpoint(progress)
        try await ensureImage(snapshot.configuration.image, for: progress.deployment)
        await log.write("Creating the Swarm service `\(progress.swarmServiceName)`...", for: progress.deployment)
        let spec = SwarmSpecBuilder.spec(for: deployment, snapshot, instance: instance, configIDs: configIDs)
        try await step("Creating the Swarm service", for: deployment) { try await docker.createServiceIfAbsent(spec) }
        try await checkpoint(progress)
    }

    /// Step 6: a locally present image is used as it is; otherwise it is pulled.
    func ensureImage(_ image: String?, for deployment: Deployment) async throws {
        guard let image else { throw PipelineFailure("The service has no image.") }
        if try await step("Looking for the image", for: deployment, { try await docker.imageExists(image) }) {
            return await log.write("Using the image `\(image)` present on the engine.", for: deployment)
        }
        await log.write("Pulling image `\(image)`...", for: deployment)
        do {
            try await docker.pull(image)
        } catch {
            await log.write("Failed to pull image `\(image)`: \(error)", .error, for: deployment)
            throw PipelineFailure("Failed to pull image")
        }
    }

    /// Throws `Cancelled` when a cancel request has arrived, `Stopped` when Zane is stopping, and fails a run
    /// that has lasted too long.
    func checkpoint(_ progress: Progress) async throws {
        if stopping.isRaised { throw Stopped() }
        let now = clock()
        if Double(now.seconds(since: progress.deployment.startedAt ?? now)) > timing.runTimeoutSeconds {
            throw PipelineFailure("The deployment did not finish within \(Int(timing.runTimeoutSeconds / 60)) minutes.")
        }
        let current = try await services.deployments().deployment(
            hash: progress.deployment.hash, serviceID: progress.deployment.serviceID)
        if current?.cancelRequested == true { throw Cancelled() }
    }

    /// `QUEUED → PREPARING` with `started_at`, and the slot recomputed; nil when the deployment is no longer queued.
    func start(_ queued: Deployment) async -> Deployment? {
        let now = clock()
        defer { didWrite() }
        return try? await services.changingConfiguration { repository in
            let deployments = repository.deployments()
            guard var deployment = try await deployments.deployment(hash: queued.hash, serviceID: queued.serviceID),
                deployment.status == .queued
            else { return nil }
            try deployment.move(to: .preparing, reason: nil, by: .pipeline)
            deployment.startedAt = now
            deployment.slot = Deployment.nextSlot(
                after: try await deployments.production(serviceID: deployment.serviceID))
            try await deployments.update(deployment)
            return deployment
        }
    }

    /// Step 12: the final status, and the production flag (`deploy.md` §1.3).
    func finish(_ deployment: Deployment, _ status: Deployment.Status, _ reason: String?, previous: Deployment?) async {
        let now = clock()
        defer { didWrite() }
        do {
            try await services.changingConfiguration { repository in
                let deployments = repository.deployments()
                var finished = deployment
                try finished.move(to: status, reason: reason, by: .pipeline)
                finished.finishedAt = now
                let becomesProduction = status == .healthy || (status == .failed && previous == nil)
                if becomesProduction {
                    for var other in try await deployments.deployments(serviceID: deployment.serviceID)
                    where other.hash != deployment.hash {
                        guard
                            other.isCurrentProduction || other.status.isInProgress
                                || [.healthy, .unhealthy, .sleeping].contains(other.status)
                        else { continue }
                        if other.status != .failed {
                            try? other.move(to: .removed, reason: other.statusReason, by: .cleanup)
                        }
                        other.isCurrentProduction = false
                        other.startedAt = other.startedAt ?? now
                        other.finishedAt = other.finishedAt ?? now
                        try await deployments.update(other)
                    }
                    finished.isCurrentProduction = true
                }
                try await deployments.update(finished)
            }
            logger.info(
                "deployment finished", metadata: ["deployment": "\(deployment.hash)", "status": "\(status.rawValue)"])
            await log.write(
                "Deployment \(deployment.hash) finished with status \(status.rawValue).",
                status == .healthy ? .info : .error, for: deployment)
            if let reason, !reason.isEmpty {
                await log.write("Deployment \(deployment.hash) finished with reason \(reason).", for: deployment)
            }
        } catch {
            logger.error(
                "could not record the end of a deployment",
                metadata: ["deployment": "\(deployment.hash)", "error": "\(error)"])
        }
    }

    /// Writes a status the deployment passes through (STARTING, RESTARTING, CANCELLING, and those of sleep
    /// and wake), if the stored status may move there.
    func record(
        _ status: Deployment.Status, _ reason: String?, of deployment: inout Deployment, by writer: StatusWriter
    ) async {
        guard deployment.status != status || deployment.statusReason != reason else { return }
        do {
            guard try await services.deployments().setStatus(status, reason: reason, hash: deployment.hash, by: writer)
            else {
                return logger.warning(
                    "status change refused",
                    metadata: [
                        "deployment": "\(deployment.hash)", "to": "\(status.rawValue)", "by": "\(writer.rawValue)",
                    ])
            }
            deployment =
                try await services.deployments().deployment(hash: deployment.hash, serviceID: deployment.serviceID)
                ?? deployment
        } catch {
            logger.error(
                "could not record a status", metadata: ["deployment": "\(deployment.hash)", "error": "\(error)"])
        }
        didWrite()
    }
}

/// A step that failed for a reason worth showing as the deployment's status reason.
struct PipelineFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Delays of the pipeline; tests shorten them.
public struct DeploymentTiming: Sendable {
    /// Between two health-check attempts (5 s in `deploy.md` §4.4).
    public var healthPollSeconds: Double
    /// Between two looks at whether a removed service's containers are gone.
    public var removalPollSeconds: Double
    /// How long to wait for containers to go before giving up.
    public var removalTimeoutSeconds: Double

    /// The first delay before a step is tried again after an infrastructure error.
    public var retryDelaySeconds: Double
    /// A run still going after this long fails at its next checkpoint (30 minutes in `deploy.md` §7).
    public var runTimeoutSeconds: Double
    /// How long a replaced deployment keeps serving the requests it has after the switch.
    public var drainSeconds: Double
    /// How long the task of a deployment without a health check must have been running before it counts as
    /// healthy: a container that exits at once is running for an instant, and must fail its deployment
    /// rather than fail later in production. (A health check must pass instead.)
    public var stableRunSeconds: Double

    public init(
        healthPollSeconds: Double = 5, removalPollSeconds: Double = 1, removalTimeoutSeconds: Double = 60,
        retryDelaySeconds: Double = 1,
        runTimeoutSeconds: Double = 1800, drainSeconds: Double = 0, stableRunSeconds: Double = 1
    ) {
        self.healthPollSeconds = healthPollSeconds
        self.removalPollSeconds = removalPollSeconds
        self.removalTimeoutSeconds = removalTimeoutSeconds
        self.retryDelaySeconds = retryDelaySeconds
        self.runTimeoutSeconds = runTimeoutSeconds
        self.drainSeconds = drainSeconds
        self.stableRunSeconds = stableRunSeconds
    }
}
