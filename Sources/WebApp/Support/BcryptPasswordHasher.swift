import Domain
import Vapor

/// bcrypt on the application's thread pool, so hashing never blocks an event loop.
struct BcryptPasswordHasher: Domain.PasswordHasher {
    let cost: Int
    let threadPool: NIOThreadPool

    func hash(_ password: String) async throws -> String {
        try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}

/// HMAC-SHA256 under the server's secret key.
struct HMACDigester: SecretDigester {
    let key: SymmetricKey

    init(secret: [UInt8]) { key = SymmetricKey(data: secret) }

    func digest(_ message: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key).hex
    }
}
