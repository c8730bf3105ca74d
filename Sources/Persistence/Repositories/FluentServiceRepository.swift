import Domain
import FluentKit

/// Services and their pending changes in the Fluent database.
public struct FluentServiceRepository: ServiceRepository {
    let database: any Database
    let sealer: any SecretSealer

    public init(database: any Database, sealer: any SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    public func services(environmentID: String) async throws -> [Service] {
        try await ServiceModel.query(on: database).filter(\.$environmentID == environmentID).all().map { try $0.domain(sealer) }
    }

    public func service(slug: String, environmentID: String) async throws -> Service? {
        try await ServiceModel.query(on: database).filter(\.$environmentID == environmentID).filter(\.$slug == slug).first()?.domain(sealer)
    }

    public func pendingChanges(serviceIDs: [String]) async throws -> [ServiceChange] {
        guard !serviceIDs.isEmpty else { return [] }
        return try await ServiceChangeModel.query(on: database).filter(\.$serviceID ~~ serviceIDs)
            .sort(\.$createdAt).sort(\.$id).all().compactMap { try $0.domain(sealer) }
    }

    public func create(_ services: [Service], changes: [ServiceChange]) async throws {
        try await mappingUniqueViolation {
            try await database.writeTransaction { db in
                for service in services { try await ServiceModel(service, sealer: sealer).create(on: db) }
                for change in changes { try await ServiceChangeModel(change, sealer: sealer).create(on: db) }
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

    public func deletePendingChange(id: String, serviceID: String) async throws {
        try await ServiceChangeModel.query(on: database).filter(\.$id == id).filter(\.$serviceID == serviceID).delete()
    }

    public func delete(_ service: Service) async throws {
        try await ServiceModel.query(on: database).filter(\.$id == service.id).delete()
    }
}
