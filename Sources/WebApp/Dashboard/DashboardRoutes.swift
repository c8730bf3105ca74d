import Domain
import Vapor

/// The dashboard's pages, at ZaneOps's dashboard URLs, on the same sessions, CSRF rules and services as the API.
func registerDashboard(
    _ app: Application, _ services: ZaneServices, auth: AuthController,
    environments environmentsController: EnvironmentsController
) {
    let cookies = services.cookies
    let forms = app.grouped(DashboardCSRFMiddleware(csrf: services.csrf))
    let authPages = AuthPages(api: auth, cookies: cookies)
    let assets = StaticAssets()
    app.get("static", ":file", use: assets.serve)

    forms.get("login", use: authPages.loginForm)
    forms.post("login", use: authPages.submitLogin)
    forms.get("onboarding", use: authPages.onboardingForm)
    forms.post("onboarding", use: authPages.submitOnboarding)
    forms.post("logout", use: authPages.logout)

    let signedIn = forms.grouped(RequireRoleMiddleware(minimumRole: .guest))
    let admin = forms.grouped(RequireRoleMiddleware(minimumRole: .admin))
    let projects = ProjectPages(projects: services.projects, recent: services.recentDeployments, cookies: cookies)
    signedIn.get(use: projects.list)
    admin.get("create-project", use: projects.createForm)
    admin.post("create-project", use: projects.create)

    signedIn.get("search", use: SearchPage(search: services.search, cookies: cookies).show)

    let settings = SettingsPage(auth: services.auth, cookies: cookies)
    signedIn.get("settings", use: settings.show)
    signedIn.post("settings", "profile", use: settings.updateProfile)
    signedIn.post("settings", "password", use: settings.changePassword)
    let tokens = APITokensPage(tokens: services.apiTokens, cookies: cookies)
    signedIn.get("settings", "tokens", use: tokens.show)
    signedIn.post("settings", "tokens", use: tokens.create)
    signedIn.post("settings", "tokens", ":token_id", "revoke", use: tokens.revoke)

    let member = forms.grouped(RequireRoleMiddleware(minimumRole: .member))
    registerEnvironmentPages(
        services, environments: environmentsController, signedIn: signedIn, member: member, admin: admin)

    let creation = CreateServicePage(environments: environmentsController, catalog: services.services, cookies: cookies)
    member.get("project", ":slug", ":env_slug", "create-service", use: creation.form)
    member.post("project", ":slug", ":env_slug", "create-service", use: creation.create)
    let gitCreation = CreateGitServicePage(
        environments: environmentsController, catalog: services.services, cookies: cookies)
    member.get("project", ":slug", ":env_slug", "create-service", "git", use: gitCreation.form)
    member.post("project", ":slug", ":env_slug", "create-service", "git", use: gitCreation.create)
    registerServicePages(services, environments: environmentsController, member: member, admin: admin)
    registerDeploymentPages(services, environments: environmentsController, member: member)
}

func registerEnvironmentPages(
    _ services: ZaneServices, environments: EnvironmentsController, signedIn: any RoutesBuilder,
    member: any RoutesBuilder, admin: any RoutesBuilder
) {
    let pages = EnvironmentPages(
        environments: environments, projects: services.projects, services: services.services,
        variables: services.variables, pageCache: PageCache(cache: services.responseCache), cookies: services.cookies)
    signedIn.get("project", ":slug", ":env_slug", use: pages.show)
    signedIn.get("project", ":slug", ":env_slug", "settings", use: pages.settingsTab)
    member.get("project", ":slug", ":env_slug", "variables", use: pages.variablesTab)
    let environment = admin.grouped("project", ":slug", ":env_slug")
    environment.post("create-environment", use: pages.createEnvironment)
    environment.post("clone", use: pages.cloneEnvironment)
    environment.post("rename", use: pages.renameEnvironment)
    environment.post("delete", use: pages.deleteEnvironment)
    environment.post("variables", use: pages.addVariable)
    environment.post("variables", ":id", use: pages.updateVariable)
    environment.post("variables", ":id", "delete", use: pages.deleteVariable)
}

func registerServicePages(
    _ services: ZaneServices, environments: EnvironmentsController, member: any RoutesBuilder,
    admin: any RoutesBuilder
) {
    let pages = ServicePages(
        environments: environments, catalog: services.services, changes: services.changes,
        deployments: services.deployments, server: services.server, httpLogs: services.httpLogs,
        metrics: services.metrics, pageCache: PageCache(cache: services.responseCache), cookies: services.cookies)
    let service = member.grouped("project", ":slug", ":env_slug", "services", ":service_slug")
    service.get(use: pages.deploymentsTab)
    service.get("env-variables", use: pages.envVariablesTab)
    service.get("settings", use: pages.settingsTab)
    service.get("http-logs", use: pages.httpLogsTab)
    service.get("metrics", use: pages.metricsTab)
    service.post("deploy", use: pages.deploy)
    service.post("changes", use: pages.requestChange)
    service.post("env-file", use: pages.importEnvFile)
    service.post("changes", "discard-all", use: pages.discardAll)
    service.post("changes", ":change_id", "discard", use: pages.discardChange)
    service.post("deployments", ":deployment_hash", "redeploy", use: pages.redeploy)
    service.post("deployments", ":deployment_hash", "cancel", use: pages.cancelDeployment)
    service.post("toggle", use: pages.toggle)
    service.post("regenerate-deploy-token", use: pages.regenerateDeployToken)
    service.post("auto-deploy", use: pages.updateAutoDeploy)
    admin.post("project", ":slug", ":env_slug", "services", ":service_slug", "archive", use: pages.archive)
}

func registerDeploymentPages(_ services: ZaneServices, environments: EnvironmentsController, member: any RoutesBuilder)
{
    let pages = DeploymentPages(
        environments: environments, catalog: services.services, deployments: services.deployments,
        logs: services.logs, httpLogs: services.httpLogs, metrics: services.metrics, cookies: services.cookies)
    let deployment = member.grouped(
        "project", ":slug", ":env_slug", "services", ":service_slug", "deployments", ":deployment_hash")
    deployment.get(use: pages.buildLog)
    deployment.get("runtime-logs", use: pages.runtimeLogs)
    deployment.get("http-logs", use: pages.httpLogsTab)
    deployment.get("metrics", use: pages.metricsTab)
    deployment.get("details", use: pages.details)
}

/// Every form post of the dashboard passes the CSRF check, signed in or not (the API checks only sessions,
/// as Django REST framework does; a sign-in form is a target too).
struct DashboardCSRFMiddleware: AsyncMiddleware {
    let csrf: CSRFCheck

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if !CSRFCheck.safeMethods.contains(request.method), request.authContext == nil { try csrf.verify(request) }
        return try await next.respond(to: request)
    }
}
