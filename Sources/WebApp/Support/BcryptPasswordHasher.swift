import Domain
import Vapor

/// bcrypt on the application's thread pool, so hashing never blocks an event loop.
///
/// bcrypt reads at most 72 bytes and stops at a NUL byte, so the password is first reduced to the hex
/// SHA-256 of its UTF-8 (64 characters): every character of every length counts.
struct BcryptPasswordHasher: Domain.PasswordHasher {
    let cost: Int
    let threadPool: NIOThreadPool

    func hash(_ password: String) async throws -> String {
        try await threadPool.runIfActive { try Bcrypt.hash(Self.prepared(password), cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(Self.prepared(password), created: hash)) ?? false }
    }

    static func prepared(_ password: String) -> String {
        SHA256.hash(data: Array(password.utf8)).hex
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
