import Foundation

/// Random identifiers, drawn from the operating system's CSPRNG.
public enum RandomID {
    /// The 57-character alphabet of ZaneOps ids: no `0 1 I O l`.
    static let shortUUIDAlphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
    static let lowercaseAlphanumerics = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    static let alphanumerics = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// `prefix` followed by `length` characters of the short-UUID alphabet, e.g. `prj_GxCy6Tg35ax`.
    public static func make(prefix: String, length: Int = 11) -> String {
        prefix + random(length, from: shortUUIDAlphabet)
    }

    /// A 32-character `[a-z0-9]` session key.
    public static func sessionKey() -> String { random(32, from: lowercaseAlphanumerics) }

    /// A 32-character `[A-Za-z0-9]` CSRF secret.
    public static func csrfSecret() -> String { random(32, from: alphanumerics) }

    static func random(_ length: Int, from alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
