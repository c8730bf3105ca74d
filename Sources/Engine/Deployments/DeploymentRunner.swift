import DockerEngine
import Domain
import Foundation
import Logging

/// Runs the deployments of each service one at a time, oldest first, and at most `limit` pipelines at
/// once across the instance (`deploy.md` §7). The queue itself is the database: a deployment is `QUEUED`
/// until a pipeline takes it, so nothing is lost when the process stops.
public actor DeploymentRunner: DeploymentQueue {
    let pipeline: DeploymentPipeline
    let services: any ServiceRepository
    let environments: any EnvironmentRepository
    let slots: ConcurrencyLimit
    let logger: Logger
    /// Services whose queue is being drained.
    var draining: Set<String> = []
    /// Services being put to sleep or woken up: a second request meanwhile is ignored.
    var toggling: Set<String> = []
    /// Replaced deployments draining before their retirement, by service: the drain window, and the retirement.
    var retirements: [String: (window: Task<Void, Never>, done: Task<Void, Never>)] = [:]
    /// Queues wait for `recover()`: until it has run, an in-progress deployment may be a stopped process's.
    var recovered = false
    let stopping = StopSignal()

    public init(
        docker: any ContainerRuntime, services: any ServiceRepository, environments: any EnvironmentRepository,
        logs: any DeploymentLogRepository,
        instance: String, logger: Logger, limit: Int = 5, timing: DeploymentTiming = .init(),
        proxy: ProxySupervisor? = nil, builds: BuildSettings? = nil, didWrite: @escaping @Sendable () -> Void = {},
        clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        pipeline = DeploymentPipeline(
            docker: docker, services: services, instance: instance, logger: logger, log: SystemLog(repository: logs),
            didWrite: didWrite,
            timing: timing, probe: proxy.map { ProxyProbe(settings: $0.settings) }, router: proxy, clock: clock,
            stopping: stopping, builds: builds)
        self.environments = environments
        self.services = services
        slots = ConcurrencyLimit(limit)
        self.logger = logger
    }

    public func wake(serviceID: String) async {
        guard recovered, !stopping.isRaised, draining.insert(serviceID).inserted else { return }
        Task { await self.drain(serviceID) }
    }

    public func toggle(_ deployment: Deployment, running: Bool) async {
        guard toggling.insert(deployment.serviceID).inserted else { return }
        Task {
            await pipeline.toggle(deployment, running: running)
            self.toggled(deployment.serviceID)
        }
    }

    func toggled(_ serviceID: String) { toggling.remove(serviceID) }

    func drain(_ serviceID: String) async {
        while !stopping.isRaised, let next = await oldestQueued(of: serviceID) {
            await slots.acquire()
            // The next deployment may take the draining one's slot alias: that one goes first, once built.
            let deferred = await pipeline.run(next) { await self.retireNow(serviceID) }
            await slots.release()
            if let deferred { scheduleRetirement(deferred, of: serviceID) }
        }
        draining.remove(serviceID)
        // A deployment queued between the last look and the removal above is picked up here.
        if !stopping.isRaised, await oldestQueued(of: serviceID) != nil { await wake(serviceID: serviceID) }
    }

    func oldestQueued(of serviceID: String) async -> Deployment? {
        do {
            return try await services.deployments().deployments(serviceID: serviceID).filter { $0.status == .queued }
                .min { $0.queuedAt < $1.queuedAt }
        } catch {
            logger.error(
                "could not read the deployment queue", metadata: ["service": "\(serviceID)", "error": "\(error)"])
            return nil
        }
    }

    /// At start-up: every deployment a stopped process left in the middle of its pipeline is rolled back to a
    /// terminal state, then every service with queued deployments starts draining its queue (deploys asked
    /// for before this ran are among them).
    public func recover() async {
        defer { recovered = true }
        // Builds do not survive a restart: an interrupted one's deployment is rolled back below.
        if let directory = pipeline.builds?.directory { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let deployments = services.deployments()
            let interrupted = try await deployments.deployments(
                statuses: Set(Deployment.Status.allCases.filter(\.isInProgress)))
            for deployment in interrupted { await pipeline.recoverInterrupted(deployment) }
            recovered = true
            for serviceID in Set(try await deployments.deployments(statuses: [.queued]).map(\.serviceID)) {
                await wake(serviceID: serviceID)
            }
            await removeOrphans()
        } catch {
            logger.error("could not recover the deployment queue", metadata: ["error": "\(error)"])
        }
    }

    /// Zane is stopping: no deployment starts any more, each running one stops at its next checkpoint (left in
    /// progress for the next start's recovery), and this returns once none runs. Replaced deployments still
    /// draining are not waited for: if the process ends first, the next start removes them as orphans.
    public func stop() async {
        stopping.raise()
        // A stop that outlasts the group's shutdown limit is cancelled: the process ends without waiting more.
        while (!draining.isEmpty || !toggling.isEmpty) && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits until no service has a deployment queued or running, or one draining (for shutdown and tests).
    public func waitUntilIdle() async {
        while !draining.isEmpty || !toggling.isEmpty || !retirements.isEmpty {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    func scheduleRetirement(_ retirement: DeferredRetirement, of serviceID: String) {
        let (pipeline, seconds) = (pipeline, pipeline.timing.drainSeconds)
        let window = Task<Void, Never> { try? await Task.sleep(for: .seconds(seconds)) }
        let done = Task {
            await window.value
            await pipeline.retire(after: retirement)
            self.retired(serviceID)
        }
        retirements[serviceID] = (window, done)
    }

    /// Ends the service's drain window now and waits for the retirement.
    func retireNow(_ serviceID: String) async {
        guard let retirement = retirements[serviceID] else { return }
        retirement.window.cancel()
        await retirement.done.value
    }

    func retired(_ serviceID: String) { retirements[serviceID] = nil }
}

/// A counting semaphore for tasks.
actor ConcurrencyLimit {
    var available: Int
    var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ limit: Int) { available = max(1, limit) }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { available += 1 } else { waiting.removeFirst().resume() }
    }
}
