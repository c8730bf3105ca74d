/// How a deployment proves it is healthy: an HTTP path on a container port, or a command run inside it.
public struct HealthCheck: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case path = "PATH"
        case command = "COMMAND"
    }

    public static let idPrefix = "htc_"
    /// The longest timeout and interval a health check may have.
    public static let maximumSeconds = 3600
    public var id: String
    public var kind: Kind
    public var value: String
    public var timeoutSeconds: Int
    public var intervalSeconds: Int
    public var associatedPort: Int?

    public init?(json: JSONValue, id: String) {
        guard let kind = json["type"]?.string.flatMap(Kind.init), let value = json["value"]?.string else { return nil }
        self.id = json["id"]?.string ?? id
        self.kind = kind
        self.value = value
        timeoutSeconds = min(max(json["timeout_seconds"]?.int ?? 30, 1), Self.maximumSeconds)
        intervalSeconds = min(max(json["interval_seconds"]?.int ?? 30, 1), Self.maximumSeconds)
        associatedPort = json["associated_port"]?.int
    }

    public var json: JSONValue {
        .object([
            "id": .string(id), "type": .string(kind.rawValue), "value": .string(value),
            "timeout_seconds": .int(Int64(timeoutSeconds)),
            "interval_seconds": .int(Int64(intervalSeconds)),
            "associated_port": associatedPort.map { .int(Int64($0)) } ?? .null,
        ])
    }

    /// Equal settings, whatever the ids.
    public func sameSettings(as other: HealthCheck) -> Bool {
        var other = other
        other.id = id
        return self == other
    }
}

/// CPU and memory caps of the service's container.
public struct ResourceLimits: Hashable, Sendable {
    public enum MemoryUnit: String, Sendable, CaseIterable {
        case bytes = "BYTES"
        case kilobytes = "KILOBYTES"
        case megabytes = "MEGABYTES"
        case gigabytes = "GIGABYTES"

        public var bytes: Int64 {
            switch self {
            case .bytes: 1
            case .kilobytes: 1024
            case .megabytes: 1024 * 1024
            case .gigabytes: 1024 * 1024 * 1024
            }
        }
    }

    public struct Memory: Hashable, Sendable {
        public var value: Int64
        public var unit: MemoryUnit
        public var bytes: Int64 {
            value.multipliedReportingOverflow(by: unit.bytes).overflow ? .max : value * unit.bytes
        }
    }

    public var cpus: Double?
    public var memory: Memory?

    /// nil for `null` or an empty object: both mean no limits.
    public init?(json: JSONValue) {
        cpus = json["cpus"]?.double
        if let memory = json["memory"], let value = memory["value"]?.int,
            let unit = memory["unit"]?.string.flatMap(MemoryUnit.init)
        {
            self.memory = Memory(value: Int64(value), unit: unit)
        }
        if cpus == nil && memory == nil { return nil }
    }

    public var json: JSONValue {
        .object([
            "cpus": cpus.map(JSONValue.double) ?? .null,
            "memory": memory.map { .object(["value": .int($0.value), "unit": .string($0.unit.rawValue)]) } ?? .null,
        ])
    }
}
