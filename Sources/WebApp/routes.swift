import Domain
import Vapor

/// Every API route. Vapor ignores empty path components, so each route answers with and without a trailing slash.
func registerRoutes(_ app: Application, _ services: ZaneServices) {
    let api = app.grouped("api")
    let config = services.config
    let anonymous = AnonymousThrottleMiddleware(
        scope: "anon", limit: config.limits.anonymous, limiter: services.limiter)
    let registration = AnonymousThrottleMiddleware(
        scope: "initial_registration", limit: config.limits.initialRegistration, limiter: services.limiter)
    let auth = AuthController(
        auth: services.auth, cookies: services.cookies, limiter: services.limiter,
        failedLogins: config.limits.failedLogins)

    api.grouped(anonymous).get("ping") { _ in JSONResponse.make(JSONObject(["ping": "pong"])) }
    api.grouped(anonymous).get("csrf", use: auth.csrf)
    api.grouped(anonymous).get("schema", use: SchemaController().schema)
    api.grouped(anonymous).post("auth", "login", use: auth.login)
    api.grouped(registration).get("auth", "check-user-existence", use: auth.checkUserExistence)
    var everyoneRegistration = registration
    everyoneRegistration.countsUsers = true
    api.grouped(everyoneRegistration).post("auth", "create-initial-user", use: auth.createInitialUser)

    // Asked by the proxy before it requests a certificate (`proxy.md` §5; the path's spelling is the original's).
    let certificates = services.certificates
    var proxyAsks = anonymous
    proxyAsks.exemptsTrustedProxies = true
    api.grouped(proxyAsks).get("_proxy", "check-certiticates") { request async throws -> Response in
        try await certificates.check(request.query[String.self, at: "domain"])
        return JSONResponse.make(JSONObject(["validated": true]))
    }

    var webhook = AnonymousThrottleMiddleware(
        scope: "deploy_webhook", limit: config.limits.deployWebhook, limiter: services.limiter)
    webhook.countsUsers = true

    let guest = api.grouped(RequireRoleMiddleware(minimumRole: .guest))
    let member = api.grouped(RequireRoleMiddleware(minimumRole: .member))
    let admin = api.grouped(RequireRoleMiddleware(minimumRole: .admin))
    // Deploying (and following the deployment): the routes a `DEPLOY` token may use.
    let deployer = api.grouped(RequireRoleMiddleware(minimumRole: .member, tokens: .includingDeploy))
    let signedIn = api.grouped(RequireSessionMiddleware())
    signedIn.delete("auth", "logout", use: auth.logout)
    api.grouped(RequireSessionMiddleware(tokens: .includingDeploy)).get("auth", "me", use: auth.me)
    signedIn.post("auth", "change-password", use: auth.changePassword)
    signedIn.patch("auth", "update-profile", use: auth.updateProfile)
    let tokens = APITokensController(tokens: services.apiTokens)
    signedIn.get("auth", "tokens", use: tokens.list)
    signedIn.post("auth", "tokens", use: tokens.create)
    signedIn.delete("auth", "tokens", ":token_id", use: tokens.revoke)

    let projects = ProjectsController(projects: services.projects)
    guest.get("projects", use: projects.list)
    admin.post("projects", use: projects.create)
    guest.get("projects", ":slug", use: projects.details)
    admin.put("projects", ":slug", use: projects.update)
    admin.delete("projects", ":slug", use: projects.archive)

    let environments = EnvironmentsController(
        projects: services.projects, environments: services.environments, deployments: services.deployments)
    admin.post("projects", ":slug", "create-environment", use: environments.create)
    admin.post("projects", ":slug", "clone-environment", ":env_slug", use: environments.clone)
    member.get("projects", ":slug", "environment-details", ":env_slug", use: environments.details)
    admin.patch("projects", ":slug", "environment-details", ":env_slug", use: environments.rename)
    admin.delete("projects", ":slug", "environment-details", ":env_slug", use: environments.delete)

    let serviceRoutes = ServicesController(
        environments: environments, services: services.services, changes: services.changes, server: services.server,
        cache: services.responseCache)
    guest.get("projects", ":slug", ":env_slug", "service-list", use: serviceRoutes.list)
    member.post("projects", ":slug", ":env_slug", "create-service", "docker", use: serviceRoutes.createDocker)
    member.post("projects", ":slug", ":env_slug", "create-service", "git", use: serviceRoutes.createGit)
    guest.get("projects", ":slug", ":env_slug", "service-details", ":service_slug", use: serviceRoutes.details)
    member.patch("projects", ":slug", ":env_slug", "service-details", ":service_slug", use: serviceRoutes.update)
    member.patch(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "regenerate-deploy-token",
        use: serviceRoutes.regenerateDeployToken)
    admin.delete(
        "projects", ":slug", ":env_slug", "archive-service", "docker", ":service_slug",
        use: serviceRoutes.archiveDocker)
    admin.delete(
        "projects", ":slug", ":env_slug", "archive-service", "git", ":service_slug", use: serviceRoutes.archiveGit)
    member.get(
        "projects", ":slug", ":env_slug", ":service_slug", "available-volumes", use: serviceRoutes.availableVolumes)
    member.put(
        "projects", ":slug", ":env_slug", "request-service-changes", ":service_slug", use: serviceRoutes.requestChange)
    let deploymentRoutes = DeploymentsController(
        services: serviceRoutes, deployments: services.deployments, changes: services.changes, images: services.images)
    let logRoutes = DeploymentLogsController(
        services: serviceRoutes, deployments: services.deployments, logs: services.logs, auth: services.auth,
        tokens: services.apiTokens, streamSlots: services.streamSlots,
        streamSessionCheckSeconds: config.security.streamSessionCheckSeconds)
    deployer.put(
        "projects", ":slug", ":env_slug", "deploy-service", "docker", ":service_slug", use: deploymentRoutes.deploy)
    api.grouped(webhook).put("deploy-service", "docker", ":deploy_token", use: deploymentRoutes.deployByToken)
    deployer.put(
        "projects", ":slug", ":env_slug", "deploy-service", "git", ":service_slug", use: deploymentRoutes.deployGit)
    api.grouped(webhook).put("deploy-service", "git", ":deploy_token", use: deploymentRoutes.deployGitByToken)
    let gitWebhooks = GitWebhooksController(deployments: services.deployments)
    api.grouped(webhook).on(
        .POST, "connectors", "github", "webhook", body: .collect(maxSize: GitWebhooksController.maximumBodySize),
        use: gitWebhooks.github)
    api.grouped(webhook).on(
        .POST, "connectors", "gitlab", "webhook", body: .collect(maxSize: GitWebhooksController.maximumBodySize),
        use: gitWebhooks.gitlab)
    deployer.put(
        "projects", ":slug", ":env_slug", "redeploy-service", "git", ":service_slug", ":deployment_hash",
        use: deploymentRoutes.redeployGit)
    member.put(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "cleanup-deployment-queue",
        use: deploymentRoutes.cleanUpQueue)
    member.put("projects", ":slug", ":env_slug", "toggle-service", ":service_slug", use: deploymentRoutes.toggle)
    deployer.put(
        "projects", ":slug", ":env_slug", "redeploy-service", "docker", ":service_slug", ":deployment_hash",
        use: deploymentRoutes.redeploy)
    member.put("projects", ":slug", ":env_slug", "bulk-toggle-services", use: deploymentRoutes.bulkToggle)
    member.put("projects", ":slug", ":env_slug", "bulk-deploy-services", use: deploymentRoutes.bulkDeploy)
    member.get(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "deployments", use: deploymentRoutes.list)
    deployer.get(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "deployments", ":deployment_hash",
        use: deploymentRoutes.details)
    deployer.put(
        "projects", ":slug", ":env_slug", "cancel-deployment", ":service_slug", ":deployment_hash",
        use: deploymentRoutes.cancel)
    member.get(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "deployments", ":deployment_hash",
        "build-logs",
        use: logRoutes.buildLogs)
    member.get(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "deployments", ":deployment_hash",
        "runtime-logs",
        use: logRoutes.runtimeLogs)
    member.get(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "deployments", ":deployment_hash",
        "runtime-logs", "with-context",
        ":time", use: logRoutes.runtimeLogsWithContext)
    member.get(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "deployments", ":deployment_hash",
        "runtime-logs", "stream",
        use: logRoutes.runtimeLogStream)
    member.get(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "deployments", ":deployment_hash",
        "build-logs", "stream",
        use: logRoutes.buildLogStream)
    let metricRoutes = MetricsController(
        services: serviceRoutes, deployments: services.deployments, metrics: services.metrics)
    member.get(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "metrics",
        use: metricRoutes.serviceMetrics)
    member.get(
        "projects", ":slug", ":env_slug", "service-details", ":service_slug", "deployments", ":deployment_hash",
        "metrics",
        use: metricRoutes.deploymentMetrics)
    member.put(
        "projects", ":slug", ":env_slug", "request-env-changes", ":service_slug", use: serviceRoutes.requestEnvChanges)
    member.delete(
        "projects", ":slug", ":env_slug", "cancel-service-changes", ":service_slug", ":change_id",
        use: serviceRoutes.cancelChange)

    let instance = InstanceController(
        config: config, server: services.server, search: services.search, recent: services.recentDeployments)
    guest.get("settings", use: instance.settings)
    member.get("server", "resource-limits", use: instance.resourceLimits)
    guest.get("search-resources", use: instance.searchResources)
    member.get("recent-deployments", use: instance.recentDeployments)

    let httpLogs = HTTPLogsController(logs: services.httpLogs)
    member.get("http-logs", use: httpLogs.list)
    guest.get("http-logs", "fields", use: httpLogs.fields)
    member.get("http-logs", ":request_uuid", use: httpLogs.details)

    let variables = SharedVariablesController(environments: environments, variables: services.variables)
    member.get("projects", ":slug", ":env_slug", "variables", use: variables.list)
    admin.post("projects", ":slug", ":env_slug", "variables", use: variables.create)
    member.get("projects", ":slug", ":env_slug", "variables", ":id", use: variables.details)
    admin.put("projects", ":slug", ":env_slug", "variables", ":id", use: variables.update)
    admin.patch("projects", ":slug", ":env_slug", "variables", ":id", use: variables.update)
    admin.delete("projects", ":slug", ":env_slug", "variables", ":id", use: variables.delete)

    registerDashboard(app, services, auth: auth, environments: environments)
}
