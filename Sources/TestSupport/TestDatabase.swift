import Foundation

/// The database engines a test runs against: SQLite always, PostgreSQL when `TEST_POSTGRES_URL` is set.
public enum TestDatabase: String, Sendable, CustomStringConvertible, CaseIterable {
    case sqlite
    case postgres

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] }

    /// With `CI=true`, PostgreSQL is required: a missing server fails the run instead of skipping.
    public static var enabled: [TestDatabase] {
        let ci = ProcessInfo.processInfo.environment["CI"] == "true"
        return postgresURL != nil || ci ? [.sqlite, .postgres] : [.sqlite]
    }

    public var description: String { rawValue }
}
