import Domain
import FluentKit

/// Services and their pending changes in the Fluent database.
public struct FluentServiceRepository: ServiceRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func services(environmentID: String) async throws -> [Service] {
        try await ServiceModel.query(on: database).filter(\.$environmentID == environmentID).all().map(\.domain)
    }

    public func service(slug: String, environmentID: String) async throws -> Service? {
        try await ServiceModel.query(on: database).filter(\.$environmentID == environmentID).filter(\.$slug == slug).first()?.domain
    }

    public func pendingChanges(serviceIDs: [String]) async throws -> [ServiceChange] {
        guard !serviceIDs.isEmpty else { return [] }
        return try await ServiceChangeModel.query(on: database).filter(\.$serviceID ~~ serviceIDs)
            .sort(\.$createdAt).sort(\.$id).all().compactMap(\.domain)
    }

    public func create(_ services: [Service], changes: [ServiceChange]) async throws {
        try await mappingUniqueViolation {
            try await database.writeTransaction { db in
                for service in services { try await ServiceModel(service).create(on: db) }
                for change in changes { try await ServiceChangeModel(change).create(on: db) }
            }
        }
    }

    public func update(_ service: Service) async throws {
        try await mappingUniqueViolation {
            guard let model = try await ServiceModel.find(service.id, on: database) else { return }
            model.apply(service)
            try await model.update(on: database)
        }
    }

    public func delete(_ service: Service) async throws {
        try await ServiceModel.query(on: database).filter(\.$id == service.id).delete()
    }
}
