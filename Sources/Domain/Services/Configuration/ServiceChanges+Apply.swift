extension ServiceChanges {
    /// Applies every pending change to the service, as its next deployment does: added items get new ids,
    /// and the changes leave the pending list. Returns the changes that were applied.
    @discardableResult
    public func applyPendingChanges(serviceID: String) async throws -> [ServiceChange] {
        defer { didWrite() }
        return try await services.changingConfiguration { [clock] repository in
            try await Self.applyPendingChanges(serviceID: serviceID, in: repository, at: clock())?.applied ?? []
        }
    }

    /// Applies the pending changes within the caller's configuration transaction; nil when the service is gone.
    static func applyPendingChanges(serviceID: String, in repository: any ServiceRepository, at time: Timestamp)
        async throws
        -> (service: Service, configuration: ServiceConfiguration, applied: [ServiceChange])?
    {
        guard var current = try await repository.service(id: serviceID) else { return nil }
        let pending = try await repository.pendingChanges(serviceIDs: [serviceID])
        let applied = ServiceConfiguration(
            current, items: try await repository.items(serviceIDs: [serviceID], fields: nil))
        let next = applied.applying(pending) { Self.newItemID(for: $0.field) }
        current.image = next.image
        current.command = next.command
        current.updatedAt = time
        try await repository.saveApplied(
            current, items: next.storedItems(serviceID: current.id), appliedChangeIDs: pending.map(\.id))
        return (current, next, pending)
    }

    static func newItemID(for field: ServiceChange.Field) -> String {
        switch field {
        case .urls: RandomID.make(prefix: ServiceURL.idPrefix)
        case .ports: RandomID.make(prefix: PublishedPort.idPrefix)
        case .volumes: RandomID.make(prefix: Volume.idPrefix)
        case .sharedVolumes: RandomID.make(prefix: SharedVolume.idPrefix)
        case .configs: RandomID.make(prefix: ConfigFile.idPrefix)
        case .envVariables: RandomID.make(prefix: EnvVariable.idPrefix)
        case .source, .command, .healthcheck, .resourceLimits, .gitSource, .builder: ""
        }
    }
}

extension ServiceConfiguration {
    /// The item lists as rows to store, in list order.
    public func storedItems(serviceID: String) -> [StoredServiceItem] {
        func rows<Item: ServiceItem>(_ items: [Item]) -> [StoredServiceItem] {
            items.map { StoredServiceItem(id: $0.id, serviceID: serviceID, field: Item.field, value: $0.json) }
        }
        var single: [StoredServiceItem] = []
        if let healthcheck {
            single.append(
                StoredServiceItem(
                    id: healthcheck.id, serviceID: serviceID, field: .healthcheck, value: healthcheck.json))
        }
        if let resourceLimits {
            single.append(
                StoredServiceItem(
                    id: "rsl_" + serviceID, serviceID: serviceID, field: .resourceLimits, value: resourceLimits.json))
        }
        if let gitSource {
            single.append(
                StoredServiceItem(
                    id: "gsrc_" + serviceID, serviceID: serviceID, field: .gitSource, value: gitSource.json))
        }
        if let builder {
            single.append(
                StoredServiceItem(id: "bld_" + serviceID, serviceID: serviceID, field: .builder, value: builder.json))
        }
        return single + rows(urls) + rows(ports) + rows(volumes) + rows(sharedVolumes) + rows(configs)
            + rows(envVariables)
    }
}
