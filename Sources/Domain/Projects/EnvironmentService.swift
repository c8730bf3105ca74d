/// Environments of a project and their shared variables.
public struct EnvironmentService: Sendable {
    let environments: any EnvironmentRepository
    let services: ServiceCatalog
    let clock: @Sendable () -> Timestamp

    public init(
        environments: any EnvironmentRepository, services: ServiceCatalog,
        clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.environments = environments
        self.services = services
        self.clock = clock
    }

    public func find(_ name: String, in project: Project, notFoundDetail: String? = nil) async throws -> Environment {
        let lowered = name.lowercased()
        guard let environment = try await environments.environment(projectID: project.id, name: lowered) else {
            throw DomainError.notFound(
                notFoundDetail ?? "An environment with the name `\(lowered)` does not exist in this project")
        }
        return environment
    }

    public func variables(of environment: Environment) async throws -> [SharedVariable] {
        try await environments.variables(environmentID: environment.id)
    }

    public func create(in project: Project, name: String) async throws -> Environment {
        let environment = Environment(projectID: project.id, name: name, createdAt: clock())
        try await store(environment, variables: [], services: [], changes: [], in: project)
        return environment
    }

    /// Copies the source environment's configuration into a new environment: its shared variables, and its
    /// services with their configuration as pending changes. Returns the new services too, for
    /// `deploy_after_clone` (`Deployments.deployClones`).
    public func clone(_ source: Environment, in project: Project, _ request: CloneEnvironmentRequest) async throws
        -> (environment: Environment, variables: [SharedVariable], services: [Service])
    {
        let environment = Environment(projectID: project.id, name: request.name, createdAt: clock())
        let variables = try await environments.variables(environmentID: source.id).map {
            SharedVariable(environmentID: environment.id, key: $0.key, value: $0.value)
        }
        let (copies, changes) = try await services.copies(of: source, into: environment, of: project)
        try await store(environment, variables: variables, services: copies, changes: changes, in: project)
        return (environment, variables, copies)
    }

    public func rename(_ environment: Environment, in project: Project, to name: String) async throws -> Environment {
        var renamed = environment
        renamed.name = name
        do {
            try await environments.rename(renamed, touching: touched(project))
        } catch is UniqueConstraintViolation {
            throw DomainError.conflict("An environment with the name `\(name)` already exists in this project")
        }
        return renamed
    }

    /// Checks that come before the body of a rename.
    public func checkRenamable(_ environment: Environment) throws(DomainError) {
        if environment.isProduction { throw .permissionDenied("Cannot rename the production environment.") }
        if environment.isPreview { throw .permissionDenied("Cannot rename a preview environment.") }
    }

    public func delete(_ environment: Environment, in project: Project) async throws {
        if environment.isProduction { throw DomainError.permissionDenied("Cannot delete the production environment") }
        try await environments.delete(environment, touching: touched(project))
        Task { [services] in await services.orphans.removeOrphans() }
    }

    func store(
        _ environment: Environment, variables: [SharedVariable], services: [Service], changes: [ServiceChange],
        in project: Project
    ) async throws {
        do {
            try await environments.create(
                environment, variables: variables, services: services, changes: changes, touching: touched(project))
        } catch is UniqueConstraintViolation {
            throw DomainError.conflict("An environment with the name `\(environment.name)` already exists")
        }
    }

    func touched(_ project: Project) -> Project {
        var project = project
        project.updatedAt = clock()
        return project
    }
}
