/// One containerised app of an environment. Its configuration changes only through pending changes
/// that the next deployment applies; until then `image` and the item lists stay as last deployed.
public struct Service: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case dockerRegistry = "DOCKER_REGISTRY"
        case gitRepository = "GIT_REPOSITORY"
    }

    public static let maximumSlugLength = 38

    public var id: String
    public var slug: String
    public var kind: Kind
    public var projectID: String
    public var environmentID: String
    public var image: String?
    public var command: String?
    public var networkAlias: String
    public var deployToken: String
    public var autoDeployEnabled = true
    public var watchPaths: String?
    public var cleanupQueueOnAutoDeploy = true
    public var previewEnvironmentsEnabled = true
    /// A git service's secret for push webhooks: GitHub signs its deliveries with it, GitLab sends it.
    public var webhookSecret: String?
    /// A git service's credentials for a private repository.
    public var gitCredentials: GitCredentials?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// A new service: its network alias is fixed from the slug it is created with.
    public init(
        slug: String, kind: Kind = .dockerRegistry, projectID: String, environmentID: String, createdAt: Timestamp
    ) {
        id = RandomID.make(prefix: "srv_dkr_")
        self.slug = slug
        self.kind = kind
        self.projectID = projectID
        self.environmentID = environmentID
        networkAlias = "zn-\(slug)-\(id.dropFirst("srv_dkr_".count))"
        deployToken = Self.newDeployToken()
        self.createdAt = createdAt
        updatedAt = createdAt
    }

    public init(
        id: String, slug: String, kind: Kind, projectID: String, environmentID: String, image: String?,
        command: String?,
        networkAlias: String, deployToken: String, createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.slug = slug
        self.kind = kind
        self.projectID = projectID
        self.environmentID = environmentID
        self.image = image
        self.command = command
        self.networkAlias = networkAlias
        self.deployToken = deployToken
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// 32 lowercase hex characters from 16 random bytes.
    public static func newDeployToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }.joined()
    }

    /// `<network_alias>.<environment id without its prefix>.zaneops.internal`
    public var globalNetworkAlias: String {
        "\(networkAlias).\(environmentID.dropFirst("project_env_".count)).zaneops.internal"
    }

    public var privateDomain: String { "\(networkAlias).zaneops.internal" }
}

/// A requested edit of a service's configuration, applied by the next deployment.
public struct ServiceChange: Equatable, Sendable {
    public enum Field: String, Sendable, CaseIterable {
        case source, command, healthcheck
        case resourceLimits = "resource_limits"
        case volumes
        case sharedVolumes = "shared_volumes"
        case urls, ports
        case envVariables = "env_variables"
        case configs
        case gitSource = "git_source"
        case builder

        /// Item fields hold lists whose entries changes add, update and delete; the others hold one value.
        public var holdsItems: Bool {
            switch self {
            case .source, .command, .healthcheck, .resourceLimits, .gitSource, .builder: false
            case .volumes, .sharedVolumes, .urls, .ports, .envVariables, .configs: true
            }
        }

        /// The fields only git services record; docker services accept and ignore them.
        public var isGitOnly: Bool { self == .gitSource || self == .builder }
    }

    public enum Kind: String, Sendable, CaseIterable {
        case add = "ADD"
        case update = "UPDATE"
        case delete = "DELETE"
    }

    public var id: String
    public var serviceID: String
    public var field: Field
    public var kind: Kind
    public var itemID: String?
    public var newValue: JSONValue?
    public var oldValue: JSONValue?
    public var createdAt: Timestamp

    public init(
        id: String = RandomID.make(prefix: "chg_dkr_"), serviceID: String, field: Field, kind: Kind,
        itemID: String? = nil,
        newValue: JSONValue?, oldValue: JSONValue?, createdAt: Timestamp
    ) {
        self.id = id
        self.serviceID = serviceID
        self.field = field
        self.kind = kind
        self.itemID = itemID
        self.newValue = newValue
        self.oldValue = oldValue
        self.createdAt = createdAt
    }
}

/// A service with what its API object shows besides its own row.
public struct ServiceDetails: Sendable {
    public var service: Service
    /// The applied configuration.
    public var configuration: ServiceConfiguration
    public var environment: Environment
    public var variables: [SharedVariable]
    public var pendingChanges: [ServiceChange]
    /// The latest deployment that was not cancelled, for cards; nil when never deployed (or not read).
    public var latestDeployment: LatestDeployment?

    public init(
        service: Service, configuration: ServiceConfiguration, environment: Environment, variables: [SharedVariable],
        pendingChanges: [ServiceChange]
    ) {
        self.service = service
        self.configuration = configuration
        self.environment = environment
        self.variables = variables
        self.pendingChanges = pendingChanges
    }

    /// The card's status (`api.md` §2.7).
    public var cardStatus: String {
        guard let status = latestDeployment?.status else { return "NOT_DEPLOYED_YET" }
        switch status {
        case .healthy: return "HEALTHY"
        case .failed: return "FAILED"
        case .sleeping: return "SLEEPING"
        case .queued, .preparing, .building, .starting: return "DEPLOYING"
        case .unhealthy, .removed, .restarting, .cancelled, .cancelling: return "UNHEALTHY"
        }
    }

    /// The git source a card shows: the deployed one, else the one a pending `git_source` change asks for.
    public var displayGitSource: GitSource? {
        configuration.gitSource
            ?? pendingChanges.first { $0.field == .gitSource }?.newValue.flatMap(GitSource.init(json:))
    }

    /// The commit message of the latest deployment, for a git service's card.
    public var latestCommitMessage: String? { latestDeployment?.commitMessage }

    /// The image a card shows: the deployed one, else the one a pending `source` change asks for.
    /// What the service runs, in a few words: its image, or its repository and branch.
    public var displaySource: String? {
        guard service.kind == .gitRepository else { return displayImage }
        let pending = pendingChanges.first { $0.field == .gitSource }?.newValue.flatMap(GitSource.init(json:))
        return (configuration.gitSource ?? pending).map { "\($0.repositoryURL) · \($0.branchName)" }
    }

    public var displayImage: String? {
        if let image = service.image { return image }
        guard case .object(let value)? = pendingChanges.first(where: { $0.field == .source })?.newValue,
            case .string(let image)? = value["image"]
        else { return nil }
        return image
    }
}
