/// The services of an environment: creation, reading, settings, deploy token and archiving.
public struct ServiceCatalog: Sendable {
    let services: any ServiceRepository
    let environments: any EnvironmentRepository
    let images: any ImageAvailability
    let clock: @Sendable () -> Timestamp

    public init(
        services: any ServiceRepository, environments: any EnvironmentRepository, images: any ImageAvailability,
        clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.services = services
        self.environments = environments
        self.images = images
        self.clock = clock
    }

    public func find(_ slug: String, in environment: Environment, of project: Project) async throws -> Service {
        guard let service = try await services.service(slug: slug, environmentID: environment.id) else {
            throw DomainError.notFound(
                "A service with the slug `\(slug)` does not exist within the environment `\(environment.name)` of the project `\(project.slug)`")
        }
        return service
    }

    public func details(of service: Service, in environment: Environment) async throws -> ServiceDetails {
        try await details(of: [service], in: environment)[0]
    }

    /// Every service of the environment, by slug, with its pending changes.
    public func list(in environment: Environment, slugContaining query: String? = nil) async throws -> [ServiceDetails] {
        var all = try await services.services(environmentID: environment.id).sorted { $0.slug < $1.slug }
        if let query = query?.lowercased(), !query.isEmpty { all = all.filter { $0.slug.lowercased().contains(query) } }
        return try await details(of: all, in: environment)
    }

    /// Creates a docker service with one pending `source` change for its image. Slugs are not suffixed: a taken one is a conflict.
    public func createDockerService(in environment: Environment, of project: Project, _ request: CreateDockerServiceRequest) async throws -> ServiceDetails {
        guard await images.isAvailable(request.image) else { throw DomainError.invalid("image", CreateDockerServiceRequest.unavailableImageDetail(request.image)) }
        let now = clock()
        let service = Service(slug: request.slug ?? SlugGenerator.make(), projectID: project.id, environmentID: environment.id, createdAt: now)
        let source = ServiceChange(
            serviceID: service.id, field: .source, kind: .update, newValue: .object(["image": .string(request.image)]), oldValue: nil,
            createdAt: now)
        do {
            try await services.create([service], changes: [source])
        } catch is UniqueConstraintViolation {
            throw DomainError.conflict("A service with the slug `\(service.slug)` already exists in this environment.")
        }
        return try await details(of: service, in: environment)
    }

    public func update(_ service: Service, in environment: Environment, _ request: UpdateServiceRequest) async throws -> ServiceDetails {
        var updated = service
        updated.slug = request.slug ?? service.slug
        updated.autoDeployEnabled = request.autoDeployEnabled ?? service.autoDeployEnabled
        if let watchPaths = request.watchPaths { updated.watchPaths = watchPaths }
        updated.cleanupQueueOnAutoDeploy = request.cleanupQueueOnAutoDeploy ?? service.cleanupQueueOnAutoDeploy
        updated.previewEnvironmentsEnabled = request.previewEnvironmentsEnabled ?? service.previewEnvironmentsEnabled
        try await save(updated)
        return try await details(of: updated, in: environment)
    }

    /// Replaces the deploy token: the old one stops working at once.
    public func regenerateDeployToken(of service: Service, in environment: Environment) async throws -> ServiceDetails {
        var updated = service
        updated.deployToken = Service.newDeployToken()
        try await save(updated)
        return try await details(of: updated, in: environment)
    }

    /// Drops a pending change, unless the service would be left without an image to run.
    public func cancelChange(id: String, of service: Service) async throws {
        let pending = try await services.pendingChanges(serviceIDs: [service.id])
        guard let change = pending.first(where: { $0.id == id }) else {
            throw DomainError.notFound("A pending change with id `\(id)` does not exist in this service.")
        }
        if change.field == .source && service.image == nil {
            throw DomainError.conflict("Cannot revert this change because the service has no previous image to restore.")
        }
        try await services.deletePendingChange(id: id, serviceID: service.id)
    }

    public func archive(_ service: Service) async throws {
        try await services.delete(service)
    }

    /// Copies of the source environment's services for a cloned environment: same slugs and network aliases,
    /// new ids and deploy tokens, their configuration as pending changes.
    public func copies(of source: Environment, into target: Environment) async throws -> ([Service], [ServiceChange]) {
        let originals = try await services.services(environmentID: source.id)
        let changes = Dictionary(grouping: try await services.pendingChanges(serviceIDs: originals.map(\.id)), by: \.serviceID)
        let now = clock()
        var copies: [Service] = []
        var copiedChanges: [ServiceChange] = []
        for original in originals {
            var copy = Service(slug: original.slug, projectID: original.projectID, environmentID: target.id, createdAt: now)
            copy.networkAlias = original.networkAlias
            copy.autoDeployEnabled = original.autoDeployEnabled
            copy.watchPaths = original.watchPaths
            copy.cleanupQueueOnAutoDeploy = original.cleanupQueueOnAutoDeploy
            copy.previewEnvironmentsEnabled = original.previewEnvironmentsEnabled
            copies.append(copy)
            for change in changes[original.id] ?? [] {
                copiedChanges.append(ServiceChange(
                    serviceID: copy.id, field: change.field, kind: change.kind, itemID: change.itemID, newValue: change.newValue,
                    oldValue: change.oldValue, createdAt: change.createdAt))
            }
        }
        return (copies, copiedChanges)
    }

    func save(_ service: Service) async throws {
        var service = service
        service.updatedAt = clock()
        do {
            try await services.update(service)
        } catch is UniqueConstraintViolation {
            throw DomainError.conflict("The slug `\(service.slug)` is already used by another service.")
        }
    }

    func details(of list: [Service], in environment: Environment) async throws -> [ServiceDetails] {
        let variables = try await environments.variables(environmentID: environment.id)
        let changes = Dictionary(grouping: try await services.pendingChanges(serviceIDs: list.map(\.id)), by: \.serviceID)
        return list.map { ServiceDetails(service: $0, environment: environment, variables: variables, pendingChanges: changes[$0.id] ?? []) }
    }
}
