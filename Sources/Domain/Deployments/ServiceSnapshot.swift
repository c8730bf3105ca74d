/// What the pipeline reads of a deployment's service snapshot (the service object at deploy time).
public struct ServiceSnapshot: Sendable, Equatable {
    public var serviceID: String
    public var slug: String
    public var projectID: String
    public var environmentID: String
    public var configuration: ServiceConfiguration
    /// The environment's shared variables, as `(key, value)`.
    public var sharedVariables: [(key: String, value: String)]
    /// The `ZANE_*` variables with their `{{deployment.*}}` placeholders.
    public var systemVariables: [(key: String, value: String)]
    public var networkAliases: [String]
    public var globalNetworkAlias: String

    public init?(_ json: JSONValue) {
        guard let id = json["id"]?.string, let slug = json["slug"]?.string, let projectID = json["project_id"]?.string,
            let environmentID = json["environment"]?["id"]?.string
        else { return nil }
        serviceID = id
        self.slug = slug
        self.projectID = projectID
        self.environmentID = environmentID
        var configuration = ServiceConfiguration(image: json["image"]?.string, command: json["command"]?.string)
        if let healthcheck = json["healthcheck"], healthcheck != .null {
            configuration.healthcheck = HealthCheck(json: healthcheck, id: healthcheck["id"]?.string ?? "")
        }
        configuration.resourceLimits = json["resource_limits"].flatMap(ResourceLimits.init(json:))
        configuration.urls = Self.items(json["urls"])
        configuration.ports = Self.items(json["ports"])
        configuration.volumes = Self.items(json["volumes"])
        configuration.sharedVolumes = Self.items(json["shared_volumes"])
        configuration.configs = Self.items(json["configs"])
        configuration.envVariables = Self.items(json["env_variables"])
        self.configuration = configuration
        sharedVariables = Self.pairs(json["environment"]?["variables"])
        systemVariables = Self.pairs(json["system_env_variables"])
        if case .array(let aliases)? = json["network_aliases"] {
            networkAliases = aliases.compactMap(\.string)
        } else {
            networkAliases = []
        }
        globalNetworkAlias = json["global_network_alias"]?.string ?? ""
    }

    static func items<Item: ServiceItem>(_ value: JSONValue?) -> [Item] {
        guard case .array(let entries)? = value else { return [] }
        return entries.compactMap { entry in entry["id"]?.string.flatMap { Item(json: entry, id: $0) } }
    }

    static func pairs(_ value: JSONValue?) -> [(key: String, value: String)] {
        guard case .array(let entries)? = value else { return [] }
        return entries.compactMap { entry in
            guard let key = entry["key"]?.string, let value = entry["value"]?.string else { return nil }
            return (key, value)
        }
    }

    public static func == (lhs: ServiceSnapshot, rhs: ServiceSnapshot) -> Bool {
        lhs.serviceID == rhs.serviceID && lhs.configuration == rhs.configuration
            && lhs.networkAliases == rhs.networkAliases
            && lhs.sharedVariables.map(\.key) == rhs.sharedVariables.map(\.key)
            && lhs.sharedVariables.map(\.value) == rhs.sharedVariables.map(\.value)
            && lhs.systemVariables.map(\.key) == rhs.systemVariables.map(\.key)
            && lhs.systemVariables.map(\.value) == rhs.systemVariables.map(\.value)
    }
}
