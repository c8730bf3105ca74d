/// What a push webhook did: the deployments it queued, and why each other service of the repository was
/// left alone.
public struct AutoDeployOutcome: Sendable {
    public var deployments: [Deployment] = []
    public var skipped: [(serviceID: String, reason: String)] = []
}

extension Deployments {
    /// Deploys the push on every git service of its repository and branch whose webhook secret `authorises`
    /// the delivery, whose auto-deploy is on and whose `watch_paths` match what the push changed. A commit
    /// a service has deployed already (a replayed delivery) is not deployed again. An unknown repository is a
    /// 404, and a delivery no service's secret authorises a 403: nothing is deployed then.
    public func autoDeploy(_ push: GitPush, authorises: (Service) -> Bool) async throws -> AutoDeployOutcome {
        let gitServices = try await services.services(kind: .gitRepository)
        let sources = try await services.items(serviceIDs: gitServices.map(\.id), fields: [.gitSource])
        let sourceOf = Dictionary(
            sources.compactMap { item in GitSource(json: item.value).map { (item.serviceID, $0) } },
            uniquingKeysWith: { first, _ in first })
        let candidates = gitServices.filter { service in
            sourceOf[service.id].map { push.repositoryURLs.contains($0.repositoryURL) } ?? false
        }
        guard !candidates.isEmpty else {
            throw DomainError.notFound("No git service of this instance deploys from this repository.")
        }
        let authorised = candidates.filter(authorises)
        guard !authorised.isEmpty else {
            throw DomainError.permissionDenied(
                "The delivery is not signed with the webhook secret of a service of this repository.")
        }
        var outcome = AutoDeployOutcome()
        for service in authorised.sorted(by: { $0.id < $1.id }) {
            if let reason = try await reasonToSkip(service, source: sourceOf[service.id], push) {
                outcome.skipped.append((service.id, reason))
                continue
            }
            guard let environment = try await environments.environment(id: service.environmentID) else { continue }
            var request = DeployRequest(commitMessage: push.message, cleanupQueue: service.cleanupQueueOnAutoDeploy)
            request.commitSHA = push.commitSHA
            request.commitAuthorName = push.authorName
            outcome.deployments.append(try await deploy(service, in: environment, request, trigger: .auto))
        }
        return outcome
    }

    func reasonToSkip(_ service: Service, source: GitSource?, _ push: GitPush) async throws -> String? {
        guard service.autoDeployEnabled else { return "auto-deploy is off" }
        guard source?.branchName == push.branch else { return "the service deploys another branch" }
        guard WatchPaths(service.watchPaths).matchAny(push.changedPaths) else {
            return "no changed path matches the service's watch paths"
        }
        let deployed = try await services.deployments().deployments(serviceID: service.id)
        if deployed.contains(where: { $0.commitSHA == push.commitSHA }) {
            return "this commit was deployed already"
        }
        return nil
    }
}
