import Domain
import Foundation
import Persistence
import Synchronization
import TestSupport
import Testing
import Vapor

@testable import WebApp

/// API tokens as stored: created with a secret shown once and kept as a keyed digest, found again by that
/// secret while live, gone at once when revoked, refused once expired.
@Suite("API token store", .tags(.db))
struct APITokenStoreTests {
    final class Clock: Sendable {
        let now = Mutex(Timestamp(microseconds: 1_800_000_000_000_000))
        func advance(seconds: Int64) { now.withLock { $0 = $0.adding(seconds: seconds) } }
        func read() -> Timestamp { now.withLock { $0 } }
    }

    struct Row: Decodable {
        var secret_digest: String
        var last_used_at: Int64?
    }

    func tokens(_ app: Application, _ clock: Clock) -> APITokens {
        let sealer = AESGCMSecretSealer(secret: app.zane.config.security.secretKey)
        return APITokens(
            tokens: FluentAPITokenRepository(database: app.db), accounts: FluentAccountRepository(database: app.db),
            projects: FluentProjectRepository(database: app.db),
            environments: FluentEnvironmentRepository(database: app.db, sealer: sealer),
            services: FluentServiceRepository(database: app.db, sealer: sealer),
            digester: HMACDigester(secret: Array("another key of at least 32 bytes!!!".utf8)),
            cache: APITokenCache(ttlSeconds: 3600), clock: clock.read)
    }

    func request(_ object: [String: JSONValue]) throws -> CreateAPITokenRequest {
        var reader = InputReader(object)
        return try CreateAPITokenRequest(reading: &reader)
    }

    @Test(arguments: TestDatabase.enabled)
    func aTokenIsFoundByItsSecretUntilRevokedOrExpired(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            _ = try await bench.client.send(
                .POST, "\(bench.base)/create-service/docker", json: #"{"slug": "web", "image": "nginx:alpine"}"#)
            let accounts = FluentAccountRepository(database: app.db)
            let user = try #require(try await accounts.user(username: "fred"))
            let workspace = try #require(try await accounts.memberships(userID: user.id).first?.workspace)
            let clock = Clock()
            let store = tokens(app, clock)

            let (full, secret) = try await store.create(
                try request(["name": "laptop", "scope": "FULL"]), for: user, workspaceID: workspace.id)
            let rows = try await app.sql.raw("SELECT secret_digest, last_used_at FROM api_tokens").all(
                decoding: Row.self)
            #expect(
                rows.count == 1 && !rows[0].secret_digest.contains(secret.dropFirst(5)) && rows[0].last_used_at == nil)

            let found = try #require(try await store.authenticate(secret: secret))
            #expect(found.token?.id == full.id && found.user.id == user.id && found.token?.lastUsedAt == clock.read())
            clock.advance(seconds: 30)
            #expect(
                try await store.authenticate(secret: secret)?.token?.lastUsedAt == clock.read().adding(seconds: -30))
            clock.advance(seconds: 30)
            #expect(try await store.authenticate(secret: secret)?.token?.lastUsedAt == clock.read(), "a minute later")
            #expect(store.cachedContext(secret: secret)?.token?.id == full.id, "found again without a query")
            clock.advance(seconds: 60)
            #expect(store.cachedContext(secret: secret)?.token?.lastUsedAt == clock.read(), "a use written down…")
            let written = clock.read().microseconds
            var stored: Int64?
            for _ in 0..<100 where stored != written {
                try await Task.sleep(for: .milliseconds(20))
                stored = try await app.sql.raw("SELECT secret_digest, last_used_at FROM api_tokens").first(
                    decoding: Row.self)?.last_used_at
            }
            #expect(stored == written, "…in the background")
            #expect(try await store.authenticate(secret: APIToken.newSecret()) == nil)
            #expect(try await store.authenticate(secret: secret + "x") == nil)

            let (deploy, deploySecret) = try await store.create(
                try request([
                    "name": "ci", "scope": "DEPLOY", "projects": ["shop"], "services": ["shop/production/web"],
                    "expires_in_days": 1,
                ]), for: user, workspaceID: workspace.id)
            guard case .deploy(let projectIDs, let serviceIDs) = deploy.scope else {
                Issue.record("not a deploy scope: \(deploy.scope)")
                return
            }
            #expect(projectIDs.count == 1 && projectIDs.first?.hasPrefix("prj_") == true)
            #expect(serviceIDs.count == 1 && serviceIDs.first?.hasPrefix("srv_dkr_") == true)
            #expect(try await store.list(for: user).map(\.name) == ["ci", "laptop"], "newest first")
            clock.advance(seconds: 86_400)
            #expect(try await store.authenticate(secret: deploySecret) == nil, "expired")

            _ = try await store.authenticate(secret: secret)
            try await store.revoke(id: full.id, of: user)
            #expect(store.cachedContext(secret: secret) == nil, "revoked: gone from the cache")
            #expect(try await store.authenticate(secret: secret) == nil, "revoked")
            await #expect(throws: DomainError.self) { try await store.revoke(id: full.id, of: user) }

            for (object, attr) in [
                (["name": "x", "scope": "DEPLOY", "projects": ["nope"]] as [String: JSONValue], "projects"),
                (["name": "x", "scope": "DEPLOY", "services": ["shop/production/nope"]], "services"),
                (["name": "x", "scope": "DEPLOY", "services": ["shop/staging/web"]], "services"),
            ] {
                do {
                    _ = try await store.create(try request(object), for: user, workspaceID: workspace.id)
                    Issue.record("created with \(object)")
                } catch DomainError.validation(let errors) {
                    #expect(errors.map(\.attr) == [attr])
                }
            }
        }
    }
}
