/// The checks of a requested change against the service it changes and the rest of the instance, in the
/// order the API promises; the first that fails answers.
struct ChangeChecks {
    let change: ServiceChange
    let service: Service
    let applied: ServiceConfiguration
    let pending: [ServiceChange]
    let neighbours: NeighbourClaims
    let sharedTarget: VolumeOwnership?
    let instance: InstanceDomains

    /// The applied configuration with every pending change and this one.
    var projected: ServiceConfiguration { applied.applying(pending + [change]) }

    /// The id the changed item has in `projected`.
    var itemID: String { change.kind == .add ? change.id : change.itemID ?? change.id }

    func checkTarget() throws(DomainError) {
        guard change.field.holdsItems, change.kind != .add, let id = change.itemID else { return }
        if let other = pending.first(where: { $0.field == change.field && $0.itemID == id }) {
            throw .invalid(
                "item_id",
                "Cannot make conflicting changes for the field `\(change.field.rawValue)` with id `\(id)`: a pending change (`\(other.id)`) already targets it. Cancel it first."
            )
        }
        guard applied.itemIDs(of: change.field).contains(id) else {
            throw .invalid("item_id", "\(Self.itemName(change.field)) with id `\(id)` does not exist for this service.")
        }
    }

    func checkProjection() throws(DomainError) {
        switch change.field {
        case .envVariables: try checkEnvVariables()
        case .ports: try checkPorts()
        case .urls: try checkURLs()
        case .volumes: try checkVolumes()
        case .configs: try checkConfigs()
        case .sharedVolumes: try checkSharedVolumes()
        case .source, .command, .healthcheck, .resourceLimits, .gitSource, .builder: break
        }
    }

    func checkEnvVariables() throws(DomainError) {
        guard change.kind != .delete, let variable = projected.envVariables.first(where: { $0.id == itemID }) else {
            return
        }
        if projected.envVariables.contains(where: { $0.id != itemID && $0.key == variable.key }) {
            throw .invalid("new_value.key", "Cannot specify two env variables with the same name for this service")
        }
    }

    func checkPorts() throws(DomainError) {
        let ports = projected.ports
        if Set(ports.map(\.host)).count != ports.count {
            throw .invalid("new_value.host", "Duplicate `host` port values for the service are not allowed.")
        }
        if ports.contains(where: { $0.host == 80 || $0.host == 443 }) {
            throw .invalid(
                "new_value.host",
                "You cannot expose a service on the HTTP ports (80/443): add a URL to the service instead.")
        }
        guard change.kind != .delete, let port = ports.first(where: { $0.id == itemID }) else { return }
        if neighbours.ports.contains(where: { $0.host == port.host }) {
            throw .invalid("new_value.host", "host Port `\(port.host)` is already used by another service.")
        }
    }

    /// The host port a change asks to publish that the server must be able to bind, if any.
    var hostPortToBind: Int? {
        guard change.field == .ports, change.kind != .delete,
            let port = projected.ports.first(where: { $0.id == itemID }),
            !applied.ports.contains(where: { $0.host == port.host })
        else { return nil }
        return port.host
    }

    func checkURLs() throws(DomainError) {
        guard change.kind != .delete, let url = projected.urls.first(where: { $0.id == itemID }) else { return }
        let domain = url.domain
        if domain == instance.appDomain {
            throw .invalid("new_value.domain", "Using the domain where Zane is installed is not allowed.")
        }
        if domain == "*." + instance.appDomain {
            throw .invalid("new_value.domain", "Using a wildcard of the domain where Zane is installed is not allowed.")
        }
        if domain == "*." + instance.rootDomain {
            throw .invalid(
                "new_value.domain",
                "Using a wildcard of the root domain `\(instance.rootDomain)` is not allowed: it would shadow every generated domain."
            )
        }
        if domain.hasPrefix("*."), instance.appDomain.hasSuffix(domain.dropFirst()) {
            throw .invalid(
                "new_value.domain",
                "The wildcard `\(domain)` would cover the domain where Zane is installed, which is not allowed.")
        }
        if domain.hasPrefix("*."),
            let covered = neighbours.urls.first(where: {
                $0.domain != domain && $0.domain.hasSuffix(domain.dropFirst())
            })
        {
            throw .invalid(
                "new_value.domain",
                "The wildcard `\(domain)` would cover `\(covered.domain)`, which another service uses.")
        }
        if neighbours.urls.contains(where: { $0.sameRoute(as: url) }) {
            throw .invalid(
                "new_value.domain",
                "URL with domain `\(domain)` and base path `\(url.basePath)` is already assigned to another service.")
        }
        if !domain.hasPrefix("*."), let parent = Rules.parentDomain(domain) {
            let wildcard = "*." + parent
            let own = change.kind == .add ? projected.urls.filter { $0.id != itemID } : []
            if (neighbours.urls + own).contains(where: { $0.domain == wildcard && $0.basePath == url.basePath }) {
                throw .invalid(
                    "new_value.domain",
                    "URL with domain `\(domain)` would be shadowed by the wildcard domain `\(wildcard)`.")
            }
        }
        switch (url.associatedPort, url.redirect) {
        case (nil, nil):
            throw .invalid(
                "new_value.associated_port",
                "To expose this service, you need to add an associated port to forward this URL to.")
        case (.some, .some):
            throw .invalid(
                "new_value.associated_port", "You cannot provide an associated port if this URL is redirect URL.")
        default: break
        }
        if projected.urls.contains(where: { $0.id != itemID && $0.sameRoute(as: url) }) {
            throw .invalid("new_value.non_field_errors", "Duplicate urls values for the service are not allowed.")
        }
    }

