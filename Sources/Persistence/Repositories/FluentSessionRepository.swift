import Domain
import FluentKit

/// Login sessions in the Fluent database.
public struct FluentSessionRepository: SessionRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func create(_ session: Session) async throws {
        try await SessionModel(session).create(on: database)
    }

    public func session(key: String) async throws -> Session? {
        try await SessionModel.find(key, on: database)?.domain
    }

    public func delete(key: String) async throws {
        try await SessionModel.query(on: database).filter(\.$id == key).delete()
    }

    public func update(_ session: Session) async throws {
        try await SessionModel.query(on: database).filter(\.$id == session.key)
            .set(\.$authHash, to: session.authHash).set(\.$expiresAt, to: session.expiresAt.microseconds)
            .set(\.$workspaceID, to: session.workspaceID)
            .update()
    }

    public func deleteOthers(userID: Int, keeping key: String) async throws -> Int {
        let query = SessionModel.query(on: database).filter(\.$userID == userID).filter(\.$id != key)
        let count = try await query.count()
        try await query.delete()
        return count
    }

    public func deleteExpired(before now: Timestamp) async throws -> Int {
        let query = SessionModel.query(on: database).filter(\.$expiresAt <= now.microseconds)
        let count = try await query.count()
        try await query.delete()
        return count
    }
}
