/// How a project list is ordered.
public enum ProjectOrdering: String, Sendable, CaseIterable {
    case slug
    case slugDescending = "-slug"
    case updatedAt = "updated_at"
    case updatedAtDescending = "-updated_at"
}

/// Storage of projects, environments and shared variables.
public protocol ProjectRepository: Sendable {
    func projects(workspaceID: String, slugContaining: String?, orderedBy: [ProjectOrdering]) async throws
        -> [ProjectSummary]
    func project(slug: String, workspaceID: String) async throws -> Project?
    /// Slugs that start with `prefix`.
    func slugs(startingWith prefix: String) async throws -> Set<String>
    /// Creates the project and its environments atomically. Throws `UniqueConstraintViolation` when the slug is taken.
    func create(_ project: Project, environments: [Environment]) async throws
    /// Throws `UniqueConstraintViolation` when the slug is taken.
    func update(_ project: Project) async throws
    /// Moves the project to the archive and deletes it with everything under it, atomically.
    func archive(_ project: Project, at time: Timestamp) async throws
    func environments(projectID: String) async throws -> [Environment]
    /// The counters of one project (the list computes them for all of its projects).
    func serviceCounts(projectID: String) async throws -> ServiceCounts
}

public protocol EnvironmentRepository: Sendable {
    func environment(projectID: String, name: String) async throws -> Environment?
    func environment(id: String) async throws -> Environment?
    /// Creates the environment with its variables, services and their pending changes atomically.
    /// Throws `UniqueConstraintViolation` when the name is taken.
    func create(
        _ environment: Environment, variables: [SharedVariable], services: [Service], changes: [ServiceChange],
        touching project: Project
    ) async throws
    /// Throws `UniqueConstraintViolation` when the name is taken.
    func rename(_ environment: Environment, touching project: Project) async throws
    func delete(_ environment: Environment, touching project: Project) async throws
    func variables(environmentID: String) async throws -> [SharedVariable]
    /// Throws `UniqueConstraintViolation` when the key is taken in the environment.
    func save(_ variable: SharedVariable, isNew: Bool) async throws
    func deleteVariable(id: String, environmentID: String) async throws
}
