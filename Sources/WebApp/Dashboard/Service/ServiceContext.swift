import Domain
import Vapor

/// What every service page reads first: the service at the path, its details and its deployments, newest first.
struct ServiceContext {
    let project: Project
    let environment: Domain.Environment
    var details: ServiceDetails
    let deployments: [Deployment]

    var service: Service { details.service }

    static func load(_ request: Request, _ pages: ServicePages) async throws -> ServiceContext {
        let (project, environment) = try await pages.environments.projectAndEnvironment(request)
        let service = try await pages.catalog.find(request.parameter("service_slug"), in: environment, of: project)
        var details = try await pages.catalog.details(of: service, in: environment)
        let deployments = try await pages.deployments.deployments(of: service).sorted { $0.queuedAt > $1.queuedAt }
        if let latest = deployments.first(where: { $0.status != .cancelled }) {
            details.latestDeployment = (latest.status, latest.queuedAt, latest.commitMessage)
        }
        return ServiceContext(project: project, environment: environment, details: details, deployments: deployments)
    }

    var environmentPath: String { "/project/\(HTML.segment(project.slug))/\(HTML.segment(environment.name))" }
    var path: String { "\(environmentPath)/services/\(HTML.segment(service.slug))" }
    func deploymentPath(_ hash: String) -> String { "\(path)/deployments/\(HTML.segment(hash))" }

    /// The addresses the service answers on (domain and base path), as the proxy routes them.
    var urls: [String] {
        details.configuration.urls.map { url in url.domain + (url.basePath == "/" ? "" : url.basePath) }
    }
}
