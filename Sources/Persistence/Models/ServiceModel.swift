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
    @OptionalField(key: "command") var command: String?
    @Field(key: "network_alias") var networkAlias: String
    /// Sealed with the server's key.
    @Field(key: "deploy_token") var deployToken: String
    @Field(key: "deploy_token_digest") var deployTokenDigest: String
    @Field(key: "auto_deploy_enabled") var autoDeployEnabled: Bool
    @OptionalField(key: "watch_paths") var watchPaths: String?
    @Field(key: "cleanup_queue_on_auto_deploy") var cleanupQueueOnAutoDeploy: Bool
    @Field(key: "pr_preview_envs_enabled") var previewEnvironmentsEnabled: Bool
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
        command = service.command
        networkAlias = service.networkAlias
        deployToken = try sealer.seal(service.deployToken)
        deployTokenDigest = sealer.lookupDigest(service.deployToken)
        autoDeployEnabled = service.autoDeployEnabled
        watchPaths = service.watchPaths
        cleanupQueueOnAutoDeploy = service.cleanupQueueOnAutoDeploy
        previewEnvironmentsEnabled = service.previewEnvironmentsEnabled
        updatedAt = service.updatedAt.microseconds
    }

    func domain(_ sealer: any SecretSealer) throws -> Service {
        var service = Service(
            id: id!, slug: slug, kind: Service.Kind(rawValue: kind) ?? .dockerRegistry, projectID: projectID,
            environmentID: environmentID, image: image, command: command, networkAlias: networkAlias, deployToken: try sealer.open(deployToken),
            createdAt: Domain.Timestamp(microseconds: createdAt), updatedAt: Domain.Timestamp(microseconds: updatedAt))
        service.autoDeployEnabled = autoDeployEnabled
        service.watchPaths = watchPaths
        service.cleanupQueueOnAutoDeploy = cleanupQueueOnAutoDeploy
        service.previewEnvironmentsEnabled = previewEnvironmentsEnabled
        return service
    }
}

final class ServiceChangeModel: Model, @unchecked Sendable {
    static let schema = "service_changes"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "service_id") var serviceID: String
    @Field(key: "field") var field: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "item_id") var itemID: String?
    /// Sealed JSON text (values may hold secrets); nil when the change carries no value.
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
        newValue = try change.newValue.map { try sealer.seal($0.jsonText) }
        oldValue = try change.oldValue.map { try sealer.seal($0.jsonText) }
        createdAt = change.createdAt.microseconds
    }

    /// nil for a row this version does not understand (a field or kind from a newer version).
    func domain(_ sealer: any SecretSealer) throws -> ServiceChange? {
        guard let field = ServiceChange.Field(rawValue: field), let kind = ServiceChange.Kind(rawValue: kind) else { return nil }
        return ServiceChange(
            id: id!, serviceID: serviceID, field: field, kind: kind, itemID: itemID, newValue: try Self.open(newValue, sealer),
            oldValue: try Self.open(oldValue, sealer), createdAt: Domain.Timestamp(microseconds: createdAt))
    }

    static func open(_ sealed: String?, _ sealer: any SecretSealer) throws -> JSONValue? {
        guard let sealed else { return nil }
        return try JSONBodyParser.parse(Array(try sealer.open(sealed).utf8))
    }
}
