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
    let pageCache: PageCache
    let cookies: CookieWriter

    /// A tab's page; `alert` holds the reason a form without fields (deploy, discard…) was refused. A
    /// `cached` tab is rendered once per write.
    func render(
        _ request: Request, _ tab: ServiceLayout.Tab, status: HTTPResponseStatus = .ok,
        alert: FormErrors = FormErrors(),
        cached: Bool = false, _ content: (ServiceContext, DashboardRequest) async throws -> HTML
    ) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let title = "\(request.parameter("service_slug")) · \(request.parameter("slug"))"
        let main =
            cached
            ? try await pageCache.main(request, page) { template in
                try await self.main(request, tab, template, alert, content)
            }
            : try await self.main(request, tab, page, alert, content)
        return page.render(title, section: .projects, status: status, main)
    }

    func main(
        _ request: Request, _ tab: ServiceLayout.Tab, _ page: DashboardRequest, _ alert: FormErrors,
        _ content: (ServiceContext, DashboardRequest) async throws -> HTML
    ) async throws -> HTML {
        let context = try await ServiceContext.load(request, self)
        return ServiceLayout(context: context, page: page).render(tab, alert: alert, try await content(context, page))
    }

    func deploymentsTab(_ request: Request) async throws -> Response {
        try await render(request, .deployments, cached: true) { context, page in
            deploymentList(context, page, request)
        }
    }

    func envVariablesTab(_ request: Request) async throws -> Response {
        try await render(request, .envVariables, cached: true) { context, page in
            envVariables(context, page, FormErrors())
        }
    }

    func settingsTab(_ request: Request) async throws -> Response {
        try await render(request, .settings, cached: true) { context, page in
            try await settings(context, page, request, FormErrors())
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
