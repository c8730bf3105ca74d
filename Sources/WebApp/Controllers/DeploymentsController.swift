import Domain
import Foundation
import Vapor

/// Deploying services (one, several, by token), their queue, sleep and wake, and reading or cancelling
/// their deployments (`api.md` §8, §9, §13, §14).
struct DeploymentsController {
    let services: ServicesController
    let deployments: Deployments
    let changes: ServiceChanges
    let images: any ImageAvailability

    /// `PUT /api/deploy-service/docker/{deploy_token}`: no session, the token is the credential.
    func deployByToken(_ request: Request) async throws -> Response {
        var reader = try request.bodyReader()
        let body = try WebhookDeployRequest(reading: &reader)
        _ = try await deployments.deploy(
            token: request.parameter("deploy_token"), body, changes: changes, images: images)
        return JSONResponse.empty(.accepted)
    }

    /// Takes `new_image` as the deploy webhook does (a Zane addition): `zane deploy --image` with a `DEPLOY` token.
    func deploy(_ request: Request) async throws -> Response {
        let (service, environment) = try await services.find(request, kind: .dockerRegistry)
        var reader = try request.bodyReader()
        let deployment = try await deployments.deploy(
            service, in: environment, try WebhookDeployRequest(reading: &reader), changes: changes, images: images,
            trigger: .manual)
        return JSONResponse.make(DeploymentDTO(deployment, redacted: request.isDeployToken))
    }

    func deployGitByToken(_ request: Request) async throws -> Response {
        var reader = try request.bodyReader()
        _ = try await deployments.deployGit(
            token: request.parameter("deploy_token"), try DeployRequest.gitByToken(reading: &reader))
        return JSONResponse.empty(.accepted)
    }

    func deployGit(_ request: Request) async throws -> Response {
        let (service, environment) = try await services.find(request, kind: .gitRepository)
        var reader = try request.bodyReader()
        let deployment = try await deployments.deploy(
            service, in: environment, try DeployRequest.git(reading: &reader), trigger: .manual)
        return JSONResponse.make(DeploymentDTO(deployment, redacted: request.isDeployToken))
    }

    /// `ignore_build_cache` defaults to true here, as in ZaneOps: a redeploy builds its commit again.
    func redeployGit(_ request: Request) async throws -> Response {
        let (service, environment) = try await services.find(request, kind: .gitRepository)
        var reader = try request.bodyReader()
        let ignoreBuildCache = reader.bool("ignore_build_cache") ?? true
        try reader.check()
        return JSONResponse.make(
            DeploymentDTO(
                try await deployments.redeployGit(
                    request.parameter("deployment_hash"), of: service, in: environment,
                    ignoreBuildCache: ignoreBuildCache), redacted: request.isDeployToken))
    }

    func redeploy(_ request: Request) async throws -> Response {
        let (service, environment) = try await services.find(request, kind: .dockerRegistry)
        return JSONResponse.make(
            DeploymentDTO(
                try await deployments.redeploy(request.parameter("deployment_hash"), of: service, in: environment),
                redacted: request.isDeployToken))
    }

    func cleanUpQueue(_ request: Request) async throws -> Response {
        let (service, _) = try await services.find(request)
        var reader = try request.bodyReader()
        try await deployments.cleanUpQueue(
            of: service, includingRunning: try BulkServicesRequest.cancelsRunning(reading: &reader))
        return JSONResponse.empty(.accepted)
    }

    func toggle(_ request: Request) async throws -> Response {
        let (service, _) = try await services.find(request)
        var reader = try request.bodyReader()
        try await deployments.toggle(service, running: try ToggleRequest(reading: &reader).desiredState == .start)
        return JSONResponse.empty(.accepted)
    }

    /// Services of the environment among `service_ids`; unknown ids and never-deployed services are skipped.
    func bulkToggle(_ request: Request) async throws -> Response {
        let (_, environment) = try await services.environments.projectAndEnvironment(request)
        var reader = try request.bodyReader()
        let body = try BulkServicesRequest(reading: &reader, needsState: true)
        for service in try await services.services.services(in: environment, ids: body.serviceIDs) {
            try? await deployments.toggle(service, running: body.desiredState == .start)
        }
        return JSONResponse.empty(.accepted)
    }

