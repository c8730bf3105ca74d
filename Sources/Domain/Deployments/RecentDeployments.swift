/// A deployment as the dashboard's "recent deployments" shows it, with its service, project and environment.
public struct RecentDeployment: Sendable, Equatable {
    public var hash: String
    public var status: Deployment.Status
    public var isCurrentProduction: Bool
    public var commitMessage: String
    public var queuedAt: Timestamp
    public var startedAt: Timestamp?
    public var finishedAt: Timestamp?
    public var serviceID: String
    public var serviceSlug: String
    public var projectID: String
    public var projectSlug: String
    public var environment: Environment

    public init(
        hash: String, status: Deployment.Status, isCurrentProduction: Bool, commitMessage: String, queuedAt: Timestamp,
        startedAt: Timestamp?,
        finishedAt: Timestamp?, serviceID: String, serviceSlug: String, projectID: String, projectSlug: String,
        environment: Environment
    ) {
        self.hash = hash
        self.status = status
        self.isCurrentProduction = isCurrentProduction
        self.commitMessage = commitMessage
        self.queuedAt = queuedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.serviceID = serviceID
        self.serviceSlug = serviceSlug
        self.projectID = projectID
        self.projectSlug = projectSlug
        self.environment = environment
    }

    /// At most `limit`, one per service (`api.md` §9.3): of each service's production deployment and its
    /// failed or starting ones, the most pressing (unhealthy, then in progress, then the rest; newest first).
    public static func pick(_ candidates: [RecentDeployment], limit: Int = 6) -> [RecentDeployment] {
        func rank(_ deployment: RecentDeployment) -> Int {
            switch deployment.status {
            case .unhealthy: 0
            case .preparing, .building, .starting: 1
            default: 2
            }
        }
        let ordered = candidates.filter { $0.status != .cancelled && $0.status != .cancelling }
            .sorted { (rank($0), -$0.queuedAt.microseconds) < (rank($1), -$1.queuedAt.microseconds) }
        var seen = Set<String>()
        return Array(ordered.filter { seen.insert($0.serviceID).inserted }.prefix(limit))
    }
}

/// Reads the candidates of "recent deployments" in a workspace: production deployments, and failed or
/// starting ones.
public protocol RecentDeploymentsRepository: Sendable {
    func candidates(workspaceID: String) async throws -> [RecentDeployment]
}
