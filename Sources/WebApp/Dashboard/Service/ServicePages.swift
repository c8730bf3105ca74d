import Domain
import Vapor

/// `/project/{project}/{env}/services/{service}` and its tabs, with the forms they post; every rule is the
/// API's, through the same domain services.
struct ServicePages {
    let environments: EnvironmentsController
    let catalog: ServiceCatalog
    let changes: ServiceChanges
    let deployments: Deployments
    let server: ServerResources
    let httpLogs: any HTTPLogRepository
    let metrics: any MetricsRepository
    let cookies: CookieWriter

    /// A tab's page; `alert` holds the reason a form without fields (deploy, discard…) was refused.
    func render(
        _ request: Request, _ tab: ServiceLayout.Tab, status: HTTPResponseStatus = .ok,
        alert: FormErrors = FormErrors(),
        _ content: (ServiceContext, DashboardRequest) async throws -> HTML
    ) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let context = try await ServiceContext.load(request, self)
        let layout = ServiceLayout(context: context, page: page)
        return page.render(
            "\(context.service.slug) · \(context.project.slug)", section: .projects, status: status,
            layout.render(tab, alert: alert, try await content(context, page)))
    }

    func deploymentsTab(_ request: Request) async throws -> Response {
        try await render(request, .deployments) { context, page in deploymentList(context, page, request) }
    }

    func envVariablesTab(_ request: Request) async throws -> Response {
        try await render(request, .envVariables) { context, page in envVariables(context, page, FormErrors()) }
    }

    func settingsTab(_ request: Request) async throws -> Response {
        try await render(request, .settings) { context, page in try await settings(context, page, request, FormErrors())
        }
    }

    /// The page a form came from (its tab), given by the form itself.
    static func tab(of form: InputReader) -> ServiceLayout.Tab {
        form.object["tab"]?.string.flatMap(ServiceLayout.Tab.init(rawValue:)) ?? .settings
    }
}

/// The service's HTTP logs and metrics tabs, across its deployments.
extension ServicePages {
    func httpLogsTab(_ request: Request) async throws -> Response {
        try await render(request, .httpLogs) { context, _ in
            try await HTTPLogTable.render(
                request, httpLogs, serviceID: context.service.id, deploymentID: nil, action: "\(context.path)/http-logs"
            )
        }
    }

    func metricsTab(_ request: Request) async throws -> Response {
        try await render(request, .metrics) { context, _ in
            try await MetricsCharts.render(
                request, metrics, serviceID: context.service.id, deploymentHash: nil, action: "\(context.path)/metrics")
        }
    }
}
