import Domain
import Vapor

/// The environment settings tab: a new environment, a copy of this one, a new name, deletion.
extension EnvironmentPages {
    func settingsTab(_ request: Request) async throws -> Response {
        try await render(request, .settings) { project, environment, page in
            settings(project, environment, page, FormErrors())
        }
    }

    func settings(
        _ project: Project, _ environment: Domain.Environment, _ page: DashboardRequest, _ errors: FormErrors
    ) -> HTML {
        let path = "/project/\(HTML.segment(project.slug))/\(HTML.segment(environment.name))"
        let create = errors.scoped("create")
        let clone = errors.scoped("clone")
        let rename = errors.scoped("rename")
        let delete = errors.scoped("delete")
        let fixed = environment.isProduction
        return """
            <div class="settings">
            <section class="card" id="create" aria-labelledby="create-title"><h2 id="create-title">New environment</h2>
            <p class="hint">An empty environment of this project, for staging or previews.</p>
            \(create.summary)
            <form method="post" action="\(path)/create-environment" data-once>\(page.csrfField)
            \(create.field("name", label: "Name", attributes: "autocomplete=\"off\" spellcheck=\"false\" placeholder=\"staging\""))
            <div class="actions"><button type="submit" class="primary">Create environment</button></div></form>
            </section>
            <section class="card" id="clone" aria-labelledby="clone-title"><h2 id="clone-title">Copy this environment</h2>
            <p class="hint">Its shared variables and its services with their settings, as pending changes.</p>
            \(clone.summary)
            <form method="post" action="\(path)/clone" data-once>\(page.csrfField)
            \(clone.field("name", label: "Name of the copy", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
            \(clone.select("deploy_after_clone", label: "Deploy the copied services", options: [("false", "No, review them first"), ("true", "Yes, at once")], selected: "false"))
            <div class="actions"><button type="submit">Copy environment</button></div></form>
            </section>
            \(fixed ? .empty : """
                <section class="card" id="rename" aria-labelledby="rename-title"><h2 id="rename-title">Rename</h2>
                \(rename.summary)
                <form method="post" action="\(path)/rename">\(page.csrfField)
                \(rename.field("name", label: "New name", value: environment.name, attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                <div class="actions"><button type="submit">Rename</button></div></form>
                </section>
                <section class="card danger-zone" id="delete" aria-labelledby="delete-title"><h2 id="delete-title">Danger zone</h2>
                <p class="hint">Deleting the environment archives its services and their deployments.</p>
                \(delete.summary)
                <form method="post" action="\(path)/delete">\(page.csrfField)
                \(delete.field("confirm", label: "Type the environment’s name to confirm", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                <div class="actions"><button type="submit" class="danger">Delete \(environment.name)</button></div></form>
                </section>
                """)
            </div>
            """
    }

    func createEnvironment(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var form = try page.form()
        let project = try await environments.project(request)
        return try await settingsAction(request, page, scope: "create", form) {
            let created = try await environments.environments.create(
                in: project, name: try EnvironmentNameRequest(reading: &form).name)
            return "/project/\(HTML.segment(project.slug))/\(HTML.segment(created.name))"
        }
    }

    func cloneEnvironment(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var form = try page.form()
        let (project, source) = try await environments.projectAndEnvironment(request)
        return try await settingsAction(request, page, scope: "clone", form) {
            let (copy, _) = try await environments.clone(
                source, in: project, try CloneEnvironmentRequest(reading: &form))
            return "/project/\(HTML.segment(project.slug))/\(HTML.segment(copy.name))"
        }
    }

    func renameEnvironment(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var form = try page.form()
        let (project, environment) = try await environments.projectAndEnvironment(request)
        return try await settingsAction(request, page, scope: "rename", form) {
            try environments.environments.checkRenamable(environment)
            let renamed = try await environments.environments.rename(
                environment, in: project, to: try EnvironmentNameRequest(reading: &form).name)
            return "/project/\(HTML.segment(project.slug))/\(HTML.segment(renamed.name))/settings"
        }
    }

    /// Deleting asks for the environment's name, typed out.
    func deleteEnvironment(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let form = try page.form()
        let (project, environment) = try await environments.projectAndEnvironment(request)
        return try await settingsAction(request, page, scope: "delete", form) {
            guard form.object["confirm"]?.string == environment.name else {
                throw DomainError.invalid("confirm", "Type `\(environment.name)` to confirm.")
            }
            try await environments.environments.delete(environment, in: project)
            return "/project/\(HTML.segment(project.slug))/production"
        }
    }

    /// Runs `action`, then goes where it says; a refusal shows the settings again with its errors.
    func settingsAction(
        _ request: Request, _ page: DashboardRequest, scope: String, _ form: InputReader,
        _ action: () async throws -> String
    ) async throws -> Response {
        do {
            return page.redirect(to: try await action())
        } catch let error as DomainError {
            let errors = FormErrors(
                error, scope: scope, values: ChangeForm.values(form.object), conflictField: "name"
            ).showing(only: form.object.keys.filter { !FormErrors.hiddenFields.contains($0) })
            return try await render(request, .settings, status: ErrorEnvelope.describe(error).0) {
                project, environment, page in settings(project, environment, page, errors)
            }
        }
    }
}
