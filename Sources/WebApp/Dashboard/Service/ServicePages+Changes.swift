import Domain
import Vapor

/// The forms that request changes (settings, env variables, a pasted `.env`): refused ones come back with
/// their errors beside their inputs, and nothing is recorded.
extension ServicePages {
    func requestChange(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let form = try page.form()
        let tab = Self.tab(of: form)
        let (project, environment) = try await environments.projectAndEnvironment(request)
        let service = try await catalog.find(request.parameter("service_slug"), in: environment, of: project)
        var reader = InputReader(ChangeForm.request(from: form.object))
        do {
            let change = try ServiceChangeRequest(
                reading: &reader, schema: changes.schema(project: project, service: service, server: server))
            try await changes.request(change, for: service)
        } catch let error as DomainError {
            return try await showRefused(request, tab, form, error)
        }
        return page.redirect(to: tabPath(request, tab))
    }

    func importEnvFile(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var form = try page.form()
        let (service, _) = try await findService(request)
        do {
            try await changes.importEnvFile(try EnvFileRequest(reading: &form), for: service)
        } catch let error as DomainError {
            return try await showRefused(request, .envVariables, form, error)
        }
        return page.redirect(to: tabPath(request, .envVariables))
    }

    func showRefused(_ request: Request, _ tab: ServiceLayout.Tab, _ form: InputReader, _ error: DomainError)
        async throws -> Response
    {
        let errors = FormErrors(
            error, scope: form.object["scope"]?.string ?? "", values: ChangeForm.values(form.object)
        ).showing(only: form.object.keys.filter { !FormErrors.hiddenFields.contains($0) })
        let status = ErrorEnvelope.describe(error).0
        return try await render(request, tab, status: status) { context, page in
            if tab == .envVariables { return envVariables(context, page, errors) }
            return try await settings(context, page, request, errors)
        }
    }

    func findService(_ request: Request) async throws -> (Service, Domain.Environment) {
        let (project, environment) = try await environments.projectAndEnvironment(request)
        return (try await catalog.find(request.parameter("service_slug"), in: environment, of: project), environment)
    }

    func tabPath(_ request: Request, _ tab: ServiceLayout.Tab) -> String {
        tab == .deployments ? Self.servicePath(request) : "\(Self.servicePath(request))/\(tab.rawValue)"
    }

    /// `/project/{project}/{env}/services/{service}` of the request.
    static func servicePath(_ request: Request) -> String {
        "\(EnvironmentPages.path(request))/services/\(HTML.segment(request.parameter("service_slug")))"
    }

    static func deploymentPath(_ request: Request, _ hash: String) -> String {
        "\(servicePath(request))/deployments/\(HTML.segment(hash))"
    }
}
