import Domain
import FluentKit

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "username") var username: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "first_name") var firstName: String
    @Field(key: "last_name") var lastName: String
    @Field(key: "is_superuser") var isSuperuser: Bool
    @Field(key: "created_at") var createdAt: Int64

    init() {}

    init(_ user: NewUser) {
        username = user.username
        passwordHash = user.passwordHash
        firstName = ""
        lastName = ""
        isSuperuser = user.isSuperuser
        createdAt = user.createdAt.microseconds
    }

    var domain: User {
        User(
            id: id!, username: username, passwordHash: passwordHash, firstName: firstName, lastName: lastName,
            isSuperuser: isSuperuser, createdAt: Domain.Timestamp(microseconds: createdAt))
    }
}