    func bulkDeploy(_ request: Request) async throws -> Response {
        let (_, environment) = try await services.environments.projectAndEnvironment(request)
        var reader = try request.bodyReader()
        let body = try BulkServicesRequest(reading: &reader, needsState: false)
        for service in try await services.services.services(in: environment, ids: body.serviceIDs) {
            _ = try await deployments.deploy(
                service, in: environment, DeployRequest(commitMessage: "bulk deploy via UI"), trigger: .manual)
        }
        return JSONResponse.empty(.accepted)
    }

    func list(_ request: Request) async throws -> Response {
        let (service, _) = try await services.find(request)
        var all = try await deployments.deployments(of: service)
        if let wanted = request.query[[String].self, at: "status"], !wanted.isEmpty {
            let valid = Set(Deployment.Status.allCases.map(\.rawValue))
            if let invalid = wanted.first(where: { !valid.contains($0) }) {
                throw DomainError.invalid(
                    "status", "Select a valid choice. \(invalid) is not one of the available choices.",
                    code: "invalid_choice")
            }
            all = all.filter { wanted.contains($0.status.rawValue) }
        }
        if let after = try Self.time(request, "queued_at_after") { all = all.filter { $0.queuedAt >= after } }
        if let before = try Self.time(request, "queued_at_before") { all = all.filter { $0.queuedAt <= before } }
        // Healthy ones first, then the rest; newest first inside each group.
        all.sort {
            ($0.status == .healthy ? 0 : 1, -$0.queuedAt.microseconds) < (
                $1.status == .healthy ? 0 : 1, -$1.queuedAt.microseconds
            )
        }
        return JSONResponse.make(Pagination(request).page(of: all.map { DeploymentDTO($0) }))
    }

    /// An ISO-8601 date-time query parameter (a zone-less time is UTC), or nil when absent.
    static func time(_ request: Request, _ name: String) throws -> Timestamp? {
        guard let text = request.query[String.self, at: name], !text.isEmpty else { return nil }
        guard let time = Timestamp(iso8601: text) else { throw DomainError.invalid(name, "Enter a valid date/time.") }
        return time
    }

    func details(_ request: Request) async throws -> Response {
        let (service, _) = try await services.find(request)
        return JSONResponse.make(
            DeploymentDTO(
                try await deployments.deployment(request.parameter("deployment_hash"), of: service),
                redacted: request.isDeployToken))
    }

    func cancel(_ request: Request) async throws -> Response {
        let (service, _) = try await services.find(request)
        return JSONResponse.make(
            DeploymentDTO(
                try await deployments.cancel(request.parameter("deployment_hash"), of: service),
                redacted: request.isDeployToken))
    }
}

/// `page` and `per_page` (default 10, at most 100) of a page-number list, with absolute `next`/`previous` links.
struct Pagination {
    let page: Int
    let perPage: Int
    let request: Request

    init(_ request: Request) {
        self.request = request
        let page = request.query[String.self, at: "page"].flatMap { Int($0) }
        let perPage =
            request.query[String.self, at: "per_page"].flatMap { Int($0) }.flatMap { $0 > 0 ? min($0, 100) : nil } ?? 10
        self.page = request.query[String.self, at: "page"] == nil ? 1 : (page ?? 0)
        self.perPage = perPage
    }

    func page<Item: JSONWritable>(of items: [Item]) -> PageDTO<Item> {
        // A page past the end is empty; checking it first keeps `(page - 1) * perPage` from overflowing.
        guard page >= 1, page <= items.count / perPage + 1 else {
            return PageDTO(count: 0, next: nil, previous: nil, results: [])
        }
        let start = (page - 1) * perPage
        guard start < items.count || (page == 1 && items.isEmpty) else {
            return PageDTO(count: 0, next: nil, previous: nil, results: [])
        }
        let slice = Array(items[start..<min(start + perPage, items.count)])
        let next = start + perPage < items.count ? link(to: page + 1) : nil
        let previous = page > 1 ? link(to: page - 1) : nil
        return PageDTO(count: items.count, next: next, previous: previous, results: slice)
    }

    func link(to page: Int) -> String { request.linkToSelf(setting: "page", to: String(page)) }
}
