/// A user's API tokens: creating one (its secret returned once), listing and revoking them, and finding the
/// token and user behind a secret. The secret is found by its keyed digest, compared by the database index
/// rather than character by character, so its timing says nothing of the secret.
public struct APITokens: Sendable {
    let tokens: any APITokenRepository
    let accounts: any AccountRepository
    let projects: any ProjectRepository
    let environments: any EnvironmentRepository
    let services: any ServiceRepository
    let digester: any SecretDigester
    let clock: @Sendable () -> Timestamp

    public init(
        tokens: any APITokenRepository, accounts: any AccountRepository, projects: any ProjectRepository,
        environments: any EnvironmentRepository, services: any ServiceRepository, digester: any SecretDigester,
        clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.tokens = tokens
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

    /// Revokes a token of `user`: the next request with it is refused.
    public func revoke(id: String, of user: User) async throws {
        guard try await tokens.delete(id: id, userID: user.id) else {
            throw DomainError.notFound("This token does not exist.")
        }
    }

    /// The live token and its user behind `secret`; nil for anything else (unknown, expired, malformed).
    /// A use is written down at most once a minute.
    public func authenticate(secret: String) async throws -> (token: APIToken, user: User)? {
        guard APIToken.isWellFormedSecret(secret),
            var token = try await tokens.token(secretDigest: digester.digest(secret))
        else { return nil }
        let now = clock()
        guard !token.hasExpired(at: now), let user = try await accounts.user(id: token.userID) else { return nil }
        if token.lastUseIsStale(at: now) {
            try await tokens.recordUse(id: token.id, at: now)
            token.lastUsedAt = now
        }
        return (token, user)
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
