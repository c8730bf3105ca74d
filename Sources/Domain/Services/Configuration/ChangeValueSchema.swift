/// The schema stage of a change request: reads `new_value` for a field, records every error under
/// `new_value.*` and returns the value to store, with defaults filled in and unsent optional keys absent.
public struct ChangeValueSchema: Sendable {
    public var server: ServerResources
    /// The domain a URL gets when the request names none.
    public var generatedDomain: @Sendable () -> String

    public init(server: ServerResources, generatedDomain: @escaping @Sendable () -> String) {
        self.server = server
        self.generatedDomain = generatedDomain
    }

    static let invalidPathDetail = "Should be a valid pathname starting with `/`, without a query string, `..` or `*`."
    static let invalidDomainDetail = "Should be a domain without the scheme, pathname or querystring."

    /// nil when `new_value` is invalid (the errors are in `reader`) or absent where it is optional.
    func read(_ field: ServiceChange.Field, from reader: inout InputReader) -> JSONValue? {
        switch field {
        case .command: return command(&reader)
        case .healthcheck, .resourceLimits:
            guard let nested = reader.nested("new_value", required: true, nullable: true) else { return nil }
            guard var value = nested else { return .null }
            let result = field == .healthcheck ? healthcheck(&value) : resourceLimits(&value)
            reader.absorb(value)
            return result
        case .source, .envVariables, .ports, .urls, .volumes, .sharedVolumes, .configs, .gitSource, .builder:
            guard case .some(.some(var value)) = reader.nested("new_value", required: true) else { return nil }
            let result: JSONValue? =
                switch field {
                case .source: source(&value)
                case .envVariables: envVariable(&value)
                case .ports: port(&value)
                case .urls: url(&value)
                case .volumes: volume(&value)
                case .sharedVolumes: sharedVolume(&value)
                case .gitSource: GitSource.read(&value, commit: true)?.source.json
                case .builder: Builder.read(&value)?.json
                default: config(&value)
                }
            reader.absorb(value)
            return value.errors.isEmpty ? result : nil
        }
    }

    func source(_ reader: inout InputReader) -> JSONValue? {
        guard let image = CreateDockerServiceRequest.readImage(&reader) else { return nil }
        return .object(["image": .string(image)])
    }

    func command(_ reader: inout InputReader) -> JSONValue? {
        guard reader.contains("new_value") else {
            reader.errors.append(.required(reader.attr("new_value")))
            return nil
        }
        guard case .some(.some(let command)) = reader.nullableString("new_value") else {
            return reader.object["new_value"] == .null ? .null : nil
        }
        return .string(command)
    }

    func healthcheck(_ reader: inout InputReader) -> JSONValue? {
        let kind = reader.choice("type", required: true, as: HealthCheck.Kind.self)
        let value = reader.string("value", required: true, maxLength: 255)
        if kind == .path, let value, !Rules.isPath(value) { reader.fail("value", Self.invalidPathDetail) }
        let timeout = reader.int("timeout_seconds", min: 5, max: HealthCheck.maximumSeconds) ?? 30
        let interval = reader.int("interval_seconds", min: 5, max: HealthCheck.maximumSeconds) ?? 30
        let port = reader.int("associated_port", min: 1, max: 65535)
        if kind == .path && !reader.contains("associated_port") {
            reader.errors.append(.required(reader.attr("associated_port")))
        }
        if kind == .command && reader.contains("associated_port") {
            reader.fail("associated_port", "Cannot specify an associated port for healthcheck of types `COMMAND`.")
        }
        guard reader.errors.isEmpty, let kind, let value else { return nil }
        var object: [String: JSONValue] = [
            "type": .string(kind.rawValue), "value": .string(value), "timeout_seconds": .int(Int64(timeout)),
            "interval_seconds": .int(Int64(interval)),
        ]
        if let port { object["associated_port"] = .int(Int64(port)) }
        return .object(object)
    }

    func resourceLimits(_ reader: inout InputReader) -> JSONValue? {
        var object: [String: JSONValue] = [:]
        if let cpus = reader.double("cpus", min: 0.1) {
            if cpus > Double(server.cpus) {
                reader.fail("cpus", "Cannot exceed \(server.cpus) CPUs.")
            } else {
                object["cpus"] = .double(cpus)
            }
        }
        if case .some(.some(var memory)) = reader.nested("memory") {
            let value = memory.int("value", required: true, min: 0)
            let unit = memory.choice("unit", as: ResourceLimits.MemoryUnit.self) ?? .megabytes
            if let value, memory.errors.isEmpty {
                let bytes = ResourceLimits.Memory(value: Int64(value), unit: unit).bytes
                if bytes < 6 * 1024 * 1024 {
                    memory.fail("value", "Cannot limit a service memory to less than 6 MiB.")
                } else if bytes > server.memoryBytes {
                    memory.fail("value", "The maximum memory limit on this server is \(server.memoryDescription).")
                } else {
                    object["memory"] = .object(["value": .int(Int64(value)), "unit": .string(unit.rawValue)])
                }
            }
            reader.absorb(memory)
        }
        guard reader.errors.isEmpty else { return nil }
        return object.isEmpty ? .null : .object(object)
    }

