import Domain
import Vapor

/// `/project/{project}/{env}`: the environment's services as cards, with the environment switcher.
struct EnvironmentPage {
    let environments: EnvironmentsController
    let projects: ProjectService
    let services: ServiceCatalog
    let cookies: CookieWriter

    func show(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let (project, environment) = try await environments.projectAndEnvironment(request)
        let all = try await projects.summary(slug: project.slug, workspaceID: try request.workspaceID()).environments
        let cards = try await services.list(in: environment, slugContaining: nil)
        let base = "/project/\(HTML.segment(project.slug))"
        let switcher: [HTML] = all.map { other in
            let href = "\(base)/\(HTML.segment(other.name))"
            return other.id == environment.id
                ? "<a href=\"\(href)\" aria-current=\"page\">\(other.name)</a>"
                : "<a href=\"\(href)\">\(other.name)</a>"
        }
        let items: [HTML] = cards.map { details in
            let configuration = details.configuration
            let url = configuration.urls.first { $0.associatedPort != nil }.map { $0.domain + $0.basePath }
            let href = "\(base)/\(HTML.segment(environment.name))/services/\(HTML.segment(details.service.slug))"
            return """
                <li class="card service">
                <a class="title" href="\(href)">\(details.service.slug)</a>
                \(StatusBadge.badge(details.cardStatus))
                <p class="muted mono">\(details.displayImage ?? "no image yet")</p>
                \(url.map { "<p class=\"mono small\">\($0)</p>" as HTML })
                \(details.latestDeployment.map { "<p class=\"muted small\">Deployed \(DashboardFormat.time($0.queuedAt))</p>" as HTML })
                </li>
                """
        }
        return page.render(
            "\(project.slug) · \(environment.name)", section: .projects,
            """
            <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Projects</a> / <span>\(project.slug)</span></nav>
            <div class="page-head">
            <div class="service-title"><h1>\(project.slug)</h1>
            <nav class="tabs" aria-label="Environments">\(switcher)</nav></div>
            <a class="button primary" href="\(base)/\(HTML.segment(environment.name))/create-service">New service</a>
            </div>
            \(items.isEmpty ? "<p class=\"empty\">No service in this environment yet. <a href=\"\(base)/\(HTML.segment(environment.name))/create-service\">Create one from an image</a>.</p>" : "<ul class=\"grid\" id=\"services\" data-live>\(items)</ul>" as HTML)
            """)
    }
}
