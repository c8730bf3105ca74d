/// The checks a git service's source and builder pass before they are recorded, so that a typo is a 400 now
/// rather than a failed build later: the repository's host is one this instance builds from, the repository
/// answers with the branch (`git ls-remote`), and the builder's tool is installed.
public struct GitServiceChecks: Sendable {
    let remote: any GitRemote
    /// Lower-case hosts repositories may be on; nil for any.
    let allowedHosts: Set<String>?
    /// Whether a program is on the server's `PATH`.
    let isInstalled: @Sendable (String) -> Bool

    public init(
        remote: any GitRemote, allowedHosts: Set<String>?, isInstalled: @escaping @Sendable (String) -> Bool
    ) {
        self.remote = remote
        self.allowedHosts = allowedHosts.map { Set($0.map { $0.lowercased() }) }
        self.isInstalled = isInstalled
    }

    /// Nixpacks and Railpack builds run their own CLI, which the server must have.
    public func check(_ builder: Builder, attr: String) throws {
        let tool: String
        switch builder {
        case .dockerfile, .staticDirectory: return
        case .nixpacks: tool = "nixpacks"
        case .railpack: tool = "railpack"
        }
        guard isInstalled(tool) else {
            throw DomainError.invalid(
                attr,
                "The `\(builder.kind.rawValue)` builder needs the `\(tool)` program on this server's PATH, and it is not there: install it, or choose `DOCKERFILE` or `STATIC_DIR`."
            )
        }
    }

    /// Throws a 400 on `<attrPrefix>repository_url` when the source cannot be used; returns the branch's head.
    @discardableResult
    public func check(_ source: GitSource, credentials: GitCredentials?, attrPrefix: String = "") async throws
        -> String
    {
        let attr = attrPrefix + "repository_url"
        if let allowedHosts, !allowedHosts.contains(GitRules.host(of: source.repositoryURL) ?? "") {
            throw DomainError.invalid(
                attr,
                "This instance builds only from repositories on \(allowedHosts.sorted().joined(separator: ", ")) (ZANE_GIT_ALLOWED_HOSTS)."
            )
        }
        switch await remote.branchHead(
            repository: source.repositoryURL, branch: source.branchName, credentials: credentials)
        {
        case .commit(let sha): return sha
        case .branchMissing:
            throw DomainError.invalid(
                attr, "\(GitRules.unreachableDetail) The repository has no branch `\(source.branchName)`.")
        case .unauthorized where credentials == nil:
            throw DomainError.invalid(
                attr,
                "\(GitRules.unreachableDetail) It asks for credentials: for a private repository, give an access token that can read it (`access_token`)."
            )
        case .unauthorized:
            throw DomainError.invalid(
                attr,
                "\(GitRules.unreachableDetail) It refused the access token: check that the token is current and can read this repository."
            )
        case .unreachable(let reason):
            throw DomainError.invalid(attr, "\(GitRules.unreachableDetail) git: \(reason)")
        }
    }
}
