/// Pending configuration changes: requesting them (one, or a whole `.env` file), cancelling them, and
/// applying them all as a deployment does. Every write runs in a configuration transaction, so
/// concurrent requests are checked one after the other and never break a rule together.
public struct ServiceChanges: Sendable {
    let services: any ServiceRepository
    let images: any ImageAvailability
    let ports: any PortAvailability
    let domains: InstanceDomains
    let git: GitServiceChecks
    /// Called after a write that did not come from an API request (applying changes), once committed.
    let didWrite: @Sendable () -> Void
    let clock: @Sendable () -> Timestamp

    public init(
        services: any ServiceRepository, images: any ImageAvailability, ports: any PortAvailability,
        domains: InstanceDomains, git: GitServiceChecks,
        didWrite: @escaping @Sendable () -> Void = {}, clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.services = services
        self.images = images
        self.ports = ports
        self.domains = domains
        self.git = git
        self.didWrite = didWrite
        self.clock = clock
    }

    /// The schema stage's view of this instance, for a change to this service.
    public func schema(project: Project, service: Service, server: ServerResources) -> ChangeValueSchema {
        ChangeValueSchema(server: server) { [domains] in
            GeneratedDomain.make(project: project, service: service, rootDomain: domains.rootDomain)
        }
    }

    /// Records the change (or merges it into the pending change of the same field). A docker service accepts
    /// the git-only fields and ignores them; a git service takes its code from `git_source`, not `source`.
    public func request(_ request: ServiceChangeRequest, for service: Service) async throws {
        let field = request.field
        if field.isGitOnly && service.kind != .gitRepository { return }
        if field == .source && service.kind == .gitRepository {
            throw DomainError.invalid("field", Self.sourceOfGitServiceDetail)
        }
        if field == .source, let image = request.newValue?["image"]?.string, await !images.isAvailable(image) {
            throw DomainError.invalid("new_value.image", CreateDockerServiceRequest.unavailableImageDetail(image))
        }
        if field == .gitSource, let source = request.newValue.flatMap(GitSource.init(json:)) {
            let credentials = request.gitCredentials.applied(to: service.gitCredentials)
            try await git.check(source, credentials: credentials, attrPrefix: "new_value.")
        }
        if field == .builder, let builder = request.newValue.flatMap(Builder.init(json:)) {
            try git.check(builder, attr: "new_value.builder")
        }
        let change = ServiceChange(
            serviceID: service.id, field: field, kind: request.kind, itemID: request.itemID, newValue: request.newValue,
            oldValue: nil,
            createdAt: clock())
        try await services.changingConfiguration { [self] repository in
            try await record(change, repository: repository)
            // A token is a credential, not configuration: it counts from now on, for every later build.
            if request.gitCredentials != .unchanged, var current = try await repository.service(id: service.id) {
                current.gitCredentials = request.gitCredentials.applied(to: current.gitCredentials)
                try await repository.update(current)
            }
        }
    }

    /// Points the pending `source` change at `image` (created when absent and the image is not the applied
    /// one), as a deploy webhook asks. The image must have been checked already.
    public func requestImage(_ image: String, for service: Service) async throws {
        let value = JSONValue.object(["image": .string(image)])
        let now = clock()
        try await services.changingConfiguration { repository in
            guard let current = try await repository.service(id: service.id) else { return }
            if var pending = try await repository.pendingChanges(serviceIDs: [service.id], fields: [.source]).first {
                pending.newValue = value
                try await repository.replacePendingValue(of: pending)
            } else if current.image != image {
                let applied = ServiceConfiguration(image: current.image, command: current.command)
                try await repository.addPendingChanges([
                    ServiceChange(
                        serviceID: service.id, field: .source, kind: .update, newValue: value,
                        oldValue: applied.fieldJSON(of: .source), createdAt: now)
                ])
            }
        }
    }

