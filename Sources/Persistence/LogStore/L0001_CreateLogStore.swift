import FluentKit
import SQLKit

/// Log lines, indexed for reading a deployment's log in time order and resuming a container's collection.
/// On SQLite, text search goes through an FTS5 trigram index filled behind the writes (`log_search_progress`
/// says how far); on PostgreSQL through a trigram index when the `pg_trgm` extension can be created.
struct L0001_CreateLogStore: AsyncMigration {
    var name: String { "log_store_0001_create" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let sqlite = sql.dialect.name == "sqlite"
        // `seq` is the insertion order (ties of equal times, the index's progress); never reused, so the
        // index's progress stays right after deletions. `id` is not a key: nothing looks a line up by it,
        // and a random key would cost every insert.
        try await sql.raw(
            """
            CREATE TABLE IF NOT EXISTS deployment_logs (
                seq \(unsafeRaw: sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"), id TEXT NOT NULL, deployment_hash TEXT NOT NULL, service_id TEXT NOT NULL, container_id TEXT, source TEXT NOT NULL,
                level TEXT NOT NULL, timestamp \(unsafeRaw: sqlite ? "INTEGER" : "BIGINT") NOT NULL, content TEXT NOT NULL)
            """
        ).run()
        for (index, columns) in [
            ("deployment_logs_deployment_time_idx", "deployment_hash, timestamp"),
            ("deployment_logs_container_time_idx", "container_id, timestamp"),
            ("deployment_logs_time_idx", "timestamp"),
        ] {
            try await sql.raw(
                "CREATE INDEX IF NOT EXISTS \(unsafeRaw: index) ON deployment_logs (\(unsafeRaw: columns))"
            ).run()
        }
        if sqlite {
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE deployment_logs_search USING fts5(
                    content, content='deployment_logs', content_rowid='seq', tokenize='trigram', detail='none')
                """
            ).run()
            try await sql.raw("CREATE TABLE log_search_progress (indexed_rowid INTEGER NOT NULL)").run()
            try await sql.raw("INSERT INTO log_search_progress (indexed_rowid) VALUES (0)").run()
        } else if (try? await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()) != nil {
            try await sql.raw(
                """
                CREATE INDEX IF NOT EXISTS deployment_logs_content_trgm_idx ON deployment_logs USING gin (LOWER(content) gin_trgm_ops)
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TABLE IF EXISTS deployment_logs_search").run()
            try await sql.raw("DROP TABLE IF EXISTS log_search_progress").run()
        }
        try await sql.raw("DROP TABLE IF EXISTS deployment_logs").run()
    }
}
