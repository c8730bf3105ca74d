/// Deploy requests and what the API reads of deployments. The pipeline itself runs in the engine, which
/// `queue` wakes once a deployment is stored.
public struct Deployments: Sendable {
    let services: any ServiceRepository
    let environments: any EnvironmentRepository
    let queue: any DeploymentQueue
    let didWrite: @Sendable () -> Void
    let clock: @Sendable () -> Timestamp

    public init(
        services: any ServiceRepository, environments: any EnvironmentRepository, queue: any DeploymentQueue,
        didWrite: @escaping @Sendable () -> Void = {},
        clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.services = services
        self.environments = environments
        self.queue = queue
        self.didWrite = didWrite
        self.clock = clock
    }

    /// Applies the pending changes and queues a deployment of the result, in one transaction (`deploy.md` §2).
    public func deploy(
        _ service: Service, in environment: Environment, _ request: DeployRequest, trigger: Deployment.Trigger
    ) async throws
        -> Deployment
    {
        let variables = try await environments.variables(environmentID: environment.id)
        let now = clock()
        let deployment = try await services.changingConfiguration { repository in
            let deployments = repository.deployments()
            if request.cleanupQueue { try await Self.cancelOthers(of: service.id, in: deployments, at: now) }
            guard
                let (updated, configuration, applied) = try await ServiceChanges.applyPendingChanges(
                    serviceID: service.id, in: repository, at: now)
            else { throw DomainError.notFound("This service does not exist anymore.") }
            let details = ServiceDetails(
                service: updated, configuration: configuration, environment: environment, variables: variables,
                pendingChanges: [])
            var deployment = Deployment(
                serviceID: service.id,
                slot: Deployment.nextSlot(after: try await deployments.production(serviceID: service.id)),
                trigger: trigger, commitMessage: request.commitMessage, redeployHash: request.redeployHash,
                snapshot: DeploymentSnapshot(details),
                changes: applied, queuedAt: now)
            if updated.kind == .gitRepository {
                deployment.commitSHA = request.commitSHA ?? configuration.gitSource?.commitSHA ?? GitSource.head
                deployment.commitAuthorName = request.commitAuthorName
                deployment.ignoreBuildCache = request.ignoreBuildCache
            }
            try await deployments.create(deployment)
            return deployment
        }
        didWrite()
        await queue.wake(serviceID: service.id)
        return deployment
    }

    /// Queued deployments are cancelled at once; running ones get a cancel request.
    static func cancelOthers(of serviceID: String, in deployments: any DeploymentRepository, at time: Timestamp)
        async throws
    {
        for var other in try await deployments.deployments(serviceID: serviceID)
        where other.status == .queued || other.status.isInProgress {
            if other.status == .queued {
                try other.move(to: .cancelled, reason: "Cancelled due to new superseding deployment.", by: .api)
                try await deployments.update(other)
            } else {
                try await deployments.requestCancel(hash: other.hash)
            }
        }
    }

    /// Cancels queued deployments (all but the oldest one queued or running), and with `includingRunning`
    /// every running one too (`api.md` §8.2).
    public func cleanUpQueue(of service: Service, includingRunning: Bool) async throws {
        try await services.changingConfiguration { [clock] repository in
            let deployments = repository.deployments()
            let all = try await deployments.deployments(serviceID: service.id).sorted { $0.queuedAt < $1.queuedAt }
            if includingRunning { return try await Self.cancelOthers(of: service.id, in: deployments, at: clock()) }
            let kept = all.first { $0.status == .queued || $0.status.isInProgress }?.hash
            for var deployment in all where deployment.status == .queued && deployment.hash != kept {
                try deployment.move(to: .cancelled, reason: "Cancelled due to new superseding deployment.", by: .api)
                try await deployments.update(deployment)
            }
        }
        didWrite()
    }

    /// Stops or starts the service's production deployment (`api.md` §13.1).
    public func toggle(_ service: Service, running: Bool) async throws {
        guard let production = try await services.deployments().production(serviceID: service.id) else {
            throw DomainError.conflict("This service has not been deployed yet, and thus its state cannot be toggled.")
        }
        await queue.toggle(production, running: running)
    }

    public func deployments(of service: Service) async throws -> [Deployment] {
        try await services.deployments().deployments(serviceID: service.id)
    }

    public func deployment(_ hash: String, of service: Service) async throws -> Deployment {
        guard let deployment = try await services.deployments().deployment(hash: hash, serviceID: service.id) else {
            throw DomainError.notFound("A deployment with the hash `\(hash)` does not exist for this service.")
        }
        return deployment
    }

    /// Cancels a deployment that has not finished: at once when it has not started, else through the pipeline.
    public func cancel(_ hash: String, of service: Service) async throws -> Deployment {
        let deployment = try await services.changingConfiguration { repository in
            let deployments = repository.deployments()
            guard var deployment = try await deployments.deployment(hash: hash, serviceID: service.id) else {
                throw DomainError.notFound("A deployment with the hash `\(hash)` does not exist for this service.")
            }
            guard deployment.finishedAt == nil,
                deployment.status == .queued || (deployment.status.isInProgress && deployment.status != .cancelling)
            else {
                throw DomainError.conflict(
                    "This deployment cannot be cancelled as it has already finished or is in the process of cancelling."
                )
            }
            if deployment.startedAt == nil {
                try deployment.move(to: .cancelled, reason: "Deployment cancelled.", by: .api)
                try await deployments.update(deployment)
            } else {
                deployment.cancelRequested = true
                try await deployments.requestCancel(hash: hash)
            }
            return deployment
        }
        didWrite()
        return deployment
    }
}

/// Where deploy requests go once stored: the engine, which runs each service's deployments in order.
public protocol DeploymentQueue: Sendable {
    func wake(serviceID: String) async
    /// Puts the production deployment to sleep (0 replicas) or wakes it up, in the background.
    func toggle(_ deployment: Deployment, running: Bool) async
}

/// `PUT …/deploy-service/docker/{slug}`
public struct DeployRequest: Sendable {
    public var commitMessage: String
    public var cleanupQueue: Bool
    /// Set by a redeploy: the deployment whose configuration this one restores.
    public var redeployHash: String?
    /// A git service's commit to build (its source's, `HEAD` by default, when nil) and who wrote it.
    public var commitSHA: String?
    public var commitAuthorName: String?
    public var ignoreBuildCache = false

    public init(commitMessage: String = Deployment.defaultCommitMessage, cleanupQueue: Bool = false) {
        self.commitMessage = commitMessage
        self.cleanupQueue = cleanupQueue
    }

    public init(reading reader: inout InputReader) throws(DomainError) {
        self = Self.read(&reader)
        try reader.check()
    }

    /// `commit_message` (blank or missing: the default) and `cleanup_queue`; errors stay in `reader`.
    static func read(_ reader: inout InputReader) -> DeployRequest {
        let message = reader.string("commit_message", allowBlank: true, maxLength: 1024) ?? ""
        let cleanup = reader.bool("cleanup_queue")
        return DeployRequest(
            commitMessage: message.isEmpty ? Deployment.defaultCommitMessage : message, cleanupQueue: cleanup ?? false)
    }
}
