import Domain
import Vapor

/// `/search?query=`: projects, environments and services whose name starts with the query, as links. The
/// search box of the top bar shows this page's hits below itself while one types.
struct SearchPage {
    let search: any SearchRepository
    let cookies: CookieWriter

    func show(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let query = String(
            (request.query[String.self, at: "query"] ?? "").trimmingCharacters(in: .whitespaces).prefix(255))
        var hits: [HTML] = []
        if !query.isEmpty, !query.utf8.contains(0) {
            let results = try await search.search(prefix: query, workspaceID: try request.workspaceID(), limit: 10)
            hits += results.projects.map { project in
                hit("/project/\(HTML.segment(project.slug))/production", project.slug, kind: "project")
            }
            hits += results.environments.map { environment in
                hit(
                    "/project/\(HTML.segment(environment.projectSlug))/\(HTML.segment(environment.name))",
                    "\(environment.projectSlug) / \(environment.name)", kind: "environment")
            }
            hits += results.services.map { service in
                hit(
                    "/project/\(HTML.segment(service.projectSlug))/\(HTML.segment(service.environmentName))/services/\(HTML.segment(service.slug))",
                    "\(service.projectSlug) / \(service.environmentName) / \(service.slug)", kind: "service")
            }
        }
        let list: HTML =
            query.isEmpty
            ? "<p class=\"muted\">Type the start of a project, environment or service name.</p>"
            : hits.isEmpty
                ? "<p class=\"muted\">Nothing starts with “\(query)”.</p>" : "<ul class=\"hits\">\(hits)</ul>"
        return page.render(
            "Search", section: .projects,
            """
            <section class="narrow card">
            <h1>Search</h1>
            <div id="search-hits">\(list)</div>
            </section>
            """)
    }

    func hit(_ href: String, _ label: String, kind: String) -> HTML {
        "<li><a href=\"\(href)\"><span class=\"kind\">\(kind)</span> \(label)</a></li>"
    }
}
