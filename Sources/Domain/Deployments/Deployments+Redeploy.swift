/// The changes that turn one configuration into another (`api.md` §8.3): field by field, items matched by
/// id (missing → DELETE, different → UPDATE, only in the target → ADD as a new item).
enum RedeployDiff {
    static func changes(
        from current: ServiceConfiguration, to target: ServiceConfiguration, serviceID: String, at time: Timestamp
    )
        -> [ServiceChange]
    {
        var changes: [ServiceChange] = []
        func field(_ field: ServiceChange.Field, _ value: JSONValue, differs: Bool) {
            guard differs else { return }
            changes.append(
                ServiceChange(
                    serviceID: serviceID, field: field, kind: .update, newValue: value,
                    oldValue: current.fieldJSON(of: field), createdAt: time))
        }
        field(
            .source, .object(["image": target.image.map(JSONValue.string) ?? .null]),
            differs: target.image != current.image && target.image != nil)
        field(.command, target.command.map(JSONValue.string) ?? .null, differs: target.command != current.command)
        let healthcheck = target.healthcheck.map { ClonedConfiguration.withoutID($0.json) } ?? .null
        let sameHealthcheck =
            target.healthcheck.map { wanted in current.healthcheck.map { wanted.sameSettings(as: $0) } ?? false }
            ?? (current.healthcheck == nil)
        field(.healthcheck, healthcheck, differs: !sameHealthcheck)
        field(
            .resourceLimits, target.resourceLimits.map { ClonedConfiguration.withoutNulls($0.json) } ?? .null,
            differs: target.resourceLimits != current.resourceLimits)
        if let source = target.gitSource { field(.gitSource, source.json, differs: source != current.gitSource) }
        if let builder = target.builder { field(.builder, builder.json, differs: builder != current.builder) }
        changes += items(
            current.urls, target.urls.filter { $0.associatedPort != nil || $0.redirect != nil }, serviceID, time)
        changes += items(current.ports, target.ports.filter { $0.host != 80 && $0.host != 443 }, serviceID, time)
        changes += items(current.volumes, target.volumes, serviceID, time)
        changes += items(current.sharedVolumes, target.sharedVolumes, serviceID, time)
        changes += items(current.configs, target.configs, serviceID, time)
        changes += items(current.envVariables, target.envVariables, serviceID, time)
        return changes.enumerated().map { offset, change in
            var change = change
            change.createdAt = Timestamp(microseconds: time.microseconds + Int64(offset))
            return change
        }
    }

    static func items<Item: ServiceItem>(_ current: [Item], _ target: [Item], _ serviceID: String, _ time: Timestamp)
        -> [ServiceChange]
    {
        let targetIDs = Set(target.map(\.id))
        var changes = current.filter { !targetIDs.contains($0.id) }.map {
            ServiceChange(
                serviceID: serviceID, field: Item.field, kind: .delete, itemID: $0.id, newValue: nil, oldValue: $0.json,
                createdAt: time)
        }
        for item in target {
            let value = ClonedConfiguration.withoutID(item.json)
            if let existing = current.first(where: { $0.id == item.id }) {
                if existing != item {
                    changes.append(
                        ServiceChange(
                            serviceID: serviceID, field: Item.field, kind: .update, itemID: item.id, newValue: value,
                            oldValue: existing.json, createdAt: time))
                }
            } else {
                changes.append(
                    ServiceChange(
                        serviceID: serviceID, field: Item.field, kind: .add, newValue: value, oldValue: nil,
                        createdAt: time))
            }
        }
        return changes
    }
}

extension Deployments {
    /// Rolls the service to the configuration of an earlier deployment: the differences from the current
    /// production configuration become pending changes (replacing pending ones on the same field or item),
    /// then a deployment runs with every pending change (`api.md` §8.3).
    public func redeploy(
        _ hash: String, of service: Service, in environment: Environment, _ template: DeployRequest = DeployRequest()
    ) async throws -> Deployment {
        let deployments = services.deployments()
        guard let target = try await deployments.deployment(hash: hash, serviceID: service.id) else {
            throw DomainError.notFound("A deployment with the hash `\(hash)` does not exist for this service.")
        }
        guard let production = try await deployments.production(serviceID: service.id) else {
            throw DomainError.conflict("The service has no production deployment to compare with.")
        }
        guard let wanted = target.snapshot, let live = production.snapshot else {
            throw DomainError.conflict("The deployment's configuration cannot be read.")
        }
        let now = clock()
        try await services.changingConfiguration { repository in
            let current: ServiceConfiguration
            if production.status == .failed, let row = try await repository.service(id: service.id) {
                current = ServiceConfiguration(
                    row, items: try await repository.items(serviceIDs: [service.id], fields: nil))
            } else {
                current = live.configuration
            }
            let changes = RedeployDiff.changes(from: current, to: wanted.configuration, serviceID: service.id, at: now)
            try await Self.checkSharedVolumes(
                changes, target: wanted.configuration, serviceID: service.id, in: repository)
            let pending = try await repository.pendingChanges(serviceIDs: [service.id])
            for old in pending
            where changes.contains(where: {
                $0.field == old.field && ($0.itemID == nil ? !old.field.holdsItems : $0.itemID == old.itemID)
            }) {
                try await repository.deletePendingChange(id: old.id, serviceID: service.id)
            }
            try await repository.addPendingChanges(changes)
        }
        var request = template
        request.redeployHash = hash
        return try await deploy(service, in: environment, request, trigger: .manual)
    }
}

extension Deployments {
    static let sharedVolumesConflict =
        "Cannot redeploy to this deployment because it references or removes shared volumes"

    /// `409` when the target mounts a shared volume whose source volume is gone, or when the changes delete
    /// a volume that another service shares or asks to share (`api.md` §8.3).
    static func checkSharedVolumes(
        _ changes: [ServiceChange], target: ServiceConfiguration, serviceID: String,
        in repository: any ServiceRepository
    ) async throws {
        for shared in target.sharedVolumes where try await repository.item(id: shared.volumeID, field: .volumes) == nil
        {
            throw DomainError.conflict(
                "\(sharedVolumesConflict): the source volume of `\(shared.containerPath)` was deleted.")
        }
        let deleted = Set(changes.filter { $0.field == .volumes && $0.kind == .delete }.compactMap(\.itemID))
        guard !deleted.isEmpty else { return }
        let (items, pending) = try await repository.neighbourClaims(
            fields: [.sharedVolumes], excludingServiceID: serviceID)
        if NeighbourClaims(items: items, changes: pending).sharedVolumes.contains(where: {
            deleted.contains($0.volumeID)
        }) {
            throw DomainError.conflict(
                "\(sharedVolumesConflict): it would delete a volume that another service shares.")
        }
    }
}
