import DockerEngine
import Domain

extension DeploymentRunner: OrphanRemoval {
    /// Drops the routes of what is gone, then removes this installation's Docker objects that nothing in the
    /// database owns any more: Swarm services of deployments that are gone or finished, volumes and configs of
    /// deleted services, networks of deleted environments. Archiving only deletes rows; this brings the
    /// engine in line, and a crash in between only delays it to the next run (every start-up runs it, and
    /// `removeOrphansForever` every few minutes). A replaced deployment still draining is not an orphan yet.
    public func removeOrphans() async {
        await pipeline.router?.refresh()
        let docker = pipeline.docker
        let mine = ["zane-managed=true", "zane-instance=\(pipeline.instance)"]
        do {
            let live = Set(
                try await services.deployments().deployments(statuses: Self.statusesWithASwarmService).map(\.hash))
            let draining = Set(retirements.keys)
            for name in try await docker.serviceNames(labelled: mine)
            where !live.contains(Self.deploymentHash(ofSwarmService: name))
                && !draining.contains(Self.serviceID(ofSwarmService: name))
            {
                try? await pipeline.removeSwarmService(name)
            }
            for name in try await docker.configNames(labelled: mine) where try await !serviceExists(ownerOf: name) {
                try? await docker.removeConfig(name)  // refused while a running service still mounts it
            }
            for name in try await docker.volumeNames(labelled: mine) where try await !serviceExists(ownerOf: name) {
                try? await docker.removeVolume(name)
            }
            for name in try await docker.networkNames(labelled: mine) {
                let parts = name.split(separator: "-")
                guard parts.count == 3, try await environments.environment(id: String(parts[2])) == nil else {
                    continue
                }
                try? await docker.removeNetwork(name)
            }
        } catch {
            logger.error("could not remove orphaned Docker objects", metadata: ["error": "\(error)"])
        }
    }

    /// Statuses whose deployment keeps (or is about to create) its Swarm service.
    static let statusesWithASwarmService: Set<Deployment.Status> = [
        .preparing, .building, .starting, .restarting, .cancelling, .healthy, .unhealthy, .sleeping,
    ]

    /// `srv-<project id>-<service id>-<hash>` → `<hash>`.
    static func deploymentHash(ofSwarmService name: String) -> String { String(name.split(separator: "-").last ?? "") }

    /// `srv-<project id>-<service id>-<hash>` → `<service id>`.
    static func serviceID(ofSwarmService name: String) -> String {
        let parts = name.split(separator: "-")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : ""
    }

    /// Runs `removeOrphans` every `seconds`: what a failed clean-up left behind does not wait for a restart.
    public func removeOrphansForever(everySeconds seconds: Double) async {
        while (try? await Task.sleep(for: .seconds(seconds))) != nil { await removeOrphans() }
    }

    /// Volumes are `vol-<volume id>` and configs `cf-<config id>-<version>`: their owner is in the `parent` label,
    /// read back through the item they were made for.
    func serviceExists(ownerOf name: String) async throws -> Bool {
        let parts = name.split(separator: "-")
        guard parts.count >= 2 else { return true }
        let itemID = String(parts[1])
        let field: ServiceChange.Field = parts[0] == "vol" ? .volumes : .configs
        return try await services.item(id: itemID, field: field) != nil
    }
}
