import Domain
import Vapor

/// `/project/{project}/{env}/create-service/git`: a service built from a git repository. The repository and
/// branch are checked before anything is created; the service page then deploys it.
struct CreateGitServicePage {
    let environments: EnvironmentsController
    let catalog: ServiceCatalog
    let cookies: CookieWriter

    static let fields = [
        "repository_url", "branch_name", "access_token", "builder", "dockerfile_path", "build_context_dir",
        "build_stage_target",
        "publish_directory", "index_page", "not_found_page", "is_spa", "slug",
    ]

    func form(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let (project, environment) = try await environments.projectAndEnvironment(request)
        return render(page, project, environment, FormErrors())
    }

    func create(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var reader = try page.form(optional: Set(Self.fields).subtracting(["repository_url", "branch_name"]))
        let (project, environment) = try await environments.projectAndEnvironment(request)
        do {
            let details = try await catalog.createGitService(
                in: environment, of: project, try CreateGitServiceRequest(reading: &reader))
            return page.redirect(
                to: "\(CreateServicePage.base(project, environment))/services/\(HTML.segment(details.service.slug))")
        } catch let error as DomainError {
            let errors = FormErrors(error, values: ChangeForm.values(reader.object), conflictField: "slug")
            return render(page, project, environment, errors.showing(only: Set(Self.fields)), status: .badRequest)
        }
    }

    func render(
        _ page: DashboardRequest, _ project: Project, _ environment: Domain.Environment, _ errors: FormErrors,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let base = CreateServicePage.base(project, environment)
        let code = "autocomplete=\"off\" spellcheck=\"false\"" as HTML
        return page.render(
            "New git service · \(project.slug)", section: .projects, status: status,
            """
            <section class="narrow card">
            <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Projects</a> / <a href="\(base)">\(project.slug)</a> / <span>\(environment.name)</span></nav>
            <h1>New service from a git repository</h1>
            <p class="lead">Zane fetches the branch's last commit, builds it on this server and runs it; every push can deploy again.</p>
            \(errors.summary)
            <form method="post" action="\(base)/create-service/git" data-once>
            \(page.csrfField)
            \(errors.field("repository_url", label: "Repository URL", hint: "Over <code>https://</code>, <code>http://</code> or <code>git://</code>: <code>https://github.com/owner/app.git</code>.", attributes: "\(code) required autofocus"))
            \(errors.field("branch_name", label: "Branch", value: "main", attributes: "\(code) required"))
            \(errors.field("access_token", label: "Access token", type: "password", hint: "For a private repository over <code>https://</code>: a GitHub or GitLab token that can read it. Stored encrypted, never shown again.", attributes: code))
            \(errors.select("builder", label: "Builder", options: Builder.Kind.allCases.map { ($0.rawValue, Self.builderLabel($0)) }, selected: Builder.Kind.dockerfile.rawValue, hint: "Nixpacks and Railpack need their program installed on this server."))
            <fieldset><legend>Dockerfile builder</legend>
            \(errors.field("dockerfile_path", label: "Dockerfile", value: "./Dockerfile", attributes: code))
            \(errors.field("build_context_dir", label: "Build context", value: "./", hint: "The directory sent to the builder.", attributes: code))
            \(errors.field("build_stage_target", label: "Build stage", hint: "A stage of a multi-stage Dockerfile; empty for the last one.", attributes: code))
            </fieldset>
            <fieldset><legend>Static directory builder</legend>
            \(errors.field("publish_directory", label: "Published directory", value: "./", attributes: code))
            \(errors.select("is_spa", label: "Single-page app", options: [("false", "No: unknown paths answer 404"), ("true", "Yes: unknown paths get the index page")], selected: "false"))
            \(errors.field("index_page", label: "Index page", value: "./index.html", attributes: code))
            \(errors.field("not_found_page", label: "Not-found page", hint: "Shown for unknown paths of a site that is not a single-page app, like <code>./404.html</code>.", attributes: code))
            </fieldset>
            \(errors.field("slug", label: "Slug", hint: "Lowercase letters, digits and dashes. Leave it empty for a generated one.", attributes: code))
            <div class="actions"><a class="button" href="\(base)">Cancel</a><button type="submit" class="primary">Create service</button></div>
            </form>
            </section>
            """)
    }

    static func builderLabel(_ kind: Builder.Kind) -> String {
        switch kind {
        case .dockerfile: "Dockerfile"
        case .staticDirectory: "Static directory (served by Caddy)"
        case .nixpacks: "Nixpacks"
        case .railpack: "Railpack"
        }
    }
}
