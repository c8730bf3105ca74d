/// The parts of a Swarm service spec (`POST /services/create`) that Zane sets. Lists and flags are optional
/// because the engine leaves empty and default values out when it answers an inspect.
public struct SwarmServiceSpec: Codable, Sendable, Equatable {
    public var name: String
    public var labels: [String: String]?
    public var taskTemplate: TaskTemplate
    public var mode: Mode
    public var endpointSpec: EndpointSpec?

    public init(
        name: String, labels: [String: String], taskTemplate: TaskTemplate, replicas: Int, endpointSpec: EndpointSpec?
    ) {
        self.name = name
        self.labels = labels
        self.taskTemplate = taskTemplate
        mode = Mode(replicated: .init(replicas: replicas))
        self.endpointSpec = endpointSpec
    }

    public struct TaskTemplate: Codable, Sendable, Equatable {
        public var containerSpec: ContainerSpec
        public var resources: Resources?
        public var restartPolicy: RestartPolicy?
        public var networks: [NetworkAttachment]?

        public init(containerSpec: ContainerSpec, resources: Resources?, networks: [NetworkAttachment]) {
            self.containerSpec = containerSpec
            self.resources = resources
            restartPolicy = RestartPolicy(condition: "any")
            self.networks = networks
        }
    }

    public struct ContainerSpec: Codable, Sendable, Equatable {
        public var image: String
        /// Labels of the task containers (the service's own labels stay on the service).
        public var labels: [String: String]?
        public var command: [String]?
        public var env: [String]?
        public var mounts: [Mount]?
        public var configs: [ConfigReference]?
        public var healthcheck: Healthcheck?
        /// Nanoseconds.
        public var stopGracePeriod: Int64?

        public init(image: String, command: [String]?, env: [String], mounts: [Mount], configs: [ConfigReference]) {
            self.image = image
            self.command = command
            self.env = env
            self.mounts = mounts
            self.configs = configs
            healthcheck = Healthcheck(test: ["NONE"])
            stopGracePeriod = 30_000_000_000
        }
    }

    public struct Healthcheck: Codable, Sendable, Equatable { public var test: [String] }

    public struct Mount: Codable, Sendable, Equatable {
        public var type: String
        public var source: String
        public var target: String
        public var readOnly: Bool?

        public static func volume(_ name: String, at target: String, readOnly: Bool) -> Mount {
            Mount(type: "volume", source: name, target: target, readOnly: readOnly)
        }

        public static func bind(_ path: String, at target: String, readOnly: Bool) -> Mount {
            Mount(type: "bind", source: path, target: target, readOnly: readOnly)
        }
    }

    public struct ConfigReference: Codable, Sendable, Equatable {
        public var file: File
        public var configID: String
        public var configName: String

        public struct File: Codable, Sendable, Equatable {
            public var name: String
            public var uid: String
            public var gid: String
            public var mode: UInt32
        }

        /// The config mounted read-only (0444) at `path`, owned by root.
        public init(id: String, name: String, path: String) {
            file = File(name: path, uid: "0", gid: "0", mode: 0o444)
            configID = id
            configName = name
        }
    }

    public struct Resources: Codable, Sendable, Equatable {
        public var limits: Limits?

        public struct Limits: Codable, Sendable, Equatable {
            public var nanoCPUs: Int64?
            public var memoryBytes: Int64?
        }

        public init(nanoCPUs: Int64?, memoryBytes: Int64?) {
            limits = Limits(nanoCPUs: nanoCPUs, memoryBytes: memoryBytes)
        }
    }

    public struct RestartPolicy: Codable, Sendable, Equatable { public var condition: String }

    public struct NetworkAttachment: Codable, Sendable, Equatable {
        public var target: String
        public var aliases: [String]?

        public init(target: String, aliases: [String]) {
            self.target = target
            self.aliases = aliases
        }
    }

    public struct Mode: Codable, Sendable, Equatable {
        public var replicated: Replicated
        public struct Replicated: Codable, Sendable, Equatable { public var replicas: Int }
    }

    public struct EndpointSpec: Codable, Sendable, Equatable {
        /// `dnsrr`: no virtual IP, names resolve to the task containers (works without IPVS).
        public var mode: String?
        public var ports: [Port]?

        public init(ports: [Port]) {
            mode = "dnsrr"
            self.ports = ports
        }

        public struct Port: Codable, Sendable, Equatable {
            public var `protocol`: String
            public var targetPort: Int
            public var publishedPort: Int
            public var publishMode: String

            /// A TCP port published on the node itself (`host` mode: the routing mesh needs IPVS).
            public init(published: Int, target: Int) {
                `protocol` = "tcp"
                targetPort = target
                publishedPort = published
                publishMode = "host"
            }
        }
    }
}
