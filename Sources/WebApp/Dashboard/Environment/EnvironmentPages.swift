import Domain
import Vapor

/// `/project/{project}/{env}`: the environment's services as cards, with the environment switcher; and
/// its tabs, the shared variables and the settings (create, rename, clone, delete).
struct EnvironmentPages {
    let environments: EnvironmentsController
    let projects: ProjectService
    let services: ServiceCatalog
    let variables: SharedVariableService
    let pageCache: PageCache
    let cookies: CookieWriter

    enum Tab: String, CaseIterable {
        case services = ""
        case variables, settings

        var label: String {
            switch self {
            case .services: "Services"
            case .variables: "Shared variables"
            case .settings: "Settings"
            }
        }
    }

    /// A tab of the environment at the request's path; a `cached` one is rendered once per write.
    func render(
        _ request: Request, _ tab: Tab, status: HTTPResponseStatus = .ok, cached: Bool = false,
        _ content: (Project, Domain.Environment, DashboardRequest) async throws -> HTML
    ) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let title = "\(request.parameter("slug")) · \(request.parameter("env_slug"))"
        let main =
            cached
            ? try await pageCache.main(request, page) { template in
                try await self.main(request, tab, template, content)
            }
            : try await self.main(request, tab, page, content)
        return page.render(title, section: .projects, status: status, main)
    }

    func main(
        _ request: Request, _ tab: Tab, _ page: DashboardRequest,
        _ content: (Project, Domain.Environment, DashboardRequest) async throws -> HTML
    ) async throws -> HTML {
        let (project, environment) = try await environments.projectAndEnvironment(request)
        let all = try await projects.summary(slug: project.slug, workspaceID: try request.workspaceID()).environments
        let base = "/project/\(HTML.segment(project.slug))"
        let path = "\(base)/\(HTML.segment(environment.name))"
        let switcher: [HTML] = all.map { other in
            let href = "\(base)/\(HTML.segment(other.name))"
            return HTML.navigationLink(other.name, href: href, current: other.id == environment.id)
        }
        let tabs: [HTML] = Tab.allCases.map { item in
            let href = item == .services ? path : "\(path)/\(item.rawValue)"
            return HTML.navigationLink(item.label, href: href, current: item == tab)
        }
        return """
            <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Projects</a> / <span>\(project.slug)</span></nav>
            <div class="page-head">
            <div class="service-title"><h1>\(project.slug)</h1>
            <nav class="tabs" aria-label="Environments">\(switcher)</nav></div>
            <a class="button" href="\(path)/create-service/git">From a git repository</a>
            <a class="button primary" href="\(path)/create-service">New service</a>
            </div>
            <nav class="tabs service-tabs" aria-label="Environment">\(tabs)</nav>
            \(try await content(project, environment, page))
            """
    }

    func show(_ request: Request) async throws -> Response {
        try await render(request, .services, cached: true) { project, environment, _ in
            let path = "/project/\(HTML.segment(project.slug))/\(HTML.segment(environment.name))"
            let cards = try await services.list(in: environment, slugContaining: nil)
            let items: [HTML] = cards.map { details in
                let url = details.configuration.urls.first { $0.associatedPort != nil }.map { $0.domain + $0.basePath }
                return """
                    <li class="card service">
                    <a class="title" href="\(path)/services/\(HTML.segment(details.service.slug))">\(details.service.slug)</a>
                    \(StatusBadge.badge(details.cardStatus))
                    <p class="muted mono">\(details.displaySource ?? "no image yet")</p>
                    \(url.map { "<p class=\"mono small\">\($0)</p>" as HTML })
                    \(details.latestDeployment.map { "<p class=\"muted small\">Deployed \(DashboardFormat.time($0.queuedAt))</p>" as HTML })
                    </li>
                    """
            }
            return items.isEmpty
                ? "<p class=\"empty\">No service in this environment yet. <a href=\"\(path)/create-service\">Create one from an image</a> or <a href=\"\(path)/create-service/git\">from a git repository</a>.</p>"
                : "<ul class=\"grid\" id=\"services\" data-live>\(items)</ul>"
        }
    }
}
