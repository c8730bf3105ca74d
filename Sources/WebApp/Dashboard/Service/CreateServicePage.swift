import Domain
import Vapor

/// `/project/{project}/{env}/create-service`: a service from a Docker image. It starts with its image as a
/// pending change, which the service page deploys.
struct CreateServicePage {
    let environments: EnvironmentsController
    let catalog: ServiceCatalog
    let cookies: CookieWriter

    func form(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let (project, environment) = try await environments.projectAndEnvironment(request)
        return render(page, project, environment, FormErrors())
    }

    func create(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var reader = try page.form(optional: ["slug"])
        let (project, environment) = try await environments.projectAndEnvironment(request)
        do {
            let details = try await catalog.createDockerService(
                in: environment, of: project, try CreateDockerServiceRequest(reading: &reader))
            return page.redirect(
                to: "\(Self.base(project, environment))/services/\(HTML.segment(details.service.slug))")
        } catch let error as DomainError {
            let errors = FormErrors(error, values: ChangeForm.values(reader.object), conflictField: "slug")
            return render(page, project, environment, errors.showing(only: ["slug", "image"]), status: .badRequest)
        }
    }

    static func base(_ project: Project, _ environment: Domain.Environment) -> String {
        "/project/\(HTML.segment(project.slug))/\(HTML.segment(environment.name))"
    }

    func render(
        _ page: DashboardRequest, _ project: Project, _ environment: Domain.Environment, _ errors: FormErrors,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let base = Self.base(project, environment)
        return page.render(
            "New service · \(project.slug)", section: .projects, status: status,
            """
            <section class="narrow card">
            <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Projects</a> / <a href="\(base)">\(project.slug)</a> / <span>\(environment.name)</span></nav>
            <h1>New service from an image</h1>
            <p class="lead">Zane runs the image on this server; you deploy it on the next page. To build from source instead, <a href="\(base)/create-service/git">create it from a git repository</a>.</p>
            \(errors.summary)
            <form method="post" action="\(base)/create-service" data-once>
            \(page.csrfField)
            \(errors.field("image", label: "Image", hint: "As <code>docker pull</code> takes it: <code>nginx:1.27</code>, <code>ghcr.io/owner/app:latest</code>.", attributes: "autocomplete=\"off\" spellcheck=\"false\" required autofocus"))
            \(errors.field("slug", label: "Slug", hint: "Lowercase letters, digits and dashes. Leave it empty for a generated one.", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
            <div class="actions"><a class="button" href="\(base)">Cancel</a><button type="submit" class="primary">Create service</button></div>
            </form>
            </section>
            """)
    }
}
