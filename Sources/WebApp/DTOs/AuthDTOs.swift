import Domain

/// `GET /api/auth/me`
struct MeDTO: JSONWritable {
    let context: AuthContext

    init(_ context: AuthContext) { self.context = context }

    func write(to writer: inout JSONWriter) {
        let user = context.user
        writer.object { object in
            object.field("user", ProfileDTO(user, includingSuperuser: true))
            object.field("membership", context.membership.map(MembershipDTO.init))
        }
    }
}

struct MembershipDTO: JSONWritable {
    let membership: Membership

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", membership.id)
            object.field("role", membership.role.rawValue)
            object.field("role_name", membership.role.name)
            object.field("workspace", JSONObject(["id": membership.workspace.id, "name": membership.workspace.name]))
        }
    }
}

/// The user as `update-profile` answers it (and, with `is_superuser`, as `/me` embeds it).
struct ProfileDTO: JSONWritable {
    let user: User
    var includingSuperuser = false

    init(_ user: User, includingSuperuser: Bool = false) {
        self.user = user
        self.includingSuperuser = includingSuperuser
    }

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("username", user.username)
            object.field("first_name", user.firstName)
            object.field("last_name", user.lastName)
            if includingSuperuser { object.field("is_superuser", user.isSuperuser) }
        }
    }
}
