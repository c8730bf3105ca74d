/// The services of an environment: creation, reading, settings, deploy token and archiving.
public struct ServiceCatalog: Sendable {
    let services: any ServiceRepository
    let environments: any EnvironmentRepository
    let images: any ImageAvailability
    let rootDomain: String
    let git: GitServiceChecks
    /// Told when services are deleted, so that their Docker objects go too.
    let orphans: any OrphanRemoval
    let clock: @Sendable () -> Timestamp

    public init(
        services: any ServiceRepository, environments: any EnvironmentRepository, images: any ImageAvailability,
        rootDomain: String, git: GitServiceChecks,
        orphans: any OrphanRemoval, clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.orphans = orphans
        self.services = services
        self.environments = environments
        self.images = images
        self.rootDomain = rootDomain.lowercased()
        self.git = git
        self.clock = clock
    }

    /// The service with this slug (and of this kind, when given).
    public func find(_ slug: String, in environment: Environment, of project: Project, kind: Service.Kind? = nil)
        async throws -> Service
    {
        guard let service = try await services.service(slug: slug, environmentID: environment.id),
            kind == nil || service.kind == kind
        else {
            throw DomainError.notFound(
                "A service with the slug `\(slug)` does not exist within the environment `\(environment.name)` of the project `\(project.slug)`"
            )
        }
        return service
    }

    public func details(of service: Service, in environment: Environment) async throws -> ServiceDetails {
        try await details(of: [service], in: environment)[0]
    }

    /// The environment's services among `ids`, in the order of `ids`; unknown ids are skipped.
    public func services(in environment: Environment, ids: [String]) async throws -> [Service] {
        let all = Dictionary(
            uniqueKeysWithValues: try await services.services(environmentID: environment.id).map { ($0.id, $0) })
        var seen = Set<String>()
        return ids.compactMap { id in seen.insert(id).inserted ? all[id] : nil }
    }

    /// Every service of the environment, by slug, with what its card shows: the pending `source` change,
    /// applied URLs and volumes.
    public func list(in environment: Environment, slugContaining query: String? = nil) async throws -> [ServiceDetails]
    {
        var all = try await services.services(environmentID: environment.id).sorted { $0.slug < $1.slug }
        if let query = query?.lowercased(), !query.isEmpty { all = all.filter { $0.slug.lowercased().contains(query) } }
        var cards = try await details(
            of: all, in: environment, changes: [.source, .gitSource], items: [.urls, .volumes, .gitSource])
        let latest = try await services.deployments().latestStatuses(serviceIDs: all.map(\.id))
        for index in cards.indices { cards[index].latestDeployment = latest[cards[index].service.id] }
        return cards
    }

    /// Creates a docker service with one pending `source` change for its image. Slugs are not suffixed: a taken one is a conflict.
    public func createDockerService(
        in environment: Environment, of project: Project, _ request: CreateDockerServiceRequest
    ) async throws -> ServiceDetails {
        guard await images.isAvailable(request.image) else {
            throw DomainError.invalid("image", CreateDockerServiceRequest.unavailableImageDetail(request.image))
        }
        let now = clock()
        let service = Service(
            slug: request.slug ?? SlugGenerator.make(), projectID: project.id, environmentID: environment.id,
            createdAt: now)
        let source = ServiceChange(
            serviceID: service.id, field: .source, kind: .update, newValue: .object(["image": .string(request.image)]),
            oldValue: nil,
            createdAt: now)
        do {
            try await services.create([service], changes: [source])
        } catch is UniqueConstraintViolation {
            throw DomainError.conflict("A service with the slug `\(service.slug)` already exists in this environment.")
        }
        return try await details(of: service, in: environment)
    }

