import Foundation

/// What a private repository over HTTPS asks for: a user name and an access token (a GitHub or GitLab
/// personal access token, a deploy token). Stored sealed, sent only as git's `Authorization` header, never
/// shown again once given.
public struct GitCredentials: Hashable, Sendable {
    /// GitHub and GitLab accept any user name with a token; this one is GitHub's name for app tokens.
    public static let defaultUsername = "x-access-token"
    public static let maximumLength = 1024

    public var username: String
    public var token: String

    public init(username: String = GitCredentials.defaultUsername, token: String) {
        self.username = username.isEmpty ? Self.defaultUsername : username
        self.token = token
    }

    /// `Basic <base64(user:token)>`, as git itself sends credentials found in a URL.
    public var authorization: String {
        "Basic " + Data("\(username):\(token)".utf8).base64EncodedString()
    }

    /// One string for sealed storage: the user name cannot hold `:`, so the first one separates them.
    public var stored: String { "\(username):\(token)" }

    public init?(stored: String) {
        guard let colon = stored.firstIndex(of: ":") else { return nil }
        self.init(username: String(stored[..<colon]), token: String(stored[stored.index(after: colon)...]))
    }

    /// Printable ASCII without spaces: what fits in a header and in a URL's user part.
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count <= maximumLength && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }

    /// What a request says of the credentials: nothing (keep them), new ones, or none any more.
    public enum Update: Hashable, Sendable {
        case unchanged
        case set(GitCredentials)
        case removed

        /// The credentials once the update is applied to `current`.
        public func applied(to current: GitCredentials?) -> GitCredentials? {
            switch self {
            case .unchanged: current
            case .set(let credentials): credentials
            case .removed: nil
            }
        }
    }
}