    func checkVolumes() throws(DomainError) {
        if change.kind == .delete {
            let id = itemID
            if neighbours.sharedVolumes.contains(where: { $0.volumeID == id }) {
                throw .invalid(
                    "item_id", "Cannot delete the volume `\(id)`: another service mounts it as a shared volume.")
            }
            return
        }
        guard let volume = projected.volumes.first(where: { $0.id == itemID }) else { return }
        let others = projected.volumes.filter { $0.id != itemID }
        if others.contains(where: { $0.containerPath == volume.containerPath }) {
            throw .invalid(
                "new_value.container_path",
                "Cannot specify two volumes with the same `container_path` for this service.")
        }
        guard let hostPath = volume.hostPath else {
            if change.kind == .update, applied.volumes.first(where: { $0.id == itemID })?.hostPath != nil {
                throw .invalid(
                    "new_value.host_path",
                    "Cannot remove the host path of a volume: delete it and add a new one instead.")
            }
            return
        }
        if others.contains(where: { $0.hostPath == hostPath }) {
            throw .invalid(
                "new_value.host_path", "Cannot specify two volumes with the same `host_path` for this service.")
        }
        let sharing = neighbours.volumes.filter { $0.hostPath == hostPath }
        if !sharing.isEmpty && (volume.mode == .readWrite || sharing.contains { $0.mode == .readWrite }) {
            throw .invalid(
                "new_value.host_path",
                "The host path `\(hostPath)` is already mounted by another service: it can only be shared in read-only mode by every service."
            )
        }
        if change.kind == .update, applied.volumes.first(where: { $0.id == itemID })?.hostPath == nil {
            throw .invalid(
                "new_value.host_path", "Cannot add a host path to a Docker volume: delete it and add a new one instead."
            )
        }
    }

    func checkConfigs() throws(DomainError) {
        guard change.kind != .delete, let config = projected.configs.first(where: { $0.id == itemID }) else { return }
        if projected.configs.contains(where: { $0.id != itemID && $0.mountPath == config.mountPath }) {
            throw .invalid(
                "new_value.mount_path", "Cannot specify two config files with the same `mount_path` for this service.")
        }
        if projected.volumes.contains(where: { $0.containerPath == config.mountPath }) {
            throw .invalid(
                "new_value.mount_path", "Another volume is already attached on the same path in this service.")
        }
    }

    func checkSharedVolumes() throws(DomainError) {
        guard change.kind != .delete, let shared = projected.sharedVolumes.first(where: { $0.id == itemID }) else {
            return
        }
        guard let target = sharedTarget else {
            throw .invalid("new_value.volume_id", "Volume with id `\(shared.volumeID)` does not exist.")
        }
        if target.volume.hostPath != nil {
            throw .invalid(
                "new_value.volume_id", "Cannot share a volume with a host path: only Docker volumes can be shared.")
        }
        if target.owner.id == service.id {
            throw .invalid("new_value.volume_id", "Cannot share a volume of this same service.")
        }
        if target.owner.projectID != service.projectID || target.owner.environmentID != service.environmentID {
            throw .invalid(
                "new_value.volume_id",
                "Only volumes of services in the same environment of the same project can be shared.")
        }
        let others = projected.sharedVolumes.filter { $0.id != itemID }
        if change.kind == .add, others.contains(where: { $0.volumeID == shared.volumeID }) {
            throw .invalid("new_value.volume_id", "This volume is already shared with this service.")
        }
        if projected.volumes.contains(where: { $0.containerPath == shared.containerPath })
            || others.contains(where: { $0.containerPath == shared.containerPath })
        {
            throw .invalid(
                "new_value.container_path", "Another volume is already attached on the same path in this service.")
        }
    }

    static func itemName(_ field: ServiceChange.Field) -> String {
        switch field {
        case .envVariables: "Env variable"
        case .urls: "URL configuration item"
        case .ports: "Port configuration item"
        case .volumes: "Volume"
        case .sharedVolumes: "Shared volume"
        case .configs: "Config file"
        case .source, .command, .healthcheck, .resourceLimits, .gitSource, .builder: "Item"
        }
    }
}

/// The domains a service URL may not take: where Zane itself answers, and the parent of generated domains.
public struct InstanceDomains: Sendable {
    public var appDomain: String
    public var rootDomain: String

    public init(appDomain: String, rootDomain: String) {
        self.appDomain = appDomain.lowercased()
        self.rootDomain = rootDomain.lowercased()
    }
}
