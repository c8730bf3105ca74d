import Foundation

/// Swarm services, their tasks, networks, volumes and configs.
extension DockerEngineClient {
    public struct ObjectID: Decodable, Sendable { public var id: String }

    public struct ServiceInfo: Decodable, Sendable {
        public var id: String
        public var version: Version
        public var spec: SwarmServiceSpec

        public init(id: String, version: Version, spec: SwarmServiceSpec) {
            self.id = id
            self.version = version
            self.spec = spec
        }

        public struct Version: Decodable, Sendable {
            public var index: Int
            public init(index: Int) { self.index = index }
        }
    }

    public struct Task: Decodable, Sendable {
        public var id: String
        public var version: ServiceInfo.Version
        public var desiredState: String
        public var status: Status
        public var networksAttachments: [NetworkAttachment]?

        /// The task's address on the named network, without its prefix length (`10.0.1.5`).
        public func address(onNetwork name: String) -> String? {
            let cidr = networksAttachments?.first { $0.network.spec.name == name }?.addresses?.first
            return cidr.map { String($0.prefix { $0 != "/" }) }
        }

        public struct NetworkAttachment: Decodable, Sendable {
            public var network: Network
            public var addresses: [String]?
            public struct Network: Decodable, Sendable {
                public var spec: Spec
                public struct Spec: Decodable, Sendable { public var name: String }
            }
        }

        public struct Status: Decodable, Sendable {
            public var state: String
            public var message: String?
            public var err: String?
            public var containerStatus: ContainerStatus?

            public init(state: String, message: String?, err: String?, containerStatus: ContainerStatus?) {
                self.state = state
                self.message = message
                self.err = err
                self.containerStatus = containerStatus
            }
        }

        public struct ContainerStatus: Decodable, Sendable {
            public var containerID: String?
            public var exitCode: Int?

            public init(containerID: String?, exitCode: Int?) {
                self.containerID = containerID
                self.exitCode = exitCode
            }
        }
    }

    /// Whether this engine is a manager of an active swarm.
    public func isSwarmManager() async throws -> Bool {
        struct Info: Decodable { var swarm: Swarm }
        struct Swarm: Decodable {
            var localNodeState: String
            var controlAvailable: Bool?
        }
        let info = try await call(.GET, "/info", as: Info.self)
        return info.swarm.localNodeState == "active" && info.swarm.controlAvailable == true
    }

    /// Creates the service unless one with that name exists; either way returns its id.
    @discardableResult
    public func createServiceIfAbsent(_ spec: SwarmServiceSpec) async throws -> String {
        if let existing = try await service(named: spec.name) { return existing.id }
        let reply = try await send(.POST, "/services/create", body: spec)
        if reply.status.code == 409, let existing = try await service(named: spec.name) { return existing.id }
        guard reply.isSuccess else {
            throw DockerEngineError.unexpectedStatus(reply.status.code, reply.message, path: "/services/create")
        }
        return try DockerJSON.decoder.decode(ObjectID.self, from: Data(reply.body.readableBytesView)).id
    }

    public func service(named name: String) async throws -> ServiceInfo? {
        let reply = try await send(.GET, "/services/\(try Self.pathSafe(name))")
        if reply.status == .notFound { return nil }
        guard reply.isSuccess else {
            throw DockerEngineError.unexpectedStatus(reply.status.code, reply.message, path: "/services/\(name)")
        }
        return try DockerJSON.decoder.decode(ServiceInfo.self, from: Data(reply.body.readableBytesView))
    }

    /// Replaces the service's spec (the engine requires the version it was read at).
    public func updateService(_ service: ServiceInfo, to spec: SwarmServiceSpec) async throws {
        try await perform(
            .POST, "/services/\(service.id)/update", query: [("version", String(service.version.index))], body: spec)
    }

    /// Removes the service if it exists.
    public func removeService(named name: String) async throws {
        try await perform(.DELETE, "/services/\(try Self.pathSafe(name))", accepting: [404])
    }

    /// Names of the services carrying every given label (`key=value`).
    public func serviceNames(labelled labels: [String]) async throws -> [String] {
        try await call(.GET, "/services", query: [Self.filters(["label": labels])], as: [ServiceInfo].self).map(
            \.spec.name)
    }

    public func tasks(ofService name: String) async throws -> [Task] {
        try await call(.GET, "/tasks", query: [Self.filters(["service": [name]])], as: [Task].self)
    }

    /// The gateway address of a local network (`docker_gwbridge`: how a Swarm task reaches its host), or nil.
    public func gateway(ofNetwork name: String) async throws -> String? {
        struct Network: Decodable { var ipam: IPAM? }
        struct IPAM: Decodable { var config: [Config]? }
        struct Config: Decodable { var gateway: String? }
        let reply = try await send(.GET, "/networks/\(try Self.pathSafe(name))")
        guard reply.isSuccess else { return nil }
        let network = try DockerJSON.decoder.decode(Network.self, from: Data(reply.body.readableBytesView))
        return network.ipam?.config?.compactMap(\.gateway).first
    }

