import Domain
import FluentKit
import SQLKit

/// Reads of services, pending changes and applied items with SQLKit rather than Fluent models: model
/// decoding reflects over every property of every row, which was most of the cost of a 500-service list.
struct ServiceRows {
    let database: any Database
    let sealer: any SecretSealer

    static let serviceColumns = [
        "id", "slug", "kind", "project_id", "environment_id", "image", "command", "network_alias", "deploy_token",
        "auto_deploy_enabled", "watch_paths", "cleanup_queue_on_auto_deploy", "pr_preview_envs_enabled", "created_at",
        "updated_at", "webhook_secret", "git_credentials",
    ]

    func services(_ filter: (SQLSelectBuilder) -> Void) async throws -> [Service] {
        let query = database.sql.select().columns(Self.serviceColumns).from(ServiceModel.schema)
        filter(query)
        return try await query.all().map(service(from:))
    }

    func service(from row: any SQLRow) throws -> Service {
        var service = Service(
            id: try row.decode(column: "id", as: String.self), slug: try row.decode(column: "slug", as: String.self),
            kind: Service.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .dockerRegistry,
            projectID: try row.decode(column: "project_id", as: String.self),
            environmentID: try row.decode(column: "environment_id", as: String.self),
            image: try row.decode(column: "image", as: String?.self),
            command: try row.decode(column: "command", as: String?.self).map { try sealer.open($0) },
            networkAlias: try row.decode(column: "network_alias", as: String.self),
            deployToken: try sealer.open(try row.decode(column: "deploy_token", as: String.self)),
            createdAt: Timestamp(microseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(microseconds: try row.decode(column: "updated_at", as: Int64.self)))
        service.autoDeployEnabled = try row.decode(column: "auto_deploy_enabled", as: Bool.self)
        service.watchPaths = try row.decode(column: "watch_paths", as: String?.self)
        service.cleanupQueueOnAutoDeploy = try row.decode(column: "cleanup_queue_on_auto_deploy", as: Bool.self)
        service.previewEnvironmentsEnabled = try row.decode(column: "pr_preview_envs_enabled", as: Bool.self)
        service.webhookSecret = try row.decode(column: "webhook_secret", as: String?.self).map { try sealer.open($0) }
        service.gitCredentials = try row.decode(column: "git_credentials", as: String?.self)
            .flatMap { GitCredentials(stored: try sealer.open($0)) }
        return service
    }

    /// Pending changes, oldest first, filtered by the given conditions.
    func changes(_ filter: (SQLSelectBuilder) -> Void) async throws -> [ServiceChange] {
        let query = database.sql.select().columns(
            "id", "service_id", "field", "kind", "item_id", "new_value", "old_value", "created_at"
        )
        .from(ServiceChangeModel.schema)
        filter(query)
        return try await query.orderBy("created_at").orderBy("id").all().compactMap(change(from:))
    }

    /// nil for a row this version does not understand (a field or kind from a newer version).
    func change(from row: any SQLRow) throws -> ServiceChange? {
        guard let field = ServiceChange.Field(rawValue: try row.decode(column: "field", as: String.self)),
            let kind = ServiceChange.Kind(rawValue: try row.decode(column: "kind", as: String.self))
        else { return nil }
        return ServiceChange(
            id: try row.decode(column: "id", as: String.self),
            serviceID: try row.decode(column: "service_id", as: String.self),
            field: field, kind: kind, itemID: try row.decode(column: "item_id", as: String?.self),
            newValue: try row.decode(column: "new_value", as: String?.self).map {
                try ValueSealing.load($0, of: field, sealer)
            },
            oldValue: try row.decode(column: "old_value", as: String?.self).map {
                try ValueSealing.load($0, of: field, sealer)
            },
            createdAt: Timestamp(microseconds: try row.decode(column: "created_at", as: Int64.self)))
    }

    /// Applied items in list order, filtered by the given conditions.
    func items(_ filter: (SQLSelectBuilder) -> Void) async throws -> [StoredServiceItem] {
        let query = database.sql.select().columns("id", "service_id", "field", "value").from(ServiceItemModel.schema)
        filter(query)
        return try await query.orderBy("position").all().compactMap(item(from:))
    }

    func item(from row: any SQLRow) throws -> StoredServiceItem? {
        guard let field = ServiceChange.Field(rawValue: try row.decode(column: "field", as: String.self)) else {
            return nil
        }
        return StoredServiceItem(
            id: try row.decode(column: "id", as: String.self),
            serviceID: try row.decode(column: "service_id", as: String.self),
            field: field,
            value: try ValueSealing.load(try row.decode(column: "value", as: String.self), of: field, sealer))
    }
}

extension SQLPredicateBuilder {
    /// `column IN (values)`.
    @discardableResult
    func `where`(_ column: String, in values: some Sequence<String>) -> Self {
        self.where(SQLIdentifier(column), .in, SQLBind.group(Array(values)))
    }
}
