/// `POST …/create-service/git`: the source, then the builder and its options at the top level.
public struct CreateGitServiceRequest: Sendable {
    public var slug: String?
    public var source: GitSource
    public var builder: Builder
    /// The port a Nixpacks or Railpack app listens on (its URL's port, and `PORT`).
    public var exposedPort: Int

    public init(reading reader: inout InputReader) throws(DomainError) {
        slug = reader.slug("slug", maxLength: Service.maximumSlugLength)
        let source = GitSource.read(&reader, commit: false)
        let builder = Builder.read(&reader)
        exposedPort = reader.int("exposed_port", min: 1, max: 65535) ?? 80
        try reader.check()
        self.source = source!
        self.builder = builder!
    }
}

extension GitSource {
    static let repositoryURLDetail =
        "Enter a valid repository URL: `https://`, `http://` or `git://`, with a host and without credentials."

    /// `repository_url`, `branch_name`, `git_app_id` and, for a change, `commit_sha` (default `HEAD`).
    static func read(_ reader: inout InputReader, commit: Bool) -> GitSource? {
        var url: String?
        if let text = reader.string("repository_url", required: true, maxLength: 2048) {
            url = GitRules.normalizedRepositoryURL(text)
            if url == nil { reader.fail("repository_url", repositoryURLDetail) }
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
        return GitSource(repositoryURL: url, branchName: branch, commitSHA: sha)
    }
}
