import Domain
import FluentKit

final class WorkspaceModel: Model, @unchecked Sendable {
    static let schema = "workspaces"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Int64

    init() {}

    init(_ workspace: Workspace) {
        id = workspace.id
        name = workspace.name
        createdAt = workspace.createdAt.microseconds
    }

    var domain: Workspace { Workspace(id: id!, name: name, createdAt: Domain.Timestamp(microseconds: createdAt)) }
}

final class MembershipModel: Model, @unchecked Sendable {
    static let schema = "memberships"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "user_id") var user: UserModel
    @Parent(key: "workspace_id") var workspace: WorkspaceModel
    @Field(key: "role") var role: Int
    @Field(key: "created_at") var createdAt: Int64

    init() {}

    init(userID: Int, workspaceID: String, role: Role, createdAt: Timestamp) {
        self.$user.id = userID
        self.$workspace.id = workspaceID
        self.role = role.rawValue
        self.createdAt = createdAt.microseconds
    }
}
