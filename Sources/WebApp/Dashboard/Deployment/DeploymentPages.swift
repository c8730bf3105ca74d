import Domain
import Vapor

/// `/project/{project}/{env}/services/{service}/deployments/{hash}` and its tabs: the build log (live while
/// the deployment runs), runtime logs, HTTP logs, metrics, and the snapshot it ran.
struct DeploymentPages {
    let environments: EnvironmentsController
    let catalog: ServiceCatalog
    let deployments: Deployments
    let logs: any DeploymentLogRepository
    let httpLogs: any HTTPLogRepository
    let metrics: any MetricsRepository
    let cookies: CookieWriter

    enum Tab: String, CaseIterable {
        case build = ""
        case logs = "runtime-logs"
        case httpLogs = "http-logs"
        case metrics, details

        var label: String {
            switch self {
            case .build: "Build log"
            case .logs: "Runtime logs"
            case .httpLogs: "HTTP logs"
            case .metrics: "Metrics"
            case .details: "Details"
            }
        }
    }

    /// What a deployment tab reads first.
    struct Context {
        let project: Project
        let environment: Domain.Environment
        let service: Service
        let deployment: Deployment

        var servicePath: String {
            "/project/\(HTML.segment(project.slug))/\(HTML.segment(environment.name))/services/\(HTML.segment(service.slug))"
        }
        var path: String { "\(servicePath)/deployments/\(HTML.segment(deployment.hash))" }
        /// The API path of this deployment, which the page's script streams from.
        var apiPath: String {
            "/api/projects/\(HTML.segment(project.slug))/\(HTML.segment(environment.name))/service-details/\(HTML.segment(service.slug))/deployments/\(HTML.segment(deployment.hash))"
        }
    }

    func load(_ request: Request) async throws -> Context {
        let (project, environment) = try await environments.projectAndEnvironment(request)
        let service = try await catalog.find(request.parameter("service_slug"), in: environment, of: project)
        let deployment = try await deployments.deployment(request.parameter("deployment_hash"), of: service)
        return Context(project: project, environment: environment, service: service, deployment: deployment)
    }

    func render(_ request: Request, _ tab: Tab, _ content: (Context) async throws -> HTML) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let context = try await load(request)
        return page.render(
            "\(context.deployment.unprefixedHash) · \(context.service.slug)", section: .projects,
            DeploymentLayout(context: context, page: page).render(tab, try await content(context)))
    }

    func buildLog(_ request: Request) async throws -> Response {
        try await render(request, .build) { context in
            let deployment = context.deployment
            let read = try await logs.linesStored(
                after: 0, deploymentHash: deployment.hash, filter: LogFilter(sources: [.system, .build]), limit: 2000)
            let live = deployment.status == .queued || deployment.status.isInProgress
            let stream: HTML =
                live
                ? " data-stream=\"\(context.apiPath)/build-logs/stream?after=\(Int(read.resumeAt))\" data-follow-status"
                : .empty
            let lines = read.lines.map(\.line)
            return """
                <section class="card log-card" aria-labelledby="build-title">
                <h2 id="build-title">Build log</h2>
                <div class="log" id="build-log" role="log" aria-live="polite"\(stream)>\(lines.isEmpty ? "<p class=\"muted\" data-placeholder>Waiting for the first line…</p>" : LogLines.render(lines))</div>
                </section>
                """
        }
    }
}
