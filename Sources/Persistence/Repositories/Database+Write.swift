import Domain
import FluentKit
import SQLKit

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isSQLite: Bool { sql.dialect.name == "sqlite" }

    /// A transaction that takes SQLite's write lock at its start (`BEGIN IMMEDIATE`): two deferred
    /// transactions that both read and then write would otherwise fail with SQLITE_BUSY instead of waiting.
    /// On PostgreSQL, `lock` makes transactions taking the same lock run one at a time (SQLite's write lock
    /// already serialises every writer).
    func writeTransaction<T: Sendable>(
        lock: TransactionLock? = nil, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard isSQLite else {
            return try await transaction { db in
                if let lock { try await db.sql.raw("SELECT pg_advisory_xact_lock(\(literal: lock.rawValue))").run() }
                return try await body(db)
            }
        }
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

/// Application-wide PostgreSQL advisory locks, one per kind of transaction that must not overlap another of its kind.
enum TransactionLock: Int64 {
    /// Checks of a service's configuration read the other services' (ports, domains, volumes).
    case serviceConfiguration = 0x7A61_6E65_0001
    /// Log lines are appended one transaction at a time, so their `seq` follows commit order.
    case logAppend = 0x7A61_6E65_0002
}

/// Turns the database's uniqueness failures into the domain's `UniqueConstraintViolation`.
func mappingUniqueViolation<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as any DatabaseError where error.isConstraintFailure {
        throw UniqueConstraintViolation()
    }
}
