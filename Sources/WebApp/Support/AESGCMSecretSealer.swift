import Crypto
import Domain
import Foundation

/// AES-256-GCM under a key derived (HKDF-SHA256) from the server's secret key. Sealed text is
/// `v1:` + base64(nonce ‖ ciphertext ‖ tag); the prefix leaves room for a future key or algorithm.
struct AESGCMSecretSealer: SecretSealer {
    private let encryptionKey: SymmetricKey
    private let digestKey: SymmetricKey

    init(secret: [UInt8]) {
        let material = SymmetricKey(data: secret)
        encryptionKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: material, info: Data("zane.secrets.aes-gcm.v1".utf8), outputByteCount: 32)
        digestKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: material, info: Data("zane.secrets.lookup.v1".utf8), outputByteCount: 32)
    }

    func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: encryptionKey)
        guard let combined = box.combined else { throw SealedSecretError.unreadable }
        return "v1:" + combined.base64EncodedString()
    }

    func open(_ sealed: String) throws -> String {
        guard sealed.hasPrefix("v1:"), let combined = Data(base64Encoded: String(sealed.dropFirst(3))) else {
            throw SealedSecretError.unreadable
        }
        let plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: encryptionKey)
        guard let text = String(data: plaintext, encoding: .utf8) else { throw SealedSecretError.unreadable }
        return text
    }

    func lookupDigest(_ value: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(value.utf8), using: digestKey).hex
    }
}

enum SealedSecretError: Error {
    /// Not sealed by Zane, or with another secret key (was `ZANE_SECRET_KEY` or the key file changed?).
    case unreadable
}