    public func update(_ service: Service, in environment: Environment, _ request: UpdateServiceRequest) async throws
        -> ServiceDetails
    {
        var updated = service
        updated.slug = request.slug ?? service.slug
        updated.autoDeployEnabled = request.autoDeployEnabled ?? service.autoDeployEnabled
        if let watchPaths = request.watchPaths { updated.watchPaths = watchPaths }
        updated.cleanupQueueOnAutoDeploy = request.cleanupQueueOnAutoDeploy ?? service.cleanupQueueOnAutoDeploy
        updated.previewEnvironmentsEnabled = request.previewEnvironmentsEnabled ?? service.previewEnvironmentsEnabled
        if let secret = request.webhookSecret {
            guard service.kind == .gitRepository else {
                throw DomainError.invalid("webhook_secret", "Only git services receive push webhooks.")
            }
            updated.webhookSecret = secret
        }
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

    /// Deletes the service, unless another service mounts one of its volumes.
    public func archive(_ service: Service) async throws {
        try await services.changingConfiguration { repository in
            let volumeIDs = Set(try await repository.items(serviceIDs: [service.id], fields: [.volumes]).map(\.id))
            let (items, changes) = try await repository.neighbourClaims(
                fields: [.sharedVolumes], excludingServiceID: service.id)
            if NeighbourClaims(items: items, changes: changes).sharedVolumes.contains(where: {
                volumeIDs.contains($0.volumeID)
            }) {
                throw DomainError.conflict(
                    "Cannot delete this service because one of its volumes is shared with other services; detach them first."
                )
            }
            try await repository.delete(service)
        }
        Task { [orphans] in await orphans.removeOrphans() }
    }

    /// The Docker volumes (not host paths) of the environment's other services, which this one may mount.
    public func availableVolumes(for service: Service) async throws -> [VolumeOwnership] {
        let others = try await services.services(environmentID: service.environmentID).filter { $0.id != service.id }
        let owners = Dictionary(uniqueKeysWithValues: others.map { ($0.id, $0) })
        return try await services.items(serviceIDs: others.map(\.id), fields: [.volumes]).compactMap { item in
            guard let volume = Volume(json: item.value, id: item.id), volume.hostPath == nil,
                let owner = owners[item.serviceID]
            else { return nil }
            return VolumeOwnership(volume: volume, owner: owner)
        }
    }

    /// Copies of the source environment's services for a cloned environment: same slugs and network aliases,
    /// new ids and deploy tokens, and their projected configuration as pending changes. Published ports and
    /// redirect URLs are left out (they would collide with the originals), URLs get new generated domains, and
    /// shared volumes are left out (they point at the source environment's volumes).
    public func copies(of source: Environment, into target: Environment, of project: Project) async throws -> (
        [Service], [ServiceChange]
    ) {
        let originals = try await services.services(environmentID: source.id)
        let ids = originals.map(\.id)
        let changes = Dictionary(grouping: try await services.pendingChanges(serviceIDs: ids), by: \.serviceID)
        let items = Dictionary(grouping: try await services.items(serviceIDs: ids, fields: nil), by: \.serviceID)
        let now = clock()
        var copies: [Service] = []
        var copiedChanges: [ServiceChange] = []
        for original in originals {
            var copy = Service(
                slug: original.slug, kind: original.kind, projectID: original.projectID, environmentID: target.id,
                createdAt: now)
            copy.networkAlias = original.networkAlias
            if original.kind == .gitRepository {
                copy.webhookSecret = Service.newDeployToken()
                copy.gitCredentials = original.gitCredentials
            }
            copy.autoDeployEnabled = original.autoDeployEnabled
            copy.watchPaths = original.watchPaths
            copy.cleanupQueueOnAutoDeploy = original.cleanupQueueOnAutoDeploy
            copy.previewEnvironmentsEnabled = original.previewEnvironmentsEnabled
            copies.append(copy)
            let projected = ServiceConfiguration(original, items: items[original.id] ?? []).applying(
                changes[original.id] ?? [])
            let values = ClonedConfiguration(
                projected,
                generatedDomain: { GeneratedDomain.make(project: project, service: copy, rootDomain: rootDomain) })
            copiedChanges += values.changes.enumerated().map { offset, value in
                ServiceChange(
                    serviceID: copy.id, field: value.field, kind: value.field.holdsItems ? .add : .update,
                    newValue: value.newValue,
                    oldValue: nil, createdAt: Timestamp(microseconds: now.microseconds + Int64(offset)))
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

    /// The services with their environment, applied configuration and pending changes; only the pending
    /// changes and applied items of the given fields, when given.
    func details(
        of list: [Service], in environment: Environment, changes changeFields: Set<ServiceChange.Field>? = nil,
        items itemFields: Set<ServiceChange.Field>? = nil
    ) async throws -> [ServiceDetails] {
        let ids = list.map(\.id)
        let variables = try await environments.variables(environmentID: environment.id)
        let changes = Dictionary(
            grouping: try await services.pendingChanges(serviceIDs: ids, fields: changeFields), by: \.serviceID)
        let items = Dictionary(grouping: try await services.items(serviceIDs: ids, fields: itemFields), by: \.serviceID)
        return list.map {
            ServiceDetails(
                service: $0, configuration: ServiceConfiguration($0, items: items[$0.id] ?? []),
                environment: environment,
                variables: variables, pendingChanges: changes[$0.id] ?? [])
        }
    }
}
