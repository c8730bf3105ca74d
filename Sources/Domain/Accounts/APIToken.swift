/// A named token of a user for scripts and CI: `Authorization: Bearer zane_…` authenticates API requests
/// within its scope, until it expires or is revoked. The secret is shown once, when the token is created;
/// only a keyed digest of it is stored.
public struct APIToken: Hashable, Sendable {
    public static let secretPrefix = "zane_"
    static let secretLength = 40
    /// A token's last use is written at most this often.
    public static let lastUseResolutionSeconds: Int64 = 60

    public var id: String
    public var userID: Int
    public var name: String
    public var scope: APITokenScope
    public var expiresAt: Timestamp?
    public var lastUsedAt: Timestamp?
    public var createdAt: Timestamp

    public init(
        id: String = RandomID.make(prefix: "tok_"), userID: Int, name: String, scope: APITokenScope,
        expiresAt: Timestamp?, lastUsedAt: Timestamp? = nil, createdAt: Timestamp
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.scope = scope
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.createdAt = createdAt
    }

    public func hasExpired(at now: Timestamp) -> Bool { expiresAt.map { $0 <= now } ?? false }

    /// Whether a use at `now` is worth writing down.
    public func lastUseIsStale(at now: Timestamp) -> Bool {
        lastUsedAt.map { now.seconds(since: $0) >= Self.lastUseResolutionSeconds } ?? true
    }

    /// `zane_` and 40 `[a-z0-9]` characters.
    public static func newSecret() -> String {
        secretPrefix + RandomID.random(secretLength, from: RandomID.lowercaseAlphanumerics)
    }

    /// Whether `text` has a secret's shape: anything else is not worth a lookup.
    public static func isWellFormedSecret(_ text: String) -> Bool {
        guard text.hasPrefix(secretPrefix) else { return false }
        let rest = text.utf8.dropFirst(secretPrefix.utf8.count)
        return rest.count == secretLength && rest.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
    }
}

/// What a token may do.
public enum APITokenScope: Hashable, Sendable {
    /// Everything its user may do.
    case full
    /// Only reads (`GET`).
    case readOnly
    /// Only deploying the services of these projects, and these services: no reads of their configuration,
    /// variables or logs.
    case deploy(projectIDs: Set<String>, serviceIDs: Set<String>)

    public enum Kind: String, Sendable, CaseIterable {
        case full = "FULL"
        case readOnly = "READ_ONLY"
        case deploy = "DEPLOY"
    }

    public var kind: Kind {
        switch self {
        case .full: .full
        case .readOnly: .readOnly
        case .deploy: .deploy
        }
    }

    /// Whether a deploy-only token reaches this service.
    public func canDeploy(projectID: String, serviceID: String) -> Bool {
        switch self {
        case .full: true
        case .readOnly: false
        case .deploy(let projects, let services): projects.contains(projectID) || services.contains(serviceID)
        }
    }

    /// `{"kind", "project_ids", "service_ids"}`, as stored and shown.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["kind": .string(kind.rawValue)]
        if case .deploy(let projects, let services) = self {
            object["project_ids"] = .array(projects.sorted().map { .string($0) })
            object["service_ids"] = .array(services.sorted().map { .string($0) })
        }
        return .object(object)
    }

    public init?(json: JSONValue) {
        switch json["kind"]?.string.flatMap(Kind.init(rawValue:)) {
        case .full?: self = .full
        case .readOnly?: self = .readOnly
        case .deploy?:
            func ids(_ key: String) -> Set<String> { Set((json[key]?.array ?? []).compactMap(\.string)) }
            self = .deploy(projectIDs: ids("project_ids"), serviceIDs: ids("service_ids"))
        case nil: return nil
        }
    }
}
