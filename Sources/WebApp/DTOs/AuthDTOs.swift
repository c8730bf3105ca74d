import Domain

/// `GET /api/auth/me`
struct MeDTO: Encodable {
    struct UserDTO: Encodable {
        var username: String
        var first_name: String
        var last_name: String
        var is_superuser: Bool
    }

    struct MembershipDTO: Encodable {
        struct WorkspaceDTO: Encodable {
            var id: String
            var name: String
        }

        var id: Int
        var role: Int
        var role_name: String
        var workspace: WorkspaceDTO
    }

    var user: UserDTO
    var membership: MembershipDTO?

    init(_ context: AuthContext) {
        let user = context.user
        self.user = UserDTO(username: user.username, first_name: user.firstName, last_name: user.lastName, is_superuser: user.isSuperuser)
        membership = context.membership.map {
            MembershipDTO(id: $0.id, role: $0.role.rawValue, role_name: $0.role.name, workspace: .init(id: $0.workspace.id, name: $0.workspace.name))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(user, forKey: .user)
        try container.encode(membership, forKey: .membership)
    }

    enum CodingKeys: String, CodingKey { case user, membership }
}

struct ProfileDTO: Encodable {
    var username: String
    var first_name: String
    var last_name: String

    init(_ user: User) {
        username = user.username
        first_name = user.firstName
        last_name = user.lastName
    }
}
