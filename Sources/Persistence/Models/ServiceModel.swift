import Domain
import FluentKit

final class ServiceModel: Model, @unchecked Sendable {
    static let schema = "services"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "slug") var slug: String
    @Field(key: "kind") var kind: String
    @Field(key: "project_id") var projectID: String
    @Field(key: "environment_id") var environmentID: String
    @OptionalField(key: "image") var image: String?
    /// Sealed: commands may carry secrets.
    @OptionalField(key: "command") var command: String?
    @Field(key: "network_alias") var networkAlias: String
    /// Sealed with the server's key.
    @Field(key: "deploy_token") var deployToken: String
    @Field(key: "deploy_token_digest") var deployTokenDigest: String
    @Field(key: "auto_deploy_enabled") var autoDeployEnabled: Bool
    @OptionalField(key: "watch_paths") var watchPaths: String?
    @Field(key: "cleanup_queue_on_auto_deploy") var cleanupQueueOnAutoDeploy: Bool
    @Field(key: "pr_preview_envs_enabled") var previewEnvironmentsEnabled: Bool
    /// Sealed with the server's key.
    @OptionalField(key: "webhook_secret") var webhookSecret: String?
    /// Sealed with the server's key.
    @OptionalField(key: "git_credentials") var gitCredentials: String?
    @Field(key: "created_at") var createdAt: Int64
    @Field(key: "updated_at") var updatedAt: Int64

    init() {}

    init(_ service: Service, sealer: any SecretSealer) throws {
        id = service.id
        createdAt = service.createdAt.microseconds
        try apply(service, sealer: sealer)
    }

    func apply(_ service: Service, sealer: any SecretSealer) throws {
        slug = service.slug
        kind = service.kind.rawValue
        projectID = service.projectID
        environmentID = service.environmentID
        image = service.image
        command = try service.command.map { try sealer.seal($0) }
        networkAlias = service.networkAlias
        deployToken = try sealer.seal(service.deployToken)
        deployTokenDigest = sealer.lookupDigest(service.deployToken)
        autoDeployEnabled = service.autoDeployEnabled
        watchPaths = service.watchPaths
        cleanupQueueOnAutoDeploy = service.cleanupQueueOnAutoDeploy
        previewEnvironmentsEnabled = service.previewEnvironmentsEnabled
        webhookSecret = try service.webhookSecret.map { try sealer.seal($0) }
        gitCredentials = try service.gitCredentials.map { try sealer.seal($0.stored) }
        updatedAt = service.updatedAt.microseconds
    }
}

final class ServiceChangeModel: Model, @unchecked Sendable {
    static let schema = "service_changes"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "service_id") var serviceID: String
    @Field(key: "field") var field: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "item_id") var itemID: String?
    /// JSON text, sealed when the field may hold secrets (`ValueSealing`); nil when the change carries no value.
    @OptionalField(key: "new_value") var newValue: String?
    @OptionalField(key: "old_value") var oldValue: String?
    @Field(key: "created_at") var createdAt: Int64

    init() {}

    init(_ change: ServiceChange, sealer: any SecretSealer) throws {
        id = change.id
        serviceID = change.serviceID
        field = change.field.rawValue
        kind = change.kind.rawValue
        itemID = change.itemID
        newValue = try change.newValue.map { try ValueSealing.store($0, of: change.field, sealer) }
        oldValue = try change.oldValue.map { try ValueSealing.store($0, of: change.field, sealer) }
        createdAt = change.createdAt.microseconds
    }
}

final class ServiceItemModel: Model, @unchecked Sendable {
    static let schema = "service_items"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "service_id") var serviceID: String
    @Field(key: "field") var field: String
    @Field(key: "position") var position: Int64
    @Field(key: "value") var value: String

    init() {}

    init(_ item: StoredServiceItem, position: Int, sealer: any SecretSealer) throws {
        id = item.id
        serviceID = item.serviceID
        field = item.field.rawValue
        self.position = Int64(position)
        value = try ValueSealing.store(item.value, of: item.field, sealer)
    }
}

/// Which configuration values are sealed at rest: those that may hold secrets (variables, files, commands,
/// images with their registry credentials, git sources with their access). Routes, ports and volumes stay readable, so that the
/// instance-wide checks and the proxy read them without decrypting every row.
enum ValueSealing {
    static func seals(_ field: ServiceChange.Field) -> Bool {
        switch field {
        case .source, .command, .healthcheck, .envVariables, .configs, .gitSource: true
        case .resourceLimits, .urls, .ports, .volumes, .sharedVolumes, .builder: false
        }
    }

    static func store(_ value: JSONValue, of field: ServiceChange.Field, _ sealer: any SecretSealer) throws -> String {
        seals(field) ? try sealer.seal(value.jsonText) : value.jsonText
    }

    static func load(_ text: String, of field: ServiceChange.Field, _ sealer: any SecretSealer) throws -> JSONValue {
        try JSONBodyParser.parse(Array((seals(field) ? try sealer.open(text) : text).utf8))
    }
}
