import Domain
import FluentKit
import SQLKit

/// Services, their applied items and their pending changes in the Fluent database.
public struct FluentServiceRepository: ServiceRepository {
    let database: any Database
    let sealer: any SecretSealer
    /// Set for the repository that `changingConfiguration` hands out: its writes are already in a transaction.
    let isInTransaction: Bool

    public init(database: any Database, sealer: any SecretSealer) {
        self.init(database: database, sealer: sealer, isInTransaction: false)
    }

    init(database: any Database, sealer: any SecretSealer, isInTransaction: Bool) {
        self.database = database
        self.sealer = sealer
        self.isInTransaction = isInTransaction
    }

    /// Runs `body` atomically: in the current transaction, or in a new one.
    func atomically(_ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        if isInTransaction { try await body(database) } else { try await database.writeTransaction(body) }
    }

    var rows: ServiceRows { ServiceRows(database: database, sealer: sealer) }

    public func services(environmentID: String) async throws -> [Service] {
        try await rows.services { $0.where("environment_id", .equal, SQLBind(environmentID)) }
    }

    public func service(slug: String, environmentID: String) async throws -> Service? {
        try await rows.services {
            $0.where("environment_id", .equal, SQLBind(environmentID)).where("slug", .equal, SQLBind(slug))
        }.first
    }

    public func service(id: String) async throws -> Service? {
        try await rows.services { $0.where("id", .equal, SQLBind(id)) }.first
    }

    public func services(kind: Service.Kind) async throws -> [Service] {
        try await rows.services { $0.where("kind", .equal, SQLBind(kind.rawValue)) }
    }

    public func service(deployToken: String) async throws -> Service? {
        let digest = sealer.lookupDigest(deployToken)
        return try await rows.services { $0.where("deploy_token_digest", .equal, SQLBind(digest)) }.first {
            $0.deployToken == deployToken
        }
    }

    public func pendingChanges(serviceIDs: [String], fields: Set<ServiceChange.Field>?) async throws -> [ServiceChange]
    {
        guard !serviceIDs.isEmpty else { return [] }
        return try await rows.changes { query in
            query.where("service_id", in: serviceIDs)
            if let fields { query.where("field", in: fields.map(\.rawValue)) }
        }
    }

    public func items(serviceIDs: [String], fields: Set<ServiceChange.Field>?) async throws -> [StoredServiceItem] {
        guard !serviceIDs.isEmpty else { return [] }
        return try await rows.items { query in
            query.where("service_id", in: serviceIDs)
            if let fields { query.where("field", in: fields.map(\.rawValue)) }
        }
    }

    public func neighbourClaims(fields: Set<ServiceChange.Field>, excludingServiceID: String) async throws
        -> ([StoredServiceItem], [ServiceChange])
    {
        let names = fields.map(\.rawValue)
        let items = try await rows.items {
            $0.where("field", in: names).where("service_id", .notEqual, SQLBind(excludingServiceID))
        }
        let changes = try await rows.changes {
            $0.where("field", in: names).where("service_id", .notEqual, SQLBind(excludingServiceID))
        }
        return (items, changes)
    }

    public func item(id: String, field: ServiceChange.Field) async throws -> StoredServiceItem? {
        try await rows.items { $0.where("id", .equal, SQLBind(id)).where("field", .equal, SQLBind(field.rawValue)) }
            .first
    }

    public func create(_ services: [Service], changes: [ServiceChange]) async throws {
        try await mappingUniqueViolation {
            try await atomically { db in
                for service in services { try await ServiceModel(service, sealer: self.sealer).create(on: db) }
                for change in changes { try await ServiceChangeModel(change, sealer: self.sealer).create(on: db) }
            }
        }
    }

    public func update(_ service: Service) async throws {
        try await mappingUniqueViolation {
            guard let model = try await ServiceModel.find(service.id, on: database) else { return }
            try model.apply(service, sealer: sealer)
            try await model.update(on: database)
        }
    }

    public func addPendingChanges(_ changes: [ServiceChange]) async throws {
        try await atomically { [sealer] db in
            for change in changes { try await ServiceChangeModel(change, sealer: sealer).create(on: db) }
        }
    }

    public func replacePendingValue(of change: ServiceChange) async throws {
        guard let model = try await ServiceChangeModel.find(change.id, on: database) else { return }
        model.newValue = try change.newValue.map { try ValueSealing.store($0, of: change.field, sealer) }
        try await model.update(on: database)
    }

    public func deletePendingChange(id: String, serviceID: String) async throws {
        try await ServiceChangeModel.query(on: database).filter(\.$id == id).filter(\.$serviceID == serviceID).delete()
    }

    public func saveApplied(_ service: Service, items: [StoredServiceItem], appliedChangeIDs: [String]) async throws {
        try await atomically { [sealer] db in
            try await FluentServiceRepository(database: db, sealer: sealer, isInTransaction: true).update(service)
            try await ServiceItemModel.query(on: db).filter(\.$serviceID == service.id).delete()
            for (position, item) in items.enumerated() {
                try await ServiceItemModel(item, position: position, sealer: sealer).create(on: db)
            }
            if !appliedChangeIDs.isEmpty {
                try await ServiceChangeModel.query(on: db).filter(\.$serviceID == service.id).filter(
                    \.$id ~~ appliedChangeIDs
                ).delete()
            }
        }
    }

    public func allServiceIDs() async throws -> Set<String> {
        Set(try await ServiceModel.query(on: database).all(\.$id).compactMap { $0 })
    }

    public func delete(_ service: Service) async throws {
        try await ServiceModel.query(on: database).filter(\.$id == service.id).delete()
    }

    public func deployments() -> any DeploymentRepository {
        FluentDeploymentRepository(database: database, sealer: sealer)
    }

    public func changingConfiguration<T: Sendable>(
        _ body: @escaping @Sendable (any ServiceRepository) async throws -> T
    ) async throws -> T {
        try await database.writeTransaction(lock: .serviceConfiguration) { db in
            try await body(FluentServiceRepository(database: db, sealer: sealer, isInTransaction: true))
        }
    }
}
