import DockerEngine
import Domain
import Foundation

extension DeploymentPipeline {
    /// The build stage of a git service (`BUILDING`): the commit is fetched, its context archived and built
    /// into `<project>/<env>/<service>:<sha>`, which the following steps deploy. The checkout goes when the
    /// stage ends, whatever its end; a cancel or a stop ends it within a second.
    func build(_ progress: inout Progress) async throws {
        guard progress.snapshot.service.kind == .gitRepository else { return }
        guard let builds, let source = progress.snapshot.configuration.gitSource,
            let builder = progress.snapshot.configuration.builder
        else { throw PipelineFailure("This git service has no repository or builder to build from.") }
        await record(.building, nil, of: &progress.deployment, by: .pipeline)
        try await recordBuild(of: &progress.deployment) { $0.buildStartedAt = clock() }
        let workspace = builds.directory + "/" + progress.deployment.hash
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let deployment = progress.deployment
        let checkout = workspace + "/repo"
        await log.write(
            "Cloning repository \(source.repositoryURL) (branch `\(source.branchName)`)...", for: deployment)
        // The service's current token, not one of the deployment's time: a redeploy uses the token in force.
        let credentials = try await services.service(id: deployment.serviceID)?.gitCredentials
        let commit = try await untilCancelled(progress) {
            try await GitCheckout(timeoutSeconds: builds.cloneTimeoutSeconds, workspace: workspace).fetch(
                source, credentials: credentials, commit: deployment.commitSHA ?? source.commitSHA, into: checkout)
        }
        try await recordBuild(of: &progress.deployment) { deployment in
            deployment.commitSHA = commit.sha
            deployment.commitAuthorName = deployment.commitAuthorName ?? commit.authorName
            if deployment.commitMessage == DeployRequest.unknownCommitMessage {
                deployment.commitMessage = commit.message
            }
        }
        await log.write("Commit \(commit.sha.prefix(7)) by \(commit.authorName): \(commit.message)", for: deployment)
        let image = DockerNames.builtImage(progress.snapshot, commit: commit.sha)
        if deployment.redeployHash != nil, !deployment.ignoreBuildCache, (try? await docker.imageExists(image)) == true
        {
            await log.write("Using the image `\(image)` built earlier for this commit.", for: deployment)
        } else {
            try await buildImage(image, builder, builds, checkout: checkout, workspace: workspace, progress)
        }
        try await recordBuild(of: &progress.deployment) { $0.buildFinishedAt = clock() }
        progress.snapshot.configuration.image = image
        await pruneImages(of: progress.snapshot, keeping: image)
    }

    func buildImage(
        _ image: String, _ builder: Builder, _ builds: BuildSettings, checkout: String, workspace: String,
        _ progress: Progress
    ) async throws {
        let deployment = progress.deployment
        let archive = workspace + "/context.tar"
        let dockerfile = try BuildContext(checkout: checkout, staticSiteBaseImage: builds.staticSiteBaseImage)
            .write(builder, to: archive)
        try? FileManager.default.removeItem(atPath: checkout)
        let target: String? = if case .dockerfile(let options) = builder { options.buildStageTarget } else { nil }
        let request = DockerEngineClient.ImageBuild(
            contextArchive: archive, dockerfile: dockerfile, tag: image, target: target,
            buildArguments: buildArguments(progress.snapshot, deployment),
            labels: DockerNames.builtImageLabels(projectID: progress.snapshot.projectID),
            noCache: deployment.ignoreBuildCache)
        await log.write("===================== RUNNING DOCKER BUILD ===========================", for: deployment)
        let log = log
        do {
            try await untilCancelled(progress) {
                try await docker.buildImage(request, timeout: .seconds(builds.buildTimeoutSeconds)) { line in
                    await log.write(line, source: .build, for: deployment)
                }
            }
        } catch DockerEngineError.buildFailed(let message) {
            await log.write("Build failed: \(message)", .error, for: deployment)
            throw PipelineFailure("Build failed: \(message)")
        }
        await log.write("Service build complete. Tagged as `\(image)`.", for: deployment)
    }

    /// The build's variables: shared, the service's, Zane's (with the commit), as the container will have them.
    func buildArguments(_ snapshot: DeploymentSnapshot, _ deployment: Deployment) -> [String: String] {
        var arguments: [String: String] = ["FORCE_COLOR": "true"]
        for variable in ContainerEnvironment.variables(of: snapshot, deployment: deployment) {
            guard let equals = variable.firstIndex(of: "=") else { continue }
            arguments[String(variable[..<equals])] = String(variable[variable.index(after: equals)...])
        }
        arguments["GIT_COMMIT_SHA"] = deployment.commitSHA
        return arguments
    }

    /// Runs `body` while checking every half second for a cancel request or a stop: either ends it at once
    /// (the engine stops a build whose connection closes; git is killed) and throws `Cancelled` or `Stopped`.
    func untilCancelled<Result: Sendable>(
        _ progress: Progress, _ body: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(500))
                    try await checkpoint(progress)
                }
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }

    /// Writes the build columns of the stored deployment (its commit, and when the build ran).
    func recordBuild(of deployment: inout Deployment, _ change: (inout Deployment) -> Void) async throws {
        var stored =
            try await services.deployments().deployment(hash: deployment.hash, serviceID: deployment.serviceID)
            ?? deployment
        change(&stored)
        try await services.deployments().update(stored)
        deployment = stored
        didWrite()
    }

    /// Removes the service's built images but the newest few; an image a container still runs is kept by
    /// the engine, which refuses to remove it.
    func pruneImages(of snapshot: DeploymentSnapshot, keeping current: String) async {
        guard let builds else { return }
        let labels = DockerNames.builtImageLabels(projectID: snapshot.projectID).map { "\($0.key)=\($0.value)" }
        guard let images = try? await docker.images(labelled: labels) else { return }
        let prefix = DockerNames.builtRepository(snapshot) + ":"
        let ownImages = images.filter { ($0.repoTags ?? []).contains { $0.hasPrefix(prefix) } }
        for image in ownImages.sorted(by: { $0.created > $1.created }).dropFirst(builds.keptImages)
        where !(image.repoTags ?? []).contains(current) {
            try? await docker.removeImage(image.id)
        }
    }
}
