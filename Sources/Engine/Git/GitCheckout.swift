import Domain
import Foundation

/// Fetches one commit of a repository into a directory: only that commit (a shallow fetch of the sha or
/// of the branch's head), never the branch's history, except for an abbreviated sha, which git can only
/// find in the branch.
struct GitCheckout: Sendable {
    struct Commit: Sendable, Equatable {
        var sha: String
        var authorName: String
        var message: String
    }

    var git: GitCommand

    /// git's output files go to `workspace`, which the build removes (or the next start, after a crash).
    init(timeoutSeconds: Double, workspace: String) {
        git = GitCommand(timeoutSeconds: timeoutSeconds)
        git.outputDirectory = workspace
    }

    func fetch(_ source: GitSource, credentials: GitCredentials?, commit: String, into directory: String)
        async throws -> Commit
    {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let git = { (arguments: [String]) in
            try await run(arguments, in: directory, repository: source.repositoryURL, credentials: credentials)
        }
        _ = try await git(["init", "-q"])
        let isFullSHA = commit.count == 40 && commit != GitSource.head
        let isHead = commit == GitSource.head
        let reference = isFullSHA ? commit : "refs/heads/\(source.branchName)"
        let depth = isFullSHA || isHead ? ["--depth", "1"] : []
        _ = try await git(["fetch", "-q", "--no-tags"] + depth + ["--", source.repositoryURL, reference])
        let target = isFullSHA || isHead ? "FETCH_HEAD" : commit
        _ = try await git(["-c", "advice.detachedHead=false", "checkout", "-q", "--detach", target, "--"])
        let described = try await git(["log", "-1", "--format=%H%x00%an%x00%s"])
        let parts = described.trimmingCharacters(in: .newlines).split(separator: "\0", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw BuildFailure("git did not describe the fetched commit.") }
        return Commit(sha: String(parts[0]), authorName: String(parts[1]), message: String(parts[2]))
    }

    /// git's output, or a failure with its own words (without the repository's URL or the token).
    func run(_ arguments: [String], in directory: String, repository: String, credentials: GitCredentials?)
        async throws -> String
    {
        let result = try await git.run(arguments, in: directory, credentials: credentials)
        try Task.checkCancellation()
        if result.timedOut { throw BuildFailure("git did not finish within \(Int(git.timeoutSeconds)) seconds.") }
        guard result.status == 0 else {
            let command = arguments.first { !$0.hasPrefix("-") && !$0.contains("=") } ?? "git"
            if GitRemoteCLI.askedForCredentials(result.output) {
                throw BuildFailure(
                    credentials == nil
                        ? "git \(command) failed: the repository asks for credentials. For a private repository, give the service an access token."
                        : "git \(command) failed: the repository refused the service's access token. Give it a current one."
                )
            }
            let reason = GitRemoteCLI.reason(result.output, hiding: repository, token: credentials?.token)
            throw BuildFailure("git \(command) failed: \(reason)")
        }
        return result.output
    }
}
