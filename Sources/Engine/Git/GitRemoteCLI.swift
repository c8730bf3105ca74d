import Domain

/// Asks a repository for a branch's head with `git ls-remote`, bounded in time.
public struct GitRemoteCLI: GitRemote {
    let git: GitCommand

    public init(timeoutSeconds: Double = 30) { git = GitCommand(timeoutSeconds: timeoutSeconds) }

    public func branchHead(repository: String, branch: String) async -> GitBranchHead {
        let result: GitCommand.Result
        do {
            result = try await git.run(["ls-remote", "--heads", "--", repository, "refs/heads/\(branch)"])
        } catch {
            return .unreachable(reason: "git could not be run: \(error)")
        }
        if result.timedOut { return .unreachable(reason: "the repository did not answer in time") }
        guard result.status == 0 else {
            return .unreachable(reason: Self.reason(result.output, hiding: repository))
        }
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 2, parts[1] == "refs/heads/\(branch)", parts[0].count >= 40 {
                return .commit(String(parts[0]))
            }
        }
        return .branchMissing
    }

    /// git's own words (its `fatal:` line), with the URL, which may hold a token, left out.
    static func reason(_ output: String, hiding repository: String) -> String {
        let line =
            output.split(separator: "\n").first { $0.hasPrefix("fatal:") }
            ?? output.split(separator: "\n").last ?? "git ls-remote failed"
        return String(line.replacingOccurrences(of: repository, with: "<repository>").prefix(300))
    }
}
