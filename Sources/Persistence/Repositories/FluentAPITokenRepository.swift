import Domain
import FluentKit

/// API tokens in the Fluent database.
public struct FluentAPITokenRepository: APITokenRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func create(_ token: APIToken, secretDigest: String) async throws {
        try await APITokenModel(token, secretDigest: secretDigest).create(on: database)
    }

    public func tokens(userID: Int) async throws -> [APIToken] {
        try await APITokenModel.query(on: database).filter(\.$userID == userID)
            .sort(\.$createdAt, .descending).sort(\.$id).all().compactMap(\.domain)
    }

    public func token(secretDigest: String) async throws -> APIToken? {
        try await APITokenModel.query(on: database).filter(\.$secretDigest == secretDigest).first()?.domain
    }

    public func delete(id: String, userID: Int) async throws -> Bool {
        let query = APITokenModel.query(on: database).filter(\.$id == id).filter(\.$userID == userID)
        guard try await query.count() > 0 else { return false }
        try await query.delete()
        return true
    }

    public func recordUse(id: String, at time: Timestamp) async throws {
        try await APITokenModel.query(on: database).filter(\.$id == id)
            .set(\.$lastUsedAt, to: time.microseconds).update()
    }
}
