import FluentKit

/// Sessions are now stored under a digest of their key, so that the database (and anything that reads or
/// logs it) never holds a key that signs someone in. Sessions stored under a plain key are ended: their
/// users sign in once more.
struct M0011_DigestSessionKeys: AsyncMigration {
    var name: String { "0011_digest_session_keys" }

    func prepare(on database: any Database) async throws {
        try await SessionModel.query(on: database).delete()
    }

    func revert(on database: any Database) async throws {
        try await SessionModel.query(on: database).delete()
    }
}
