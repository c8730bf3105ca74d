import Foundation

/// Where a git service's code comes from: a repository, a branch, and a commit (`HEAD`: the branch's head
/// when a deployment is queued).
public struct GitSource: Hashable, Sendable {
    public static let head = "HEAD"
    public var repositoryURL: String
    public var branchName: String
    public var commitSHA: String

    public init(repositoryURL: String, branchName: String, commitSHA: String = GitSource.head) {
        self.repositoryURL = repositoryURL
        self.branchName = branchName
        self.commitSHA = commitSHA
    }

    public init?(json: JSONValue) {
        guard let url = json["repository_url"]?.string, let branch = json["branch_name"]?.string else { return nil }
        self.init(repositoryURL: url, branchName: branch, commitSHA: json["commit_sha"]?.string ?? Self.head)
    }

    /// The `git_source` change's value, as ZaneOps records it.
    public var json: JSONValue {
        .object([
            "repository_url": .string(repositoryURL), "branch_name": .string(branchName),
            "commit_sha": .string(commitSHA), "git_app": .null,
        ])
    }
}

/// The syntax rules of git sources: repository URLs, branch names and commit hashes.
public enum GitRules {
    public static let transports: Set<String> = ["https", "http", "git"]

    /// The URL with a trailing `/` removed and `.git` appended when missing; nil when it is not an `https`,
    /// `http` or `git` URL with a host, or holds credentials, spaces or control characters.
    public static func normalizedRepositoryURL(_ text: String) -> String? {
        guard text.utf8.count <= 2048, !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }),
            let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            transports.contains(scheme), let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil, components.query == nil, components.fragment == nil
        else { return nil }
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        return url.hasSuffix(".git") ? url : url + ".git"
    }

    /// The URL without its user part, and the credentials that part held; nil when the user part is not
    /// well-formed (see `GitCredentials`) or the text is no URL.
    public static func splittingCredentials(_ text: String) -> (url: String, credentials: GitCredentials?)? {
        guard var components = URLComponents(string: text) else { return nil }
        guard let user = components.user, !user.isEmpty else {
            return components.password == nil ? (text, nil) : nil
        }
        let password = components.password ?? ""
        guard GitCredentials.isWellFormed(user), GitCredentials.isWellFormed(password), !user.contains(":") else {
            return nil
        }
        components.user = nil
        components.password = nil
        guard let url = components.string else { return nil }
        let credentials =
            password.isEmpty ? GitCredentials(token: user) : GitCredentials(username: user, token: password)
        return (url, credentials)
    }

    /// The host of a normalized repository URL, lower-cased.
    public static func host(of url: String) -> String? { URLComponents(string: url)?.host?.lowercased() }

    /// `git check-ref-format --branch`'s rules, in short: no control characters, spaces, `~^:?*[\`, `..`,
    /// `//` or `@{`; no `-` or `/` at the start; no `/`, `.` or `.lock` at the end.
    public static func isBranchName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255, name != "@", !name.hasPrefix("-"), !name.hasPrefix("/"),
            !name.hasSuffix("/"), !name.hasSuffix("."), !name.hasSuffix(".lock"), !name.contains(".."),
            !name.contains("//"), !name.contains("@{"), !name.contains("/.")
        else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && !"~^:?*[\\".unicodeScalars.contains(scalar)
        }
    }

    /// `HEAD`, or 7 to 40 lower-case hex digits.
    public static func isCommitSHA(_ text: String) -> Bool {
        text == GitSource.head
            || ((7...40).contains(text.count) && text.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    public static let unreachableDetail =
        "The specified repository or branch may not or does not exist, or the repository could be private."
}
