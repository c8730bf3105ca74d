/// Encrypts secrets before they reach the database (env-variable values, deploy tokens, pending change
/// values), and gives the keyed digest used to look a secret up without storing it in clear.
public protocol SecretSealer: Sendable {
    func seal(_ plaintext: String) throws -> String
    /// Throws when the text was not sealed with this key, or was altered.
    func open(_ sealed: String) throws -> String
    func lookupDigest(_ value: String) -> String
}