    /// The address of each container on a local network, keyed by container ID (`docker_gwbridge` holds the
    /// address from which a Swarm task reaches its host).
    public func containerAddresses(onNetwork name: String) async throws -> [String: String] {
        // A plain decoder: the engine's key style would also rewrite the container IDs used as keys.
        struct Network: Decodable {
            var containers: [String: Endpoint]?
            enum CodingKeys: String, CodingKey { case containers = "Containers" }
        }
        struct Endpoint: Decodable {
            var iPv4Address: String?
            var iPv6Address: String?
            enum CodingKeys: String, CodingKey {
                case iPv4Address = "IPv4Address"
                case iPv6Address = "IPv6Address"
            }
        }
        let reply = try await send(.GET, "/networks/\(try Self.pathSafe(name))")
        guard reply.isSuccess else { return [:] }
        let network = try JSONDecoder().decode(Network.self, from: Data(reply.body.readableBytesView))
        return (network.containers ?? [:]).compactMapValues { endpoint in
            [endpoint.iPv4Address, endpoint.iPv6Address].compactMap { $0 }.first { !$0.isEmpty }.map {
                String($0.prefix { $0 != "/" })
            }
        }
    }

    /// Creates an attachable overlay network unless it exists.
    public func createOverlayNetworkIfAbsent(_ name: String, labels: [String: String]) async throws {
        struct Create: Encodable, Sendable {
            var name: String
            var driver = "overlay"
            var attachable = true
            var checkDuplicate = true
            var labels: [String: String]
        }
        if try await exists("/networks/\(try Self.pathSafe(name))") { return }
        try await perform(.POST, "/networks/create", body: Create(name: name, labels: labels), accepting: [409])
    }

    public func networkNames(labelled labels: [String]) async throws -> [String] {
        struct Network: Decodable { var name: String }
        return try await call(.GET, "/networks", query: [Self.filters(["label": labels])], as: [Network].self).map(
            \.name)
    }

    public func removeNetwork(_ name: String) async throws {
        try await perform(.DELETE, "/networks/\(try Self.pathSafe(name))", accepting: [404])
    }

    /// Creates a local volume unless it exists. Returns whether it was created now.
    @discardableResult
    public func createVolumeIfAbsent(_ name: String, labels: [String: String]) async throws -> Bool {
        struct Create: Encodable, Sendable {
            var name: String
            var driver = "local"
            var labels: [String: String]
        }
        if try await exists("/volumes/\(try Self.pathSafe(name))") { return false }
        try await perform(.POST, "/volumes/create", body: Create(name: name, labels: labels))
        return true
    }

    public func volumeNames(labelled labels: [String]) async throws -> [String] {
        struct List: Decodable { var volumes: [Volume]? }
        struct Volume: Decodable { var name: String }
        return try await call(.GET, "/volumes", query: [Self.filters(["label": labels])], as: List.self).volumes?.map(
            \.name) ?? []
    }

    public func removeVolume(_ name: String) async throws {
        try await perform(.DELETE, "/volumes/\(try Self.pathSafe(name))", query: [("force", "true")], accepting: [404])
    }

    /// Creates a config unless one with that name exists (configs are immutable); returns its id and
    /// whether it was created now.
    public func createConfigIfAbsent(_ name: String, contents: String, labels: [String: String]) async throws -> (
        id: String, created: Bool
    ) {
        struct Create: Encodable, Sendable {
            var name: String
            var labels: [String: String]
            var data: String
        }
        if let id = try await configID(named: name) { return (id, false) }
        let reply = try await send(
            .POST, "/configs/create",
            body: Create(name: name, labels: labels, data: Data(contents.utf8).base64EncodedString()))
        if reply.status.code == 409, let id = try await configID(named: name) { return (id, false) }
        guard reply.isSuccess else {
            throw DockerEngineError.unexpectedStatus(reply.status.code, reply.message, path: "/configs/create")
        }
        return (try DockerJSON.decoder.decode(ObjectID.self, from: Data(reply.body.readableBytesView)).id, true)
    }

    public func configID(named name: String) async throws -> String? {
        struct Config: Decodable {
            var id: String
            var spec: Spec
        }
        struct Spec: Decodable { var name: String }
        let configs = try await call(.GET, "/configs", query: [Self.filters(["name": [name]])], as: [Config].self)
        return configs.first { $0.spec.name == name }?.id
    }

    public func configNames(labelled labels: [String]) async throws -> [String] {
        struct Config: Decodable { var spec: Spec }
        struct Spec: Decodable { var name: String }
        return try await call(.GET, "/configs", query: [Self.filters(["label": labels])], as: [Config].self).map(
            \.spec.name)
    }

    public func removeConfig(_ name: String) async throws {
        try await perform(.DELETE, "/configs/\(try Self.pathSafe(name))", accepting: [404])
    }
}
