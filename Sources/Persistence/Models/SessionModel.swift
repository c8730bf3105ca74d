import Domain
import FluentKit

final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "user_id") var userID: Int
    @OptionalField(key: "workspace_id") var workspaceID: String?
    @Field(key: "auth_hash") var authHash: String
    @Field(key: "expires_at") var expiresAt: Int64

    init() {}

    init(_ session: Session) {
        id = session.key
        userID = session.userID
        workspaceID = session.workspaceID
        authHash = session.authHash
        expiresAt = session.expiresAt.microseconds
    }

    var domain: Session {
        Session(
            key: id!, userID: userID, workspaceID: workspaceID, authHash: authHash,
            expiresAt: Domain.Timestamp(microseconds: expiresAt))
    }
}
