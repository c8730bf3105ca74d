/// `POST …/create-service/git`: the source, then the builder and its options at the top level.
public struct CreateGitServiceRequest: Sendable {
    public var slug: String?
    public var source: GitSource
    /// For a private repository: from `access_token`, or from the URL's user part.
    public var credentials: GitCredentials?
    public var builder: Builder
    /// The port a Nixpacks or Railpack app listens on (its URL's port, and `PORT`).
    public var exposedPort: Int

    public init(reading reader: inout InputReader) throws(DomainError) {
        slug = reader.slug("slug", maxLength: Service.maximumSlugLength)
        let source = GitSource.read(&reader, commit: false)
        let builder = Builder.read(&reader)
        exposedPort = reader.int("exposed_port", min: 1, max: 65535) ?? 80
        try reader.check()
        self.source = source!.source
        credentials = source!.credentials.applied(to: nil)
        self.builder = builder!
    }
}

extension GitSource {
    static let repositoryURLDetail =
        "Enter a valid repository URL: `https://`, `http://` or `git://`, with a host."
    static let credentialsDetail =
        "An access token is printable characters without spaces, at most \(GitCredentials.maximumLength) of them."

    /// `repository_url`, `branch_name`, `git_app_id`, Zane's `access_token` and, for a change, `commit_sha`
    /// (default `HEAD`). A token may also come in the URL (`https://<token>@host/…` or
    /// `https://<user>:<token>@host/…`): it is taken out, and the URL recorded without it.
    static func read(_ reader: inout InputReader, commit: Bool) -> (
        source: GitSource, credentials: GitCredentials.Update
    )? {
        var url: String?
        var credentials = GitCredentials.Update.unchanged
        if let text = reader.string("repository_url", required: true, maxLength: 2048) {
            if let split = GitRules.splittingCredentials(text) {
                url = GitRules.normalizedRepositoryURL(split.url)
                if let inURL = split.credentials { credentials = .set(inURL) }
            }
            if url == nil { reader.fail("repository_url", repositoryURLDetail) }
        }
        switch reader.nullableString("access_token", allowBlank: true, maxLength: GitCredentials.maximumLength) {
        case .none: break
        case .some(nil), .some(""): credentials = .removed
        case .some(let token?):
            if case .set = credentials {
                reader.fail("access_token", "Give the token in `access_token` or in the URL, not in both.")
            } else if !GitCredentials.isWellFormed(token) {
                reader.fail("access_token", credentialsDetail)
            } else {
                credentials = .set(GitCredentials(token: token))
            }
        }
        if case .set = credentials, let url, !url.lowercased().hasPrefix("http") {
            reader.fail("repository_url", "An access token is sent over `https://` (or `http://`), not `git://`.")
        }
        let branch = reader.string("branch_name", required: true, maxLength: 255)
        if let branch, !GitRules.isBranchName(branch) {
            reader.fail("branch_name", "`\(branch)` is not a valid branch name.")
        }
        var sha = GitSource.head
        if commit, let text = reader.string("commit_sha") {
            if GitRules.isCommitSHA(text) {
                sha = text
            } else {
                reader.fail("commit_sha", "'\(text)' is not a valid Git commit SHA.")
            }
        }
        if case .some(.some) = reader.nullableString("git_app_id") {
            // Git apps (GitHub, GitLab) need their registration flows, which are not there yet: none exists.
            reader.fail("git_app_id", "This git app does not exists")
        }
        guard reader.errors.isEmpty, let url, let branch else { return nil }
        return (GitSource(repositoryURL: url, branchName: branch, commitSHA: sha), credentials)
    }
}
