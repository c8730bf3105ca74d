/// What the instance's other services hold or have asked for: their applied items plus the values of
/// their pending ADD/UPDATE changes. A pending DELETE still holds its item until a deployment applies it.
public struct NeighbourClaims: Sendable {
    public var urls: [ServiceURL] = []
    public var ports: [PublishedPort] = []
    public var volumes: [Volume] = []
    public var sharedVolumes: [SharedVolume] = []

    public init() {}

    public init(items: [StoredServiceItem], changes: [ServiceChange]) {
        for item in items { add(item.field, item.value, id: item.id) }
        for change in changes where change.kind != .delete {
            if let value = change.newValue { add(change.field, value, id: change.itemID ?? change.id) }
        }
    }

    mutating func add(_ field: ServiceChange.Field, _ value: JSONValue, id: String) {
        switch field {
        case .urls: ServiceURL(json: value, id: id).map { urls.append($0) }
        case .ports: PublishedPort(json: value, id: id).map { ports.append($0) }
        case .volumes: Volume(json: value, id: id).map { volumes.append($0) }
        case .sharedVolumes: SharedVolume(json: value, id: id).map { sharedVolumes.append($0) }
        default: break
        }
    }
}

/// A volume that a shared-volume change points at, with the service that owns it.
public struct VolumeOwnership: Sendable {
    public var volume: Volume
    public var owner: Service

    public init(volume: Volume, owner: Service) {
        self.volume = volume
        self.owner = owner
    }
}
