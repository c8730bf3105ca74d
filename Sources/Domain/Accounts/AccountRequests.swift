/// `POST /api/auth/create-initial-user`
public struct CreateInitialUserRequest: Sendable {
    public var username: String
    public var password: String
    public var workspaceName: String

    public init(reading reader: inout InputReader) throws(DomainError) {
        let username = reader.string("username", required: true, maxLength: 150)
        if let username, !Rules.isUsername(username) { reader.fail("username", AuthService.invalidUsernameDetail) }
        let password = reader.string("password", required: true, minLength: PasswordPolicy.minimumLength)
        let workspaceName = reader.string("workspace_name", maxLength: 255)
        try reader.check()
        self.username = username!
        self.password = password!
        self.workspaceName = workspaceName ?? "Default workspace"
    }
}

/// `POST /api/auth/login`
public struct LoginRequest: Sendable {
    public var username: String
    public var password: String

    public init(reading reader: inout InputReader) throws(DomainError) {
        let username = reader.string("username", required: true, maxLength: 255)
        let password = reader.string("password", required: true, maxLength: 255)
        try reader.check()
        self.username = username!
        self.password = password!
    }
}

/// `POST /api/auth/change-password`
public struct ChangePasswordRequest: Sendable {
    public var currentPassword: String
    public var newPassword: String

    public init(reading reader: inout InputReader) throws(DomainError) {
        let minimum = PasswordPolicy.minimumLength
        let current = reader.string("current_password", required: true, minLength: minimum)
        let new = reader.string("new_password", required: true, minLength: minimum)
        let confirm = reader.string("confirm_password", required: true, minLength: minimum)
        try reader.check()
        if new != confirm { reader.fail("confirm_password", "Your passwords do not match.") }
        try reader.check()
        self.currentPassword = current!
        self.newPassword = new!
    }
}

/// `PATCH /api/auth/update-profile`
public struct UpdateProfileRequest: Sendable {
    public var username: String?
    public var firstName: String?
    public var lastName: String?

    public init(reading reader: inout InputReader) throws(DomainError) {
        username = reader.string("username", maxLength: 150)
        if let username, !Rules.isUsername(username) { reader.fail("username", AuthService.invalidUsernameDetail) }
        firstName = reader.string("first_name", allowBlank: true, maxLength: 150)
        lastName = reader.string("last_name", allowBlank: true, maxLength: 150)
        try reader.check()
    }
}
