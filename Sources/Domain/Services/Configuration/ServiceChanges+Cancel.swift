extension ServiceChanges {
    /// Drops a pending change, unless the service would be left without an image or with duplicate mounts.
    public func cancel(changeID id: String, of service: Service) async throws {
        try await services.changingConfiguration { repository in
            guard let current = try await repository.service(id: service.id) else {
                throw DomainError.notFound("This service does not exist anymore.")
            }
            let pending = try await repository.pendingChanges(serviceIDs: [service.id])
            guard pending.contains(where: { $0.id == id }) else {
                throw DomainError.notFound("A pending change with id `\(id)` does not exist in this service.")
            }
            let applied = ServiceConfiguration(
                current, items: try await repository.items(serviceIDs: [service.id], fields: nil))
            let projected = applied.applying(pending.filter { $0.id != id })
            if current.kind == .dockerRegistry && projected.image == nil {
                throw DomainError.conflict(
                    "Cannot revert this change because the service has no previous image to restore.")
            }
            if Self.hasDuplicates(projected.volumes.map(\.containerPath))
                || Self.hasDuplicates(projected.volumes.compactMap(\.hostPath))
            {
                throw DomainError.conflict("Cannot revert this change because it would result in duplicate volumes.")
            }
            if Self.hasDuplicates(projected.configs.map(\.mountPath)) {
                throw DomainError.conflict(
                    "Cannot revert this change because it would result in duplicate config files.")
            }
            try await repository.deletePendingChange(id: id, serviceID: service.id)
        }
    }

    static func hasDuplicates(_ values: [String]) -> Bool { Set(values).count != values.count }
}
