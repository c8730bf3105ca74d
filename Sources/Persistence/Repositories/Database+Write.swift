import Domain
import FluentKit
import SQLKit

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isSQLite: Bool { sql.dialect.name == "sqlite" }

    /// A transaction that takes SQLite's write lock at its start (`BEGIN IMMEDIATE`): two deferred
    /// transactions that both read and then write would otherwise fail with SQLITE_BUSY instead of waiting.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard isSQLite else { return try await transaction { try await body($0) } }
        return try await withConnection { connection in
            try await connection.sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(connection)
                try await connection.sql.raw("COMMIT").run()
                return result
            } catch {
                try? await connection.sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// Turns the database's uniqueness failures into the domain's `UniqueConstraintViolation`.
func mappingUniqueViolation<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as any DatabaseError where error.isConstraintFailure {
        throw UniqueConstraintViolation()
    }
}
