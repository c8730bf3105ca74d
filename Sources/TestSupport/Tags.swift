import Testing

extension Tag {
    /// No I/O.
    @Tag public static var unit: Self
    /// Needs a database (SQLite, and PostgreSQL when configured).
    @Tag public static var db: Self
}

extension Tag {
    /// Runs against real external engines (Docker).
    @Tag public static var e2e: Self
}
