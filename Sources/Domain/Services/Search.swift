/// What `search-resources` finds: names that start with the query, at most five of each kind.
public struct SearchResults: Sendable {
    public struct ServiceHit: Sendable {
        public var id, slug, projectSlug, environmentName: String
        public var createdAt: Timestamp

        public init(id: String, slug: String, projectSlug: String, environmentName: String, createdAt: Timestamp) {
            (self.id, self.slug, self.projectSlug, self.environmentName, self.createdAt) = (
                id, slug, projectSlug, environmentName, createdAt
            )
        }
    }

    public struct EnvironmentHit: Sendable {
        public var id, name, projectSlug: String
        public var createdAt: Timestamp

        public init(id: String, name: String, projectSlug: String, createdAt: Timestamp) {
            (self.id, self.name, self.projectSlug, self.createdAt) = (id, name, projectSlug, createdAt)
        }
    }

    public var services: [ServiceHit]
    public var projects: [Project]
    public var environments: [EnvironmentHit]

    public init(services: [ServiceHit], projects: [Project], environments: [EnvironmentHit]) {
        self.services = services
        self.projects = projects
        self.environments = environments
    }
}

public protocol SearchRepository: Sendable {
    /// Services (production ones first, then by slug), projects and non-production environments of the
    /// workspace whose name starts with `prefix` (case-insensitive), at most `limit` of each.
    func search(prefix: String, workspaceID: String, limit: Int) async throws -> SearchResults
}
