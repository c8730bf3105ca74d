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

/// A project with its environments, oldest first, as the API shows it.
public struct ProjectSummary: Sendable {
    public var project: Project
    public var environments: [Environment]

    public init(project: Project, environments: [Environment]) {
        self.project = project
        self.environments = environments
    }
}
