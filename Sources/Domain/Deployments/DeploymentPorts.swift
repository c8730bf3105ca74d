/// Storage of deployments.
public protocol DeploymentRepository: Sendable {
    func create(_ deployment: Deployment) async throws
    /// Saves status, reason, timestamps, production flag and slot (never the cancel request, which only
    /// `requestCancel` sets, so that a pipeline's write cannot drop one).
    func update(_ deployment: Deployment) async throws
    func requestCancel(hash: String) async throws
    /// Sets only the status and its reason, if the stored status may move there (`Deployment.move`);
    /// false when it may not (the row is left as it is).
    @discardableResult
    func setStatus(_ status: Deployment.Status, reason: String?, hash: String, by writer: StatusWriter) async throws
        -> Bool
    func deployment(hash: String, serviceID: String) async throws -> Deployment?
    /// The service a deployment belongs to (without reading its snapshot).
    func serviceID(ofDeployment hash: String) async throws -> String?
    /// The service's deployments, newest first.
    func deployments(serviceID: String) async throws -> [Deployment]
    /// Deployments in any of these statuses, oldest first, across the instance.
    func deployments(statuses: Set<Deployment.Status>) async throws -> [Deployment]
    func production(serviceID: String) async throws -> Deployment?
    /// Per service, the status and queue time of its latest deployment that was not cancelled (without
    /// reading snapshots: cards of whole environments need it).
    func latestStatuses(serviceIDs: [String]) async throws -> [String: LatestDeployment]
}

extension DeploymentRepository {
    /// Current production deployments that run: not asleep, not finished (the ones watched and sampled).
    public func awakeProduction() async throws -> [Deployment] {
        try await deployments(statuses: [.healthy, .unhealthy, .starting, .restarting]).filter(\.isCurrentProduction)
    }
}

/// Brings the engine in line with the database after something was deleted (a service, an environment, a project).
public protocol OrphanRemoval: Sendable {
    func removeOrphans() async
}

/// A service's latest deployment that was not cancelled, as cards show it.
public typealias LatestDeployment = (status: Deployment.Status, queuedAt: Timestamp, commitMessage: String)
