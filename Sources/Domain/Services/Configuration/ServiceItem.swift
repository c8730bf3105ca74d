/// An entry of one of a service's item lists (`urls`, `ports`, …): what deployments apply and pending
/// changes add, update or delete by id.
public protocol ServiceItem: Hashable, Sendable {
    static var field: ServiceChange.Field { get }
    /// The id prefix of applied items (`url_`, `prt_`…).
    static var idPrefix: String { get }
    var id: String { get }
    /// Reads a validated `new_value` (or a stored item) under the given id.
    init?(json: JSONValue, id: String)
    /// The item as the API shows it, id included.
    var json: JSONValue { get }
}

/// `{"key", "value"}`
public struct EnvVariable: ServiceItem {
    public static let field = ServiceChange.Field.envVariables
    public static let idPrefix = "env_dkr_"
    /// The longest value a variable may have (raw or, from a `.env` file, expanded): Linux refuses a
    /// single environment string over 128 KiB.
    public static let maximumValueBytes = 64 << 10
    public var id: String
    public var key: String
    public var value: String

    public init?(json: JSONValue, id: String) {
        guard let key = json["key"]?.string, let value = json["value"]?.string else { return nil }
        self.id = id
        self.key = key
        self.value = value
    }

    public var json: JSONValue { .object(["id": .string(id), "key": .string(key), "value": .string(value)]) }
}

/// A container port published on the server: `{"host", "forwarded"}`.
public struct PublishedPort: ServiceItem {
    public static let field = ServiceChange.Field.ports
    public static let idPrefix = "prt_"
    public var id: String
    /// A stored null is shown, and treated, as 80.
    public var host: Int
    public var forwarded: Int

    public init?(json: JSONValue, id: String) {
        guard let forwarded = json["forwarded"]?.int else { return nil }
        self.id = id
        host = json["host"]?.int ?? 80
        self.forwarded = forwarded
    }

    public var json: JSONValue {
        .object(["id": .string(id), "host": .int(Int64(host)), "forwarded": .int(Int64(forwarded))])
    }
}

/// A text file mounted into the container; `version` grows each time its contents change.
public struct ConfigFile: ServiceItem {
    public static let field = ServiceChange.Field.configs
    public static let idPrefix = "cf_"
    public var id: String
    public var name: String
    public var mountPath: String
    public var contents: String
    public var language: String
    public var version: Int

    public init?(json: JSONValue, id: String) {
        guard let name = json["name"]?.string, let mountPath = json["mount_path"]?.string,
            let contents = json["contents"]?.string
        else { return nil }
        self.id = id
        self.name = name
        self.mountPath = mountPath
        self.contents = contents
        language = json["language"]?.string ?? "plaintext"
        version = json["version"]?.int ?? 1
    }

    public var json: JSONValue {
        .object([
            "id": .string(id), "name": .string(name), "mount_path": .string(mountPath), "contents": .string(contents),
            "language": .string(language), "version": .int(Int64(version)),
        ])
    }
}
