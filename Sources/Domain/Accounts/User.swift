/// An account that can log in.
public struct User: Hashable, Sendable {
    public var id: Int
    public var username: String
    public var passwordHash: String
    public var firstName: String
    public var lastName: String
    public var isSuperuser: Bool
    public var createdAt: Timestamp

    public init(
        id: Int, username: String, passwordHash: String, firstName: String = "", lastName: String = "",
        isSuperuser: Bool, createdAt: Timestamp
    ) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.firstName = firstName
        self.lastName = lastName
        self.isSuperuser = isSuperuser
        self.createdAt = createdAt
    }
}

/// A user that is about to be stored (its id comes from the database).
public struct NewUser: Sendable {
    public var username: String
    public var passwordHash: String
    public var isSuperuser: Bool
    public var createdAt: Timestamp

    public init(username: String, passwordHash: String, isSuperuser: Bool, createdAt: Timestamp) {
        self.username = username
        self.passwordHash = passwordHash
        self.isSuperuser = isSuperuser
        self.createdAt = createdAt
    }
}
