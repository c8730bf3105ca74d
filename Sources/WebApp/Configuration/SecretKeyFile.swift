import Foundation

/// The server's secret key: `ZANE_SECRET_KEY` when set, else `<data dir>/secret.key`, created at first
/// start with 32 random bytes and mode 0600.
enum SecretKeyFile {
    static func load(fromEnvironment value: String?, dataDirectory: String) throws -> [UInt8] {
        if let value {
            guard value.utf8.count >= 32 else { throw KeyError.tooShort }
            return Array(value.utf8)
        }
        let manager = FileManager.default
        try manager.createDirectory(
            atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = (dataDirectory as NSString).appendingPathComponent("secret.key")
        if let existing = manager.contents(atPath: path) {
            guard existing.count >= 32 else { throw KeyError.tooShort }
            return Array(existing)
        }
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        guard manager.createFile(atPath: path, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw KeyError.cannotWrite(path)
        }
        return key
    }

    enum KeyError: Error, CustomStringConvertible {
        case tooShort
        case cannotWrite(String)

        var description: String {
            switch self {
            case .tooShort: "the key must be at least 32 bytes long"
            case .cannotWrite(let path): "cannot write \(path)"
            }
        }
    }
}
