import Domain
import Fluent
import Persistence
import Vapor

/// Wires the application: database, migrations, middleware, routes and background jobs.
/// With `migrate`, pending migrations are applied before the server listens.
public func configure(_ app: Application, _ config: AppConfig, migrate: Bool = true) async throws {
    app.http.server.configuration.hostname = config.http.hostname
    app.http.server.configuration.port = config.http.port
    app.routes.defaultMaxBodySize = "1mb"
    app.logger.logLevel = config.logLevel

    try config.database.register(in: app.databases)
    app.migrations.add(Migrations.all)
    app.migrations.add(LogStoreMigrations.all, to: config.database.logStore)
    if migrate {
        try await config.database.prepare([app.db, app.logStore])
        try await app.autoMigrate()
    }

    let services = ZaneServices(app: app, config: config)
    app.zane = services
    registerRoutes(app, services)
    app.middleware = Middlewares()
    app.middleware.use(
        APIErrorMiddleware(routeMethods: RouteMethodIndex(routes: app.routes), cookies: services.cookies))
    app.middleware.use(AcceptNegotiationMiddleware())
    app.middleware.use(SessionAuthenticationMiddleware(auth: services.auth, csrf: services.csrf))
    app.middleware.use(CacheInvalidationMiddleware(cache: services.responseCache))
    if let runner = services.runner {
        app.lifecycle.use(
            DeploymentEngineStart(
                runner: runner, proxy: services.proxy, httpLogs: services.httpLogCollector,
                runtimeLogs: services.runtimeLogs,
                metrics: services.metricsCollector, logRetention: services.logRetention,
                monitorTickSeconds: config.deployments.monitorTickSeconds,
                proxySuperviseSeconds: config.proxy?.superviseSeconds ?? 5,
                metricsSampleSeconds: config.deployments.metricsSampleSeconds))
    }
    app.lifecycle.use(
        SessionPurgeJob(auth: services.auth, intervalSeconds: config.security.sessionPurgeIntervalSeconds))
}
