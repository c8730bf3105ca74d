import Domain
import FluentKit

final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "user_id") var userID: Int
    @Field(key: "name") var name: String
    /// `APITokenScope.json` as text.
    @Field(key: "scope") var scope: String
    @Field(key: "secret_digest") var secretDigest: String
    @OptionalField(key: "expires_at") var expiresAt: Int64?
    @OptionalField(key: "last_used_at") var lastUsedAt: Int64?
    @Field(key: "created_at") var createdAt: Int64

    init() {}

    init(_ token: APIToken, secretDigest: String) {
        id = token.id
        userID = token.userID
        name = token.name
        scope = token.scope.json.jsonText
        self.secretDigest = secretDigest
        expiresAt = token.expiresAt?.microseconds
        lastUsedAt = token.lastUsedAt?.microseconds
        createdAt = token.createdAt.microseconds
    }

    /// nil for a scope this version does not understand (one from a newer version): such a token does nothing.
    var domain: APIToken? {
        guard let id, let parsed = try? JSONBodyParser.parse(Array(scope.utf8)),
            let scope = APITokenScope(json: parsed)
        else { return nil }
        return APIToken(
            id: id, userID: userID, name: name, scope: scope,
            expiresAt: expiresAt.map(Domain.Timestamp.init(microseconds:)),
            lastUsedAt: lastUsedAt.map(Domain.Timestamp.init(microseconds:)),
            createdAt: Domain.Timestamp(microseconds: createdAt))
    }
}
