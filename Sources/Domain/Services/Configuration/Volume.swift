/// A Docker volume, or a bind mount of a server directory when `hostPath` is set.
public struct Volume: ServiceItem {
    public static let field = ServiceChange.Field.volumes
    public static let idPrefix = "vol_"

    public enum Mode: String, Sendable, CaseIterable {
        case readOnly = "READ_ONLY"
        case readWrite = "READ_WRITE"
    }

    public var id: String
    public var name: String
    public var containerPath: String
    public var hostPath: String?
    public var mode: Mode

    public init?(json: JSONValue, id: String) {
        guard let name = json["name"]?.string, let containerPath = json["container_path"]?.string,
            let mode = json["mode"]?.string.flatMap(Mode.init)
        else { return nil }
        self.id = id
        self.name = name
        self.containerPath = containerPath
        hostPath = json["host_path"]?.string
        self.mode = mode
    }

    public var json: JSONValue {
        .object([
            "id": .string(id), "name": .string(name), "container_path": .string(containerPath),
            "host_path": hostPath.map(JSONValue.string) ?? .null, "mode": .string(mode.rawValue),
        ])
    }
}

/// Another service's Docker volume mounted read-only into this one.
public struct SharedVolume: ServiceItem {
    public static let field = ServiceChange.Field.sharedVolumes
    public static let idPrefix = "shared_vol_"

    public var id: String
    public var volumeID: String
    public var containerPath: String
    /// `{id, name, container_path, service: {id, slug}}` of the shared volume, as it was when requested.
    public var volume: JSONValue

    public init?(json: JSONValue, id: String) {
        guard let volumeID = json["volume_id"]?.string, let containerPath = json["container_path"]?.string else {
            return nil
        }
        self.id = id
        self.volumeID = volumeID
        self.containerPath = containerPath
        volume = json["volume"] ?? .null
    }

    public var json: JSONValue {
        .object([
            "id": .string(id), "volume_id": .string(volumeID), "container_path": .string(containerPath),
            "volume": volume,
        ])
    }
}
