import Domain
import Vapor

/// The service forms that act at once: deploy, discard changes, redeploy, cancel, sleep and wake, archive.
/// Each ends with a redirect; a refusal shows the page again with its reason.
extension ServicePages {
    func deploy(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var form = try page.form(optional: ["commit_message"])
        let (service, environment) = try await findService(request)
        do {
            let body =
                service.kind == .gitRepository
                ? try DeployRequest.git(reading: &form) : try DeployRequest(reading: &form)
            let deployment = try await deployments.deploy(service, in: environment, body, trigger: .manual)
            return page.redirect(to: Self.deploymentPath(request, deployment.hash))
        } catch let error as DomainError {
            return try await refused(request, .deployments, error)
        }
    }

    func discardChange(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let (service, _) = try await findService(request)
        do {
            try await changes.cancel(changeID: request.parameter("change_id"), of: service)
            return page.redirect(to: Self.servicePath(request))
        } catch let error as DomainError {
            return try await refused(request, .deployments, error)
        }
    }

    /// Discards every change that can go; one that cannot (the image of a service never deployed) stays, with why.
    func discardAll(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let (service, environment) = try await findService(request)
        var refusal: DomainError?
        for change in try await catalog.details(of: service, in: environment).pendingChanges.reversed() {
            do {
                try await changes.cancel(changeID: change.id, of: service)
            } catch let error as DomainError {
                refusal = error
            }
        }
        if let refusal { return try await refused(request, .deployments, refusal) }
        return page.redirect(to: Self.servicePath(request))
    }

    func redeploy(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let (service, environment) = try await findService(request)
        do {
            // A git deployment's image is reused when still there: a rollback needs no build.
            let hash = request.parameter("deployment_hash")
            let deployment =
                service.kind == .gitRepository
                ? try await deployments.redeployGit(hash, of: service, in: environment, ignoreBuildCache: false)
                : try await deployments.redeploy(hash, of: service, in: environment)
            return page.redirect(to: Self.deploymentPath(request, deployment.hash))
        } catch let error as DomainError {
            return try await refused(request, .deployments, error)
        }
    }

    func cancelDeployment(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let (service, _) = try await findService(request)
        let hash = request.parameter("deployment_hash")
        do {
            _ = try await deployments.cancel(hash, of: service)
            return page.redirect(to: Self.deploymentPath(request, hash))
        } catch let error as DomainError {
            return try await refused(request, .deployments, error)
        }
    }

    /// Sleep (`desired_state=stop`) or wake (`start`).
    func toggle(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var form = try page.form()
        let (service, _) = try await findService(request)
        do {
            let running = try ToggleRequest(reading: &form).desiredState == .start
            try await deployments.toggle(service, running: running)
            return page.redirect(to: "\(Self.servicePath(request))/settings")
        } catch let error as DomainError {
            return try await refused(request, .settings, error)
        }
    }

    /// A git service's push settings and webhook secret (an empty watch paths input clears them).
    func updateAutoDeploy(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let form = try page.form(optional: ["webhook_secret"])
        let (service, environment) = try await findService(request)
        var fields = form.object
        if fields["watch_paths"]?.string?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            fields["watch_paths"] = .null
        }
        var reader = InputReader(fields)
        do {
            _ = try await catalog.update(service, in: environment, try UpdateServiceRequest(reading: &reader))
        } catch let error as DomainError {
            var scoped = fields
            scoped["scope"] = "auto-deploy"
            return try await showRefused(request, .settings, InputReader(scoped), error)
        }
        return page.redirect(to: "\(Self.servicePath(request))/settings#push-webhooks")
    }

    func regenerateDeployToken(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let (service, environment) = try await findService(request)
        _ = try await catalog.regenerateDeployToken(of: service, in: environment)
        return page.redirect(to: "\(Self.servicePath(request))/settings#webhook")
    }

    /// Archiving asks for the service's slug, typed out, so that no stray click removes a service.
    func archive(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let form = try page.form()
        let (service, _) = try await findService(request)
        guard form.object["confirm"]?.string == service.slug else {
            let errors = FormErrors(
                DomainError.invalid("confirm", "Type `\(service.slug)` to confirm."), scope: "archive")
            return try await render(request, .settings, status: .badRequest) { context, page in
                try await settings(context, page, request, errors)
            }
        }
        try await catalog.archive(service)
        return page.redirect(to: EnvironmentPages.path(request))
    }

    /// The tab again, with the reason above its content.
    func refused(_ request: Request, _ tab: ServiceLayout.Tab, _ error: DomainError) async throws -> Response {
        let status = ErrorEnvelope.describe(error).0
        let alert = FormErrors(error).showing(only: [String]())
        return try await render(request, tab, status: status, alert: alert) { context, page in
            switch tab {
            case .deployments: deploymentList(context, page, request)
            case .envVariables: envVariables(context, page, FormErrors())
            default: try await settings(context, page, request, FormErrors())
            }
        }
    }
}
