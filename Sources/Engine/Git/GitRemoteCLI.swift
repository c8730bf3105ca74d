import Domain

/// Asks a repository for a branch's head with `git ls-remote`, bounded in time.
public struct GitRemoteCLI: GitRemote {
    let git: GitCommand

    public init(timeoutSeconds: Double = 30) { git = GitCommand(timeoutSeconds: timeoutSeconds) }

    public func branchHead(repository: String, branch: String, credentials: GitCredentials?) async -> GitBranchHead {
        let result: GitCommand.Result
        do {
            result = try await git.run(
                ["ls-remote", "--heads", "--", repository, "refs/heads/\(branch)"], credentials: credentials)
        } catch {
            return .unreachable(reason: "git could not be run: \(error)")
        }
        if result.timedOut { return .unreachable(reason: "the repository did not answer in time") }
        guard result.status == 0 else {
            if Self.askedForCredentials(result.output) { return .unauthorized }
            return .unreachable(reason: Self.reason(result.output, hiding: repository, token: credentials?.token))
        }
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 2, parts[1] == "refs/heads/\(branch)", parts[0].count >= 40 {
                return .commit(String(parts[0]))
            }
        }
        return .branchMissing
    }

    /// Whether git failed because the server wanted credentials (none given, or refused): git then asks
    /// for a user name, which it cannot, having no terminal.
    static func askedForCredentials(_ output: String) -> Bool {
        [
            "could not read Username", "could not read Password", "Authentication failed", "returned error: 401",
            "returned error: 403",
        ].contains { output.contains($0) }
    }

    /// git's own words (its `fatal:` line), with the URL and the token left out.
    static func reason(_ output: String, hiding repository: String, token: String? = nil) -> String {
        var line =
            (output.split(separator: "\n").first { $0.hasPrefix("fatal:") }
            ?? output.split(separator: "\n").last).map(String.init) ?? "git ls-remote failed"
        line = line.replacingOccurrences(of: repository, with: "<repository>")
        if let token, !token.isEmpty { line = line.replacingOccurrences(of: token, with: "<token>") }
        return String(line.prefix(300))
    }
}
