/// A tenant that owns projects; its members have roles.
public struct Workspace: Hashable, Sendable {
    public var id: String
    public var name: String
    public var createdAt: Timestamp

    public init(id: String = RandomID.make(prefix: "wrk_"), name: String, createdAt: Timestamp) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// A member's role in a workspace, ordered from least to most powerful.
public enum Role: Int, Comparable, Sendable, CaseIterable {
    case guest = 10
    case member = 30
    case admin = 40
    case owner = 50

    public var name: String {
        switch self {
        case .guest: "Guest"
        case .member: "Member"
        case .admin: "Admin"
        case .owner: "Owner"
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A user's membership of one workspace.
public struct Membership: Hashable, Sendable {
    public var id: Int
    public var role: Role
    public var workspace: Workspace

    public init(id: Int, role: Role, workspace: Workspace) {
        self.id = id
        self.role = role
        self.workspace = workspace
    }
}
