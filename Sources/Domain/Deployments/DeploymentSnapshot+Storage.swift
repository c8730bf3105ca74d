/// How a snapshot is stored. Each stored form carries its `version`; a form without one is the service
/// object the API showed before snapshots were versioned (`DeploymentSnapshot+Legacy.swift`). A new
/// version adds a reader here and keeps the older ones, so every stored deployment stays readable.
extension DeploymentSnapshot: Codable {
    public static let currentVersion: Int64 = 1

    /// Reads any stored form; nil when the value is none of them.
    public init?(stored json: JSONValue) {
        switch json["version"] {
        case .int(1)?: self.init(version1: json)
        case nil: self.init(legacy: json)
        default: return nil
        }
    }

    /// The current stored form.
    public var stored: JSONValue {
        .object([
            "version": .int(Self.currentVersion),
            "service": .object([
                "id": .string(service.id), "slug": .string(service.slug), "kind": .string(service.kind.rawValue),
                "project_id": .string(service.projectID), "network_alias": .string(service.networkAlias),
                "deploy_token": .string(service.deployToken),
                "auto_deploy_enabled": .bool(service.autoDeployEnabled),
                "watch_paths": service.watchPaths.map(JSONValue.string) ?? .null,
                "cleanup_queue_on_auto_deploy": .bool(service.cleanupQueueOnAutoDeploy),
                "pr_preview_envs_enabled": .bool(service.previewEnvironmentsEnabled),
                "created_at": .int(service.createdAt.microseconds),
                "updated_at": .int(service.updatedAt.microseconds),
            ]),
            "environment": .object([
                "id": .string(environment.id), "project_id": .string(environment.projectID),
                "name": .string(environment.name), "is_preview": .bool(environment.isPreview),
                "created_at": .int(environment.createdAt.microseconds),
            ]),
            "shared_variables": .array(
                sharedVariables.map {
                    .object(["id": .string($0.id), "key": .string($0.key), "value": .string($0.value)])
                }
            ),
            "configuration": .object([
                "image": configuration.image.map(JSONValue.string) ?? .null,
                "command": configuration.command.map(JSONValue.string) ?? .null,
                "healthcheck": configuration.healthcheck?.json ?? .null,
                "resource_limits": configuration.resourceLimits?.json ?? .null,
                "urls": .array(configuration.urls.map(\.json)),
                "ports": .array(configuration.ports.map(\.json)),
                "volumes": .array(configuration.volumes.map(\.json)),
                "shared_volumes": .array(configuration.sharedVolumes.map(\.json)),
                "configs": .array(configuration.configs.map(\.json)),
                "env_variables": .array(configuration.envVariables.map(\.json)),
                "git_source": configuration.gitSource?.json ?? .null,
                "builder": configuration.builder?.json ?? .null,
            ]),
        ])
    }

    init?(version1 json: JSONValue) {
        guard let service = json["service"], let environment = json["environment"],
            let configuration = json["configuration"],
            let environmentID = environment["id"]?.string, let projectID = service["project_id"]?.string,
            let kind = service["kind"]?.string.flatMap(Service.Kind.init(rawValue:)),
            let id = service["id"]?.string, let slug = service["slug"]?.string,
            let networkAlias = service["network_alias"]?.string
        else { return nil }
        let applied = Self.configuration(configuration)
        let row = Self.serviceRow(
            service, id: id, slug: slug, kind: kind, projectID: projectID, environmentID: environmentID,
            networkAlias: networkAlias, configuration: applied)
        self.init(
            service: row,
            environment: Environment(
                id: environmentID, projectID: environment["project_id"]?.string ?? projectID,
                name: environment["name"]?.string ?? "", isPreview: environment["is_preview"]?.bool ?? false,
                createdAt: Self.timestamp(environment["created_at"])),
            sharedVariables: Self.variables(json["shared_variables"], environmentID: environmentID),
            configuration: applied)
    }

    /// The service's row, whose keys are those of the service object in both stored forms.
    static func serviceRow(
        _ fields: JSONValue, id: String, slug: String, kind: Service.Kind, projectID: String, environmentID: String,
        networkAlias: String, configuration: ServiceConfiguration
    ) -> Service {
        var row = Service(
            id: id, slug: slug, kind: kind, projectID: projectID, environmentID: environmentID,
            image: configuration.image, command: configuration.command, networkAlias: networkAlias,
            deployToken: fields["deploy_token"]?.string ?? "",
            createdAt: timestamp(fields["created_at"]), updatedAt: timestamp(fields["updated_at"]))
        row.autoDeployEnabled = fields["auto_deploy_enabled"]?.bool ?? true
        row.watchPaths = fields["watch_paths"]?.string
        row.cleanupQueueOnAutoDeploy = fields["cleanup_queue_on_auto_deploy"]?.bool ?? true
        row.previewEnvironmentsEnabled = fields["pr_preview_envs_enabled"]?.bool ?? true
        return row
    }

    /// The configuration keys are those of the service object, in both stored forms.
    static func configuration(_ json: JSONValue) -> ServiceConfiguration {
        var configuration = ServiceConfiguration(image: json["image"]?.string, command: json["command"]?.string)
        if let healthcheck = json["healthcheck"], healthcheck != .null {
            configuration.healthcheck = HealthCheck(json: healthcheck, id: healthcheck["id"]?.string ?? "")
        }
        configuration.resourceLimits = json["resource_limits"].flatMap(ResourceLimits.init(json:))
        configuration.urls = items(json["urls"])
        configuration.ports = items(json["ports"])
        configuration.volumes = items(json["volumes"])
        configuration.sharedVolumes = items(json["shared_volumes"])
        configuration.configs = items(json["configs"])
        configuration.envVariables = items(json["env_variables"])
        configuration.gitSource = json["git_source"].flatMap(GitSource.init(json:))
        configuration.builder = json["builder"].flatMap(Builder.init(json:))
        return configuration
    }

    static func items<Item: ServiceItem>(_ value: JSONValue?) -> [Item] {
        guard case .array(let entries)? = value else { return [] }
        return entries.compactMap { entry in entry["id"]?.string.flatMap { Item(json: entry, id: $0) } }
    }

    static func variables(_ value: JSONValue?, environmentID: String) -> [SharedVariable] {
        guard case .array(let entries)? = value else { return [] }
        return entries.compactMap { entry in
            guard let key = entry["key"]?.string, let value = entry["value"]?.string else { return nil }
            return SharedVariable(
                id: entry["id"]?.string ?? "", environmentID: environmentID, key: key, value: value)
        }
    }

    static func timestamp(_ value: JSONValue?) -> Timestamp {
        switch value {
        case .int(let microseconds)?: Timestamp(microseconds: microseconds)
        case .string(let text)?: Timestamp(iso8601: text) ?? Timestamp(microseconds: 0)
        default: Timestamp(microseconds: 0)
        }
    }

    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        guard let snapshot = DeploymentSnapshot(stored: json) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a deployment snapshot of a known version"))
        }
        self = snapshot
    }

    public func encode(to encoder: any Encoder) throws { try stored.encode(to: encoder) }
}
