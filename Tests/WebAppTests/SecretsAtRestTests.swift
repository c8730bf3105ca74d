import Foundation
import TestSupport
import Testing
import Vapor

@testable import WebApp

@Suite("Secrets at rest")
struct SecretsAtRestTests {
    let sealer = AESGCMSecretSealer(secret: Array("a secret key of at least 32 bytes!!".utf8))

    @Test(.tags(.unit)) func sealedTextOpensOnlyWithTheSameKeyAndUnaltered() throws {
        let sealed = try sealer.seal("postgres://user:pass@db/app")
        #expect(sealed.hasPrefix("v1:") && !sealed.contains("pass@db"))
        #expect(try sealer.open(sealed) == "postgres://user:pass@db/app")
        #expect(try sealer.seal("same") != sealer.seal("same"), "a fresh nonce each time")

        var tampered = Array(sealed.utf8)
        tampered[tampered.count - 5] =
            tampered[tampered.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: (any Error).self) { try sealer.open(String(decoding: tampered, as: UTF8.self)) }
        let otherKey = AESGCMSecretSealer(secret: Array("another secret key, also 32 bytes long".utf8))
        #expect(throws: (any Error).self) { try otherKey.open(sealed) }
        #expect(throws: (any Error).self) { try sealer.open("plain text") }
        #expect(
            sealer.lookupDigest("token") == sealer.lookupDigest("token")
                && sealer.lookupDigest("token") != otherKey.lookupDigest("token"))
    }

    @Test(.tags(.db), arguments: TestDatabase.enabled)
    func theDatabaseHoldsNoPlaintextSecret(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = APIClient(app)
            try await client.signUp()
            try await client.send(.POST, "/api/projects", json: #"{"slug": "shop"}"#)
            try await client.send(
                .POST, "/api/projects/shop/production/variables",
                json: #"{"key": "API_KEY", "value": "sk-live-123456"}"#)
            let service = try await client.send(
                .POST, "/api/projects/shop/production/create-service/docker",
                json: #"{"slug": "web", "image": "registry.example.com/private/app:v1"}"#)
            let token = try #require(service.object["deploy_token"] as? String)

            let variables = try await app.sql.raw("SELECT value FROM shared_variables").all(decoding: ValueRow.self)
            #expect(
                variables.count == 1
                    && variables.allSatisfy { $0.value.hasPrefix("v1:") && !$0.value.contains("sk-live") })
            let services = try await app.sql.raw("SELECT deploy_token, deploy_token_digest FROM services").all(
                decoding: TokenRow.self)
            #expect(
                services.count == 1
                    && services.allSatisfy {
                        !$0.deploy_token.contains(token) && !$0.deploy_token_digest.contains(token)
                    })
            let changes = try await app.sql.raw("SELECT new_value FROM service_changes").all(decoding: ChangeRow.self)
            #expect(
                changes.count == 1 && changes.allSatisfy { $0.new_value?.contains("registry.example.com") == false })

            // The API still shows the values.
            #expect(
                try await client.send(.GET, "/api/projects/shop/production/variables").array.first?["value"] as? String
                    == "sk-live-123456")
            let read = try await client.send(.GET, "/api/projects/shop/production/service-details/web").object
            #expect(read["deploy_token"] as? String == token)
            let clone = try await client.send(
                .POST, "/api/projects/shop/clone-environment/production", json: #"{"name": "staging"}"#)
            #expect((clone.object["variables"] as? [[String: Any]])?.first?["value"] as? String == "sk-live-123456")
        }
    }
}

struct ValueRow: Decodable { var value: String }
struct TokenRow: Decodable {
    var deploy_token: String
    var deploy_token_digest: String
}
struct ChangeRow: Decodable { var new_value: String? }
