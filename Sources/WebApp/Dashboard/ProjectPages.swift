import Domain
import Vapor

/// `/` (the project list, with search, sort and recent deployments beside it) and `/create-project`.
struct ProjectPages {
    let projects: ProjectService
    let recent: any RecentDeploymentsRepository
    let cookies: CookieWriter

    func list(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let search = request.query[String.self, at: "query"] ?? ""
        let sort = ProjectOrdering(rawValue: request.query[String.self, at: "sort_by"] ?? "") ?? .updatedAtDescending
        let query = try ListProjectsQuery(slug: search, sortBy: sort.rawValue)
        let workspaceID = try request.workspaceID()
        let summaries = try await projects.list(workspaceID: workspaceID, query)
        let latest = RecentDeployment.pick(try await recent.candidates(workspaceID: workspaceID))
        let cards: [HTML] = summaries.map { summary in
            let project = summary.project
            let production = summary.environments.first { $0.name == "production" } ?? summary.environments.first
            let href = "/project/\(HTML.segment(project.slug))/\(HTML.segment(production?.name ?? "production"))"
            return """
                <li class="card project">
                <a class="title" href="\(href)">\(project.slug)</a>
                \(project.description.flatMap { $0.isEmpty ? nil : "<p class=\"muted\">\($0)</p>" as HTML })
                <p class="counts"><span class="dot \(summary.services.total > 0 && summary.services.healthy == summary.services.total ? "healthy" : "neutral")" aria-hidden="true"></span>
                \(summary.services.healthy)/\(summary.services.total) services healthy · \(summary.environments.count) environment\(summary.environments.count == 1 ? "" : "s")</p>
                <p class="muted small">Updated \(DashboardFormat.time(project.updatedAt))</p>
                </li>
                """
        }
        let empty: HTML =
            search.isEmpty
            ? "<p class=\"empty\">No project yet. <a href=\"/create-project\">Create the first one</a>.</p>"
            : "<p class=\"empty\">No project matches “\(search)”.</p>"
        func option(_ order: ProjectOrdering, _ label: String) -> HTML {
            "<option value=\"\(order.rawValue)\"\(order == sort ? " selected" : "")>\(label)</option>"
        }
        return page.render(
            "Projects", section: .projects,
            """
            <div class="page-head">
            <h1>Projects</h1>
            <a class="button primary" href="/create-project">New project</a>
            </div>
            <div class="columns">
            <section aria-label="Projects">
            <form class="toolbar" method="get" action="/" role="search">
            <label class="visually-hidden" for="project-query">Search projects</label>
            <input id="project-query" name="query" type="search" placeholder="Search projects" value="\(search)">
            <label class="visually-hidden" for="project-sort">Sort by</label>
            <select id="project-sort" name="sort_by" data-autosubmit>
            \(option(.updatedAtDescending, "Recently updated"))\(option(.updatedAt, "Least recently updated"))\(option(.slug, "Name, A to Z"))\(option(.slugDescending, "Name, Z to A"))
            </select>
            <button type="submit">Search</button>
            </form>
            \(summaries.isEmpty ? empty : "<ul class=\"grid\">\(cards)</ul>" as HTML)
            </section>
            <aside class="card" aria-label="Recent deployments">
            <h2>Recent deployments</h2>
            \(latest.isEmpty ? "<p class=\"muted\">Nothing deployed yet.</p>" : "<ul class=\"recent\">\(latest.map(Self.recentItem))</ul>" as HTML)
            </aside>
            </div>
            """)
    }

    static func recentItem(_ deployment: RecentDeployment) -> HTML {
        let base = "/project/\(HTML.segment(deployment.projectSlug))/\(HTML.segment(deployment.environment.name))"
        let href =
            "\(base)/services/\(HTML.segment(deployment.serviceSlug))/deployments/\(HTML.segment(deployment.hash))"
        return """
            <li><a href="\(href)">\(StatusBadge.badge(deployment.status)) <span>\(deployment.projectSlug) / \(deployment.serviceSlug)</span></a>
            <span class="muted small">\(deployment.commitMessage)</span></li>
            """
    }

    func createForm(_ request: Request) async throws -> Response {
        form(DashboardRequest(request, cookies: cookies), FormErrors())
    }

    func create(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var reader = try page.form(optional: ["slug", "description"])
        do {
            let summary = try await projects.create(
                workspaceID: try request.workspaceID(), try CreateProjectRequest(reading: &reader))
            return page.redirect(to: "/project/\(HTML.segment(summary.project.slug))/production")
        } catch let error as DomainError {
            return form(
                page, FormErrors(error), slug: reader.object["slug"]?.string ?? "",
                description: reader.object["description"]?.string ?? "", status: .badRequest)
        }
    }

    func form(
        _ page: DashboardRequest, _ errors: FormErrors, slug: String = "", description: String = "",
        status: HTTPResponseStatus = .ok
    ) -> Response {
        page.render(
            "New project", section: .projects, status: status,
            """
            <section class="narrow card">
            <h1>New project</h1>
            <p class="lead">A project groups services; it starts with a <code>production</code> environment.</p>
            \(errors.summary)
            <form method="post" action="/create-project" data-once>
            \(page.csrfField)
            \(errors.field("slug", label: "Slug", value: slug, hint: "Lowercase letters, digits and dashes. Leave it empty for a generated one.", attributes: "autocomplete=\"off\" autofocus"))
            \(errors.field("description", label: "Description", value: description, attributes: "autocomplete=\"off\""))
            <div class="actions"><a class="button" href="/">Cancel</a><button type="submit" class="primary">Create project</button></div>
            </form>
            </section>
            """)
    }
}
