import Domain
import Vapor

/// The dashboard's pages, at ZaneOps's dashboard URLs, on the same sessions, CSRF rules and services as the API.
func registerDashboard(_ app: Application, _ services: ZaneServices, auth: AuthController) {
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

    let settings = SettingsPage(auth: services.auth, cookies: cookies)
    signedIn.get("settings", use: settings.show)
    signedIn.post("settings", "profile", use: settings.updateProfile)
    signedIn.post("settings", "password", use: settings.changePassword)

    let environmentsController = EnvironmentsController(
        projects: services.projects, environments: services.environments, deployments: services.deployments)
    let environment = EnvironmentPage(
        environments: environmentsController, projects: services.projects, services: services.services, cookies: cookies
    )
    signedIn.get("project", ":slug", ":env_slug", use: environment.show)
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
