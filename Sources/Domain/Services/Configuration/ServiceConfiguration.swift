/// Everything a deployment runs a service with. The applied configuration is what the last deployment
/// used; applying the pending changes to it gives the *projected* configuration the next one will use.
public struct ServiceConfiguration: Equatable, Sendable {
    public var image: String?
    public var command: String?
    public var healthcheck: HealthCheck?
    public var resourceLimits: ResourceLimits?
    public var urls: [ServiceURL] = []
    public var ports: [PublishedPort] = []
    public var volumes: [Volume] = []
    public var sharedVolumes: [SharedVolume] = []
    public var configs: [ConfigFile] = []
    public var envVariables: [EnvVariable] = []
    /// Git services only: where the code comes from, and how it is built.
    public var gitSource: GitSource?
    public var builder: Builder?

    public init(
        image: String? = nil, command: String? = nil, healthcheck: HealthCheck? = nil,
        resourceLimits: ResourceLimits? = nil
    ) {
        self.image = image
        self.command = command
        self.healthcheck = healthcheck
        self.resourceLimits = resourceLimits
    }

    /// The applied configuration from the service row and its stored items.
    public init(_ service: Service, items: [StoredServiceItem]) {
        self.init(image: service.image, command: service.command)
        for item in items {
            switch item.field {
            case .healthcheck: healthcheck = HealthCheck(json: item.value, id: item.id)
            case .resourceLimits: resourceLimits = ResourceLimits(json: item.value)
            case .urls: ServiceURL(json: item.value, id: item.id).map { urls.append($0) }
            case .ports: PublishedPort(json: item.value, id: item.id).map { ports.append($0) }
            case .volumes: Volume(json: item.value, id: item.id).map { volumes.append($0) }
            case .sharedVolumes: SharedVolume(json: item.value, id: item.id).map { sharedVolumes.append($0) }
            case .configs: ConfigFile(json: item.value, id: item.id).map { configs.append($0) }
            case .envVariables: EnvVariable(json: item.value, id: item.id).map { envVariables.append($0) }
            case .gitSource: gitSource = GitSource(json: item.value)
            case .builder: builder = Builder(json: item.value)
            case .source, .command: break
            }
        }
    }

    /// This configuration with the changes applied in order. Items added by a change take `newItemID(change)` as id.
    public func applying(_ changes: [ServiceChange], newItemID: (ServiceChange) -> String = \.id)
        -> ServiceConfiguration
    {
        changes.reduce(into: self) { configuration, change in configuration.apply(change, newItemID: newItemID(change))
        }
    }

    mutating func apply(_ change: ServiceChange, newItemID: String) {
        let value = change.newValue ?? .null
        switch change.field {
        case .source: image = value["image"]?.string ?? image
        case .command: command = value.string
        case .healthcheck:
            healthcheck = HealthCheck(json: value, id: healthcheck?.id ?? RandomID.make(prefix: HealthCheck.idPrefix))
        case .resourceLimits: resourceLimits = ResourceLimits(json: value)
        case .gitSource: gitSource = GitSource(json: value) ?? gitSource
        case .builder: builder = Builder(json: value) ?? builder
        case .urls: Self.apply(change, to: &urls, newItemID: newItemID)
        case .ports: Self.apply(change, to: &ports, newItemID: newItemID)
        case .volumes: Self.apply(change, to: &volumes, newItemID: newItemID)
        case .sharedVolumes: Self.apply(change, to: &sharedVolumes, newItemID: newItemID)
        case .envVariables: Self.apply(change, to: &envVariables, newItemID: newItemID)
        case .configs:
            let previous = configs.first { $0.id == change.itemID }
            Self.apply(change, to: &configs, newItemID: newItemID)
            if let previous, let index = configs.firstIndex(where: { $0.id == previous.id }) {
                configs[index].version = previous.version + (configs[index].contents == previous.contents ? 0 : 1)
            }
        }
    }

    static func apply<Item: ServiceItem>(_ change: ServiceChange, to items: inout [Item], newItemID: String) {
        switch change.kind {
        case .add:
            if let value = change.newValue, let item = Item(json: value, id: newItemID) { items.append(item) }
        case .update:
            guard let index = items.firstIndex(where: { $0.id == change.itemID }), let value = change.newValue,
                let item = Item(json: value, id: items[index].id)
            else { return }
            items[index] = item
        case .delete:
            items.removeAll { $0.id == change.itemID }
        }
    }

    /// Ids of the applied items of an item field.
    public func itemIDs(of field: ServiceChange.Field) -> [String] {
        switch field {
        case .urls: urls.map(\.id)
        case .ports: ports.map(\.id)
        case .volumes: volumes.map(\.id)
        case .sharedVolumes: sharedVolumes.map(\.id)
        case .configs: configs.map(\.id)
        case .envVariables: envVariables.map(\.id)
        case .source, .command, .healthcheck, .resourceLimits, .gitSource, .builder: []
        }
    }

    /// The JSON of an applied item, as a change's `old_value` records it.
    public func itemJSON(of field: ServiceChange.Field, id: String) -> JSONValue? {
        switch field {
        case .urls: urls.first { $0.id == id }?.json
        case .ports: ports.first { $0.id == id }?.json
        case .volumes: volumes.first { $0.id == id }?.json
        case .sharedVolumes: sharedVolumes.first { $0.id == id }?.json
        case .configs: configs.first { $0.id == id }?.json
        case .envVariables: envVariables.first { $0.id == id }?.json
        case .source, .command, .healthcheck, .resourceLimits, .gitSource, .builder: nil
        }
    }

    /// The applied value of a field-type field, as a change's `old_value` records it.
    public func fieldJSON(of field: ServiceChange.Field) -> JSONValue {
        switch field {
        case .source:
            .object([
                "image": image.map(JSONValue.string) ?? .null, "credentials": .null,
                "container_registry_credentials": .null,
            ])
        case .command: command.map(JSONValue.string) ?? .null
        case .healthcheck: healthcheck?.json ?? .null
        case .resourceLimits: resourceLimits?.json ?? .null
        case .gitSource: gitSource?.json ?? .null
        case .builder: builder?.json ?? .null
        case .urls, .ports, .volumes, .sharedVolumes, .configs, .envVariables: .null
        }
    }
}

/// One applied item as stored: its list, id and JSON. The health check and resource limits are stored as
/// single items of their fields.
public struct StoredServiceItem: Sendable, Equatable {
    public var id: String
    public var serviceID: String
    public var field: ServiceChange.Field
    public var value: JSONValue

    public init(id: String, serviceID: String, field: ServiceChange.Field, value: JSONValue) {
        self.id = id
        self.serviceID = serviceID
        self.field = field
        self.value = value
    }
}
