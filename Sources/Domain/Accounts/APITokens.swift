/// A user's API tokens: creating one (its secret returned once), listing and revoking them, and finding the
/// token and user behind a secret. The secret is found by its keyed digest, compared by the database index
/// (or the cache's hash table) rather than character by character, so its timing says nothing of the secret.
public struct APITokens: Sendable {
    let tokens: any APITokenRepository
    let cache: APITokenCache
    let lastUseWrites = LastUseWrites()
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
        cache.forget { $0.token.id == id }
        guard try await tokens.delete(id: id, userID: user.id) else {
            throw DomainError.notFound("This token does not exist.")
        }
        // Again once the row is gone: an `authenticate` that read it in between must not cache it.
        cache.forget { $0.token.id == id }
    }

    /// The caller behind `secret`: its live token, the token's user and their workspace membership; nil for
    /// anything else (unknown, expired, revoked, malformed). A use is written down at most once a minute.
    public func authenticate(secret: String) async throws -> AuthContext? {
        guard APIToken.isWellFormedSecret(secret) else { return nil }
        let digest = digester.digest(secret)
        let now = clock()
        var entry: CachedToken
        if let cached = cache.value(forKey: digest, now: now) {
            entry = cached
        } else {
            let revision = cache.revision
            guard let token = try await tokens.token(secretDigest: digest),
                let user = try await accounts.user(id: token.userID)
            else { return nil }
            let membership = try await accounts.memberships(userID: user.id).first
            entry = CachedToken(token: token, user: user, membership: membership)
            cache.store(entry, forKey: digest, at: now, ifUnchangedSince: revision)
        }
        guard !entry.token.hasExpired(at: now) else { return nil }
        if noteUse(of: &entry, digest: digest, at: now) { try await tokens.recordUse(id: entry.token.id, at: now) }
        return entry.context
    }

    /// The caller behind a cached, live token; nil means "ask `authenticate`". Never waits for the database: a
    /// use to write down is written in the background.
    public func cachedContext(secret: String) -> AuthContext? {
        guard APIToken.isWellFormedSecret(secret) else { return nil }
        let now = clock()
        let digest = digester.digest(secret)
        guard var entry = cache.value(forKey: digest, now: now), !entry.token.hasExpired(at: now) else { return nil }
        if noteUse(of: &entry, digest: digest, at: now) {
            let (tokens, id) = (self.tokens, entry.token.id)
            Task { try? await tokens.recordUse(id: id, at: now) }
        }
        return entry.context
    }

    /// Marks a use of the token at `now` when its last one is a minute old; true when this request is the one
    /// that writes it down (many requests may see the same stale use at once).
    func noteUse(of entry: inout CachedToken, digest: String, at now: Timestamp) -> Bool {
        guard entry.token.lastUseIsStale(at: now) else { return false }
        entry.token.lastUsedAt = now
        cache.update(forKey: digest) { $0.token.lastUsedAt = now }
        return lastUseWrites.claim(entry.token.id, at: now)
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
