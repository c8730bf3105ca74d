/// A user's API tokens: creating one (its secret returned once), listing and revoking them, and finding the
/// token and user behind a secret. The secret is found by its keyed digest, compared by the database index
/// (or the cache's hash table) rather than character by character, so its timing says nothing of the secret.
public struct APITokens: Sendable {
    let tokens: any APITokenRepository
    let cache: APITokenCache
    let accounts: any AccountRepository
    let projects: any ProjectRepository
    let environments: any EnvironmentRepository
    let services: any ServiceRepository
    let digester: any SecretDigester
    let clock: @Sendable () -> Timestamp

    public init(
        tokens: any APITokenRepository, accounts: any AccountRepository, projects: any ProjectRepository,
        environments: any EnvironmentRepository, services: any ServiceRepository, digester: any SecretDigester,
        cache: APITokenCache = APITokenCache(), clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.tokens = tokens
        self.cache = cache
        self.accounts = accounts
        self.projects = projects
        self.environments = environments
        self.services = services
        self.digester = digester
        self.clock = clock
    }

    /// A new token of `user`; a `DEPLOY` token's projects and services must exist in `workspaceID`.
    public func create(_ request: CreateAPITokenRequest, for user: User, workspaceID: String) async throws -> (
        token: APIToken, secret: String
    ) {
        let scope: APITokenScope
        switch request.scope {
        case .full: scope = .full
        case .readOnly: scope = .readOnly
        case .deploy:
            scope = .deploy(
                projectIDs: Set(try await projectIDs(request.projectSlugs, workspaceID: workspaceID)),
                serviceIDs: Set(try await serviceIDs(request.servicePaths, workspaceID: workspaceID)))
        }
        let now = clock()
        let token = APIToken(
            userID: user.id, name: request.name, scope: scope,
            expiresAt: request.expiresInDays.map { now.adding(seconds: Int64($0) * 86_400) }, createdAt: now)
        let secret = APIToken.newSecret()
        try await tokens.create(token, secretDigest: digester.digest(secret))
        return (token, secret)
    }

    public func list(for user: User) async throws -> [APIToken] { try await tokens.tokens(userID: user.id) }

    /// Revokes a token of `user`: the next request with it is refused, cached or not.
    public func revoke(id: String, of user: User) async throws {
        cache.forget(tokenID: id)
        guard try await tokens.delete(id: id, userID: user.id) else {
            throw DomainError.notFound("This token does not exist.")
        }
        // Again once the row is gone: an `authenticate` that read it in between must not cache it.
        cache.forget(tokenID: id)
    }

    /// The caller behind `secret`: its live token, the token's user and their workspace membership; nil for
    /// anything else (unknown, expired, revoked, malformed). A use is written down at most once a minute.
    public func authenticate(secret: String) async throws -> AuthContext? {
        guard APIToken.isWellFormedSecret(secret) else { return nil }
        let digest = digester.digest(secret)
        let now = clock()
        var entry: APITokenCache.Entry
        if let cached = cache.entry(forDigest: digest, now: now) {
            entry = cached
        } else {
            let revision = cache.revision
            guard let token = try await tokens.token(secretDigest: digest),
                let user = try await accounts.user(id: token.userID)
            else { return nil }
            let membership = try await accounts.memberships(userID: user.id).first
            entry = APITokenCache.Entry(token: token, user: user, membership: membership, cachedAt: now)
            cache.store(entry, digest: digest, ifUnchangedSince: revision)
        }
        guard !entry.token.hasExpired(at: now) else { return nil }
        if entry.token.lastUseIsStale(at: now) {
            try await tokens.recordUse(id: entry.token.id, at: now)
            cache.recordUse(digest: digest, at: now)
            entry.token.lastUsedAt = now
        }
        return Self.context(of: entry)
    }

    /// The caller behind a cached, live token whose use needs no writing down; nil means "ask `authenticate`".
    /// Never touches the database.
    public func cachedContext(secret: String) -> AuthContext? {
        guard APIToken.isWellFormedSecret(secret) else { return nil }
        let now = clock()
        guard let entry = cache.entry(forDigest: digester.digest(secret), now: now),
            !entry.token.hasExpired(at: now), !entry.token.lastUseIsStale(at: now)
        else { return nil }
        return Self.context(of: entry)
    }

    static func context(of entry: APITokenCache.Entry) -> AuthContext {
        AuthContext(credential: .token(entry.token), user: entry.user, membership: entry.membership)
    }

    /// Whether `token` still lets its user in (for long-lived streams, which check again now and then).
    public func isLive(_ token: APIToken) async throws -> Bool {
        guard let stored = try await tokens.tokens(userID: token.userID).first(where: { $0.id == token.id }) else {
            return false
        }
        return !stored.hasExpired(at: clock())
    }

    /// What each `DEPLOY` token of `tokens` reaches, by name: project slugs, then `<project>/<environment>/<service>`
    /// paths. A target removed since is left out.
    public func targetNames(of tokens: [APIToken], workspaceID: String) async throws -> [String: [String]] {
        let slugs = Dictionary(
            try await projects.projects(workspaceID: workspaceID, slugContaining: nil, orderedBy: []).map {
                ($0.project.id, $0.project.slug)
            }, uniquingKeysWith: { first, _ in first })
        var names: [String: [String]] = [:]
        for token in tokens {
            guard case .deploy(let projectIDs, let serviceIDs) = token.scope else { continue }
            var list = projectIDs.compactMap { slugs[$0] }.sorted()
            for id in serviceIDs.sorted() {
                guard let service = try await services.service(id: id),
                    let environment = try await environments.environment(id: service.environmentID),
                    let project = slugs[environment.projectID]
                else { continue }
                list.append("\(project)/\(environment.name)/\(service.slug)")
            }
            names[token.id] = list
        }
        return names
    }

    func projectIDs(_ slugs: [String], workspaceID: String) async throws -> [String] {
        var ids: [String] = []
        for slug in slugs {
            guard let project = try await projects.project(slug: slug, workspaceID: workspaceID) else {
                throw DomainError.invalid("projects", "A project with the slug `\(slug.prefix(100))` does not exist.")
            }
            ids.append(project.id)
        }
        return ids
    }

    func serviceIDs(_ paths: [CreateAPITokenRequest.ServicePath], workspaceID: String) async throws -> [String] {
        var ids: [String] = []
        for path in paths {
            guard let project = try await projects.project(slug: path.project, workspaceID: workspaceID),
                let environment = try await environments.environment(projectID: project.id, name: path.environment),
                let service = try await services.service(slug: path.service, environmentID: environment.id)
            else {
                throw DomainError.invalid("services", "The service `\(path.text.prefix(300))` does not exist.")
            }
            ids.append(service.id)
        }
        return ids
    }
}
