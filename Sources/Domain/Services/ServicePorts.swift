/// Storage of services and their pending changes.
public protocol ServiceRepository: Sendable {
    func services(environmentID: String) async throws -> [Service]
    func service(slug: String, environmentID: String) async throws -> Service?
    /// Pending changes of the given services, oldest first.
    func pendingChanges(serviceIDs: [String]) async throws -> [ServiceChange]
    /// Creates the services with their pending changes atomically.
    /// Throws `UniqueConstraintViolation` when a slug is taken in its environment.
    func create(_ services: [Service], changes: [ServiceChange]) async throws
    /// Saves the service row. Throws `UniqueConstraintViolation` when the slug is taken in its environment.
    func update(_ service: Service) async throws
    func deletePendingChange(id: String, serviceID: String) async throws
    /// Deletes the service with everything that belongs to it.
    func delete(_ service: Service) async throws
}