    func envVariable(_ reader: inout InputReader) -> JSONValue? {
        let key = reader.string("key", required: true)
        if let key, !Rules.isVariableName(key) { reader.fail("key", SharedVariableRequest.invalidKeyDetail(key)) }
        let value = reader.string("value", required: true, allowBlank: true)
        if let value, value.utf8.count > EnvVariable.maximumValueBytes {
            reader.fail(
                "value", code: "max_length",
                "Ensure this field has no more than \(EnvVariable.maximumValueBytes) bytes.")
        }
        guard let key, let value else { return nil }
        return .object(["key": .string(key), "value": .string(value)])
    }

    func port(_ reader: inout InputReader) -> JSONValue? {
        let host = reader.int("host", required: true, min: 1, max: 65535)
        let forwarded = reader.int("forwarded", required: true, min: 1, max: 65535)
        guard let host, let forwarded else { return nil }
        return .object(["host": .int(Int64(host)), "forwarded": .int(Int64(forwarded))])
    }

    func url(_ reader: inout InputReader) -> JSONValue? {
        var domain = reader.string("domain")?.lowercased()
        if let given = domain, !Rules.isDomain(given) {
            reader.fail("domain", Self.invalidDomainDetail)
            domain = nil
        }
        var basePath = path("base_path", in: &reader).map(Rules.normalizedPath) ?? "/"
        if basePath.contains(where: { $0 == "{" || $0 == "}" }) {
            reader.fail(
                "base_path", "A base path cannot contain `{` or `}` (the proxy would read them as placeholders).")
            basePath = "/"
        }
        let stripPrefix = reader.bool("strip_prefix") ?? true
        let port = reader.int("associated_port", min: 1, max: 65535)
        var redirect: JSONValue?
        if case .some(.some(var target)) = reader.nested("redirect_to", nullable: true) {
            let url = target.string("url", required: true, maxLength: 2048)
            if let url, !Rules.isWebURL(url) { target.fail("url", "Enter a valid URL.") }
            let permanent = target.bool("permanent") ?? false
            if let url { redirect = .object(["url": .string(url), "permanent": .bool(permanent)]) }
            reader.absorb(target)
        }
        guard reader.errors.isEmpty else { return nil }
        var object: [String: JSONValue] = [
            "domain": .string(domain ?? generatedDomain()), "base_path": .string(basePath),
            "strip_prefix": .bool(stripPrefix),
        ]
        if let port { object["associated_port"] = .int(Int64(port)) }
        if let redirect { object["redirect_to"] = redirect }
        return .object(object)
    }

    func volume(_ reader: inout InputReader) -> JSONValue? {
        let name = reader.string("name", maxLength: 255)
        let containerPath = path("container_path", required: true, maxLength: 255, in: &reader)
        var hostPath: String?
        if reader.object["host_path"] != .null { hostPath = path("host_path", maxLength: 255, in: &reader) }
        let mode = reader.choice("mode", as: Volume.Mode.self) ?? (hostPath == nil ? .readWrite : .readOnly)
        if hostPath != nil && mode == .readWrite {
            reader.fail("mode", "Volumes with a host path can only be mounted in `read only` mode.")
        }
        guard reader.errors.isEmpty, let containerPath else { return nil }
        return .object([
            "name": .string(name ?? SlugGenerator.make()), "container_path": .string(containerPath),
            "host_path": hostPath.map(JSONValue.string) ?? .null, "mode": .string(mode.rawValue),
        ])
    }

    func sharedVolume(_ reader: inout InputReader) -> JSONValue? {
        let volumeID = reader.string("volume_id", required: true)
        let containerPath = path("container_path", required: true, maxLength: 2048, in: &reader)
        guard let volumeID, let containerPath else { return nil }
        return .object(["volume_id": .string(volumeID), "container_path": .string(containerPath)])
    }

    func config(_ reader: inout InputReader) -> JSONValue? {
        let contents = reader.string("contents", required: true, allowBlank: true, trim: false)
        let name = reader.string("name", maxLength: 255)
        let mountPath = path("mount_path", required: true, maxLength: 255, in: &reader)
        let language = reader.string("language", maxLength: 255) ?? "plaintext"
        guard let contents, let mountPath else { return nil }
        return .object([
            "contents": .string(contents), "name": .string(name ?? SlugGenerator.make()),
            "mount_path": .string(mountPath),
            "language": .string(language),
        ])
    }

    func path(_ key: String, required: Bool = false, maxLength: Int = 2048, in reader: inout InputReader) -> String? {
        guard let text = reader.string(key, required: required, maxLength: maxLength) else { return nil }
        guard Rules.isPath(text) else {
            reader.fail(key, Self.invalidPathDetail)
            return nil
        }
        return text
    }
}

/// The server's capacity, which resource limits may not exceed.
public struct ServerResources: Sendable, Equatable {
    public var cpus: Int
    public var memoryBytes: Int64

    public init(cpus: Int, memoryBytes: Int64) {
        self.cpus = cpus
        self.memoryBytes = memoryBytes
    }

    /// `24.00 gb`: two decimals in the largest unit that keeps the number at least 1.
    public var memoryDescription: String {
        let units: [(String, Double)] = [("gb", 1_073_741_824), ("mb", 1_048_576), ("kb", 1024), ("bytes", 1)]
        let (name, size) = units.first { Double(memoryBytes) >= $0.1 } ?? ("bytes", 1)
        let hundredths = (Double(memoryBytes) / size * 100).rounded()
        let whole = Int64(hundredths) / 100
        let fraction = Int64(hundredths) % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction) \(name)"
    }
}
