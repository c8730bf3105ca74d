/// Where a git service's repository is asked which commit a branch points at (`git ls-remote`).
public protocol GitRemote: Sendable {
    /// `credentials` go to the repository's host alone, as a header, never in the URL or the arguments.
    func branchHead(repository: String, branch: String, credentials: GitCredentials?) async -> GitBranchHead
}

/// What a repository answered about a branch.
public enum GitBranchHead: Sendable, Equatable {
    case commit(String)
    case branchMissing
    /// The repository asked for credentials, or refused the ones given.
    case unauthorized
    /// The repository could not be read: not found, refused, or no answer. `reason` says why, without credentials.
    case unreachable(reason: String)
}
