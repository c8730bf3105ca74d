/// Deploying git services (`deploy-service/git`, its redeploy and its deploy token).
extension DeployRequest {
    /// A git deployment's message until its commit has been fetched.
    public static let unknownCommitMessage = "-"

    /// `PUT …/deploy-service/git/{slug}`: `ignore_build_cache` and `cleanup_queue`.
    public static func git(reading reader: inout InputReader) throws(DomainError) -> DeployRequest {
        var request = DeployRequest(
            commitMessage: unknownCommitMessage, cleanupQueue: reader.bool("cleanup_queue") ?? false)
        request.ignoreBuildCache = reader.bool("ignore_build_cache") ?? false
        try reader.check()
        return request
    }

    /// `PUT /api/deploy-service/git/{deploy_token}`: also `commit_sha` (default `HEAD`).
    public static func gitByToken(reading reader: inout InputReader) throws(DomainError) -> DeployRequest {
        var request = DeployRequest(
            commitMessage: unknownCommitMessage, cleanupQueue: reader.bool("cleanup_queue") ?? false)
        request.ignoreBuildCache = reader.bool("ignore_build_cache") ?? false
        if let sha = reader.string("commit_sha", maxLength: 64) {
            if GitRules.isCommitSHA(sha) {
                request.commitSHA = sha
            } else {
                reader.fail("commit_sha", "'\(sha)' is not a valid Git commit SHA.")
            }
        }
        try reader.check()
        return request
    }
}

extension Deployments {
    /// A deploy authorised by the service's deploy token alone, of `HEAD` or of the commit asked for.
    public func deployGit(token: String, _ request: DeployRequest) async throws -> Deployment {
        guard let service = try await services.service(deployToken: token), service.kind == .gitRepository,
            let environment = try await environments.environment(id: service.environmentID)
        else { throw DomainError.notFound("A service with a deploy_token `\(token)` doesn't exist.") }
        return try await deploy(service, in: environment, request, trigger: .api)
    }

    /// Rolls a git service back to an earlier deployment: its configuration, and its very commit. With the
    /// build cache kept, an image of that commit still on the engine is used as it is.
    public func redeployGit(
        _ hash: String, of service: Service, in environment: Environment, ignoreBuildCache: Bool
    ) async throws -> Deployment {
        let target = try await deployment(hash, of: service)
        var request = DeployRequest(commitMessage: target.commitMessage)
        request.commitSHA = target.commitSHA.flatMap { $0 == GitSource.head ? nil : $0 }
        request.commitAuthorName = target.commitAuthorName
        request.ignoreBuildCache = ignoreBuildCache
        return try await redeploy(hash, of: service, in: environment, request)
    }
}
