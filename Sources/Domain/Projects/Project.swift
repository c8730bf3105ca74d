/// A named group of services, with at least its `production` environment.
public struct Project: Hashable, Sendable {
    public var id: String
    public var slug: String
    public var description: String?
    public var workspaceID: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String = RandomID.make(prefix: "prj_"), slug: String, description: String?, workspaceID: String,
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.slug = slug
        self.description = description
        self.workspaceID = workspaceID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A project with its environments, oldest first, and its service counters, as the API shows it.
public struct ProjectSummary: Sendable {
    public var project: Project
    public var environments: [Environment]
    public var services: ServiceCounts

    public init(project: Project, environments: [Environment], services: ServiceCounts = ServiceCounts()) {
        self.project = project
        self.environments = environments
        self.services = services
    }
}

/// Services of a project by the status of their current production deployment (`api.md` §2.1): `total`
/// counts those that settled (HEALTHY, UNHEALTHY or FAILED), `healthy` the HEALTHY ones.
public struct ServiceCounts: Sendable, Equatable {
    public static let settled: [Deployment.Status] = [.healthy, .unhealthy, .failed]

    public var healthy: Int
    public var total: Int

    public init(healthy: Int = 0, total: Int = 0) {
        self.healthy = healthy
        self.total = total
    }
}
