import Domain
import Vapor

/// The shared variables tab: every service of the environment receives them. Add, edit, remove.
extension EnvironmentPages {
    func variablesTab(_ request: Request) async throws -> Response {
        try await render(request, .variables) { _, environment, page in
            try await variablesList(request, environment, page, FormErrors())
        }
    }

    func variablesList(
        _ request: Request, _ environment: Domain.Environment, _ page: DashboardRequest, _ errors: FormErrors
    ) async throws -> HTML {
        let action = "\(Self.path(request))/variables"
        let rows: [HTML] = try await variables.list(environment).map { variable in
            let scope = "var-\(variable.id)"
            let form = errors.scoped(scope)
            return """
                <li class="variable">
                \(form.summary)
                <form class="inline" method="post" action="\(action)/\(HTML.segment(variable.id))" id="form-\(scope)">\(page.csrfField)
                <input type="hidden" name="scope" value="\(scope)">
                \(form.field("key", label: "Name", value: variable.key, attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                \(form.field("value", label: "Value", value: variable.value, attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                <button type="submit">Save</button>
                </form>
                <form method="post" action="\(action)/\(HTML.segment(variable.id))/delete">\(page.csrfField)
                <input type="hidden" name="scope" value="\(scope)">
                <button type="submit" class="link danger" aria-label="Remove \(variable.key)">Remove</button></form>
                </li>
                """
        }
        let add = errors.scoped("var-add")
        return """
            \(errors.scoped("").summary)
            <section class="card" aria-labelledby="shared-title">
            <h2 id="shared-title">Shared variables</h2>
            <p class="hint">Every service of this environment receives them at its next deployment; a service's own variable of the same name wins.</p>
            \(rows.isEmpty ? "<p class=\"muted\">No shared variable yet.</p>" : "<ul class=\"variables\">\(rows)</ul>" as HTML)
            <h3>Add a variable</h3>
            \(add.summary)
            <form class="inline" method="post" action="\(action)" id="form-var-add" data-once>\(page.csrfField)
            <input type="hidden" name="scope" value="var-add">
            \(add.field("key", label: "Name", attributes: "autocomplete=\"off\" spellcheck=\"false\" placeholder=\"DATABASE_URL\""))
            \(add.field("value", label: "Value", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
            <button type="submit" class="primary">Add</button>
            </form>
            </section>
            """
    }

    /// `/project/{project}/{env}` of the request.
    static func path(_ request: Request) -> String {
        "/project/\(HTML.segment(request.parameter("slug")))/\(HTML.segment(request.parameter("env_slug")))"
    }

    func addVariable(_ request: Request) async throws -> Response {
        try await changeVariable(request) { environment, reader in
            _ = try await variables.create(
                in: environment, try SharedVariableRequest(reading: &reader, keyRequired: true))
        }
    }

    func updateVariable(_ request: Request) async throws -> Response {
        try await changeVariable(request) { environment, reader in
            let id = request.parameter("id")
            _ = try await variables.find(id: id, in: environment)
            _ = try await variables.update(
                id: id, in: environment, try SharedVariableRequest(reading: &reader, keyRequired: true))
        }
    }

    func deleteVariable(_ request: Request) async throws -> Response {
        try await changeVariable(request) { environment, _ in
            try await variables.delete(id: request.parameter("id"), in: environment)
        }
    }

    /// Runs `change` with the form; a refusal shows the tab again with the errors beside the form's inputs.
    func changeVariable(
        _ request: Request, _ change: (Domain.Environment, inout InputReader) async throws -> Void
    ) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let form = try page.form()
        var reader = InputReader(form.object.filter { $0.key != "scope" })
        let environment = try await environments.environment(request)
        do {
            try await change(environment, &reader)
        } catch let error as DomainError {
            let errors = FormErrors(
                error, scope: form.object["scope"]?.string ?? "", values: ChangeForm.values(form.object)
            ).showing(only: form.object.keys.filter { !FormErrors.hiddenFields.contains($0) })
            return try await render(request, .variables, status: ErrorEnvelope.describe(error).0) {
                _, environment, page in
                try await variablesList(request, environment, page, errors)
            }
        }
        return page.redirect(to: "\(Self.path(request))/variables")
    }
}
