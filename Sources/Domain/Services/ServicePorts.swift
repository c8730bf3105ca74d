/// Storage of services, their applied configuration items and their pending changes.
public protocol ServiceRepository: Sendable {
    func services(environmentID: String) async throws -> [Service]
    func service(slug: String, environmentID: String) async throws -> Service?
    func service(id: String) async throws -> Service?
    /// The id of every service of the instance.
    func allServiceIDs() async throws -> Set<String>
    /// Looked up exactly, through the token's keyed digest.
    func service(deployToken: String) async throws -> Service?
    func services(kind: Service.Kind) async throws -> [Service]
    /// Pending changes of the given services, oldest first; only those of `fields` when given.
    func pendingChanges(serviceIDs: [String], fields: Set<ServiceChange.Field>?) async throws -> [ServiceChange]
    /// Applied items of the given services in list order; only those of `fields` when given.
    func items(serviceIDs: [String], fields: Set<ServiceChange.Field>?) async throws -> [StoredServiceItem]
    /// The applied items and pending changes of `fields` that belong to every service but one.
    func neighbourClaims(fields: Set<ServiceChange.Field>, excludingServiceID: String) async throws -> (
        [StoredServiceItem], [ServiceChange]
    )
    func item(id: String, field: ServiceChange.Field) async throws -> StoredServiceItem?
    /// Creates the services with their pending changes atomically.
    /// Throws `UniqueConstraintViolation` when a slug is taken in its environment.
    func create(_ services: [Service], changes: [ServiceChange]) async throws
    /// Saves the service row. Throws `UniqueConstraintViolation` when the slug is taken in its environment.
    func update(_ service: Service) async throws
    func addPendingChanges(_ changes: [ServiceChange]) async throws
    /// Replaces the `new_value` of a pending change.
    func replacePendingValue(of change: ServiceChange) async throws
    func deletePendingChange(id: String, serviceID: String) async throws
    /// Saves the service row and its items as applied, and removes the pending changes that were applied, atomically.
    func saveApplied(_ service: Service, items: [StoredServiceItem], appliedChangeIDs: [String]) async throws
    /// Deletes the service with everything that belongs to it.
    func delete(_ service: Service) async throws
    /// The deployments stored beside the services (in the same transaction, for a repository that
    /// `changingConfiguration` handed out).
    func deployments() -> any DeploymentRepository
    /// Runs `body` in one transaction that no other configuration transaction of the instance overlaps,
    /// with a repository bound to it: checks that read other services stay true until the write.
    func changingConfiguration<T: Sendable>(_ body: @escaping @Sendable (any ServiceRepository) async throws -> T)
        async throws -> T
}

extension ServiceRepository {
    public func pendingChanges(serviceIDs: [String]) async throws -> [ServiceChange] {
        try await pendingChanges(serviceIDs: serviceIDs, fields: nil)
    }
}

/// Whether the server can publish a TCP port.
public protocol PortAvailability: Sendable {
    func canBind(port: Int) async -> Bool
}
