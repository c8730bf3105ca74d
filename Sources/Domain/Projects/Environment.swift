/// An isolated space inside a project: its own network, services and shared variables.
public struct Environment: Hashable, Sendable {
    public static let production = "production"

    public var id: String
    public var projectID: String
    public var name: String
    public var isPreview: Bool
    public var createdAt: Timestamp

    public init(
        id: String = RandomID.make(prefix: "project_env_", length: 15), projectID: String, name: String,
        isPreview: Bool = false, createdAt: Timestamp
    ) {
        self.id = id
        self.projectID = projectID
        self.name = name
        self.isPreview = isPreview
        self.createdAt = createdAt
    }

    public var isProduction: Bool { name == Self.production }
}

/// A variable shared by every service of an environment.
public struct SharedVariable: Hashable, Sendable {
    public var id: String
    public var environmentID: String
    public var key: String
    public var value: String

    public init(id: String = RandomID.make(prefix: "env_prj_"), environmentID: String, key: String, value: String) {
        self.id = id
        self.environmentID = environmentID
        self.key = key
        self.value = value
    }
}
