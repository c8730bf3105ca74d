import FluentKit

extension DatabaseID {
    /// Deployment log lines. On SQLite a file of its own beside the main one, so that storing what
    /// containers print never holds the write lock API requests need; on PostgreSQL the same database.
    public static let logs = DatabaseID(string: "logs")
}

/// The log store's migrations, applied to `DatabaseID.logs`.
public enum LogStoreMigrations {
    public static let all: [any Migration] = [
        L0001_CreateLogStore()
    ]
}