    static let sourceOfGitServiceDetail =
        "A git service is built from its repository: change `git_source` or `builder` instead of `source`."

    func record(_ requested: ServiceChange, repository: any ServiceRepository) async throws {
        guard let service = try await repository.service(id: requested.serviceID) else {
            throw DomainError.notFound("This service does not exist anymore.")
        }
        let applied = ServiceConfiguration(
            service, items: try await repository.items(serviceIDs: [service.id], fields: nil))
        let pending = try await repository.pendingChanges(serviceIDs: [service.id])
        var change = requested
        if change.field.holdsItems {
            change.oldValue = change.itemID.flatMap { applied.itemJSON(of: change.field, id: $0) }
        } else {
            change.oldValue = applied.fieldJSON(of: change.field)
        }
        let checks = ChangeChecks(
            change: change, service: service, applied: applied, pending: pending,
            neighbours: try await neighbours(of: service, for: change.field, repository: repository),
            sharedTarget: try await sharedTarget(of: change, repository: repository), instance: domains)
        try checks.checkTarget()
        try checks.checkProjection()
        if let port = checks.hostPortToBind, await !ports.canBind(port: port) {
            throw DomainError.invalid("new_value.host", "Port `\(port)` is not available on the host machine.")
        }
        if change.field == .sharedVolumes, case .object(var value)? = change.newValue, let target = checks.sharedTarget
        {
            value["volume"] = .object([
                "id": .string(target.volume.id), "name": .string(target.volume.name),
                "container_path": .string(target.volume.containerPath),
                "service": .object(["id": .string(target.owner.id), "slug": .string(target.owner.slug)]),
            ])
            change.newValue = .object(value)
        }
        guard !change.field.holdsItems else { return try await repository.addPendingChanges([change]) }
        if Self.matchesApplied(change, applied) { return }
        if var existing = pending.first(where: { $0.field == change.field }) {
            existing.newValue = change.newValue
            try await repository.replacePendingValue(of: existing)
        } else {
            try await repository.addPendingChanges([change])
        }
    }

    /// Whether a field-type change asks for exactly what is applied already.
    static func matchesApplied(_ change: ServiceChange, _ applied: ServiceConfiguration) -> Bool {
        let value = change.newValue ?? .null
        switch change.field {
        case .source: return value["image"]?.string == applied.image
        case .command: return value.string == applied.command
        case .healthcheck:
            let requested = HealthCheck(json: value, id: "")
            guard let requested, let current = applied.healthcheck else {
                return requested == nil && applied.healthcheck == nil
            }
            return requested.sameSettings(as: current)
        case .resourceLimits: return ResourceLimits(json: value) == applied.resourceLimits
        case .gitSource: return GitSource(json: value) == applied.gitSource
        case .builder: return Builder(json: value) == applied.builder
        case .urls, .ports, .volumes, .sharedVolumes, .configs, .envVariables: return false
        }
    }

    func neighbours(of service: Service, for field: ServiceChange.Field, repository: any ServiceRepository) async throws
        -> NeighbourClaims
    {
        let fields: Set<ServiceChange.Field> =
            switch field {
            case .urls: [.urls]
            case .ports: [.ports]
            case .volumes: [.volumes, .sharedVolumes]
            default: []
            }
        guard !fields.isEmpty else { return NeighbourClaims() }
        let (items, changes) = try await repository.neighbourClaims(fields: fields, excludingServiceID: service.id)
        return NeighbourClaims(items: items, changes: changes)
    }

    func sharedTarget(of change: ServiceChange, repository: any ServiceRepository) async throws -> VolumeOwnership? {
        guard change.field == .sharedVolumes, let volumeID = change.newValue?["volume_id"]?.string,
            let item = try await repository.item(id: volumeID, field: .volumes),
            let volume = Volume(json: item.value, id: item.id),
            let owner = try await repository.service(id: item.serviceID)
        else { return nil }
        return VolumeOwnership(volume: volume, owner: owner)
    }
}
