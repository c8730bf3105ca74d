import Domain
import Engine
import Fluent
import Persistence
import ServiceLifecycle
import Vapor

/// Wires the application: database, migrations, middleware, routes and background jobs.
/// With `migrate`, pending migrations are applied before the server listens.
/// `runtime` runs the deployments instead of the Docker engine at `config.dockerSocket` (tests give a fake).
public func configure(
    _ app: Application, _ config: AppConfig, migrate: Bool = true, runtime: (any ContainerRuntime)? = nil
) async throws {
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

    let services = ZaneServices(app: app, config: config, runtime: runtime)
    app.zane = services
    registerRoutes(app, services)
    app.middleware = Middlewares()
    app.middleware.use(
        APIErrorMiddleware(routeMethods: RouteMethodIndex(routes: app.routes), cookies: services.cookies))
    app.middleware.use(AcceptNegotiationMiddleware())
    app.middleware.use(
        AuthenticationMiddleware(auth: services.auth, tokens: services.apiTokens, csrf: services.csrf))
    app.middleware.use(CacheInvalidationMiddleware(cache: services.responseCache))
    if let runner = services.runner {
        let engine = DeploymentEngineStart(services: engineServices(runner, services, config, app.logger))
        app.lifecycle.use(engine)
        app.engine = engine
    }
    app.lifecycle.use(
        SessionPurgeJob(auth: services.auth, intervalSeconds: config.security.sessionPurgeIntervalSeconds))
}

/// The engine's background services, the deployments last (a group stops its services last to first).
func engineServices(_ runner: DeploymentRunner, _ services: ZaneServices, _ config: AppConfig, _ logger: Logger)
    -> [any ServiceLifecycle.Service]
{
    var loops: [any ServiceLifecycle.Service] = [
        LoopService("log retention") { [logRetention = services.logRetention] in
            await logRetention.applyForever(everySeconds: 600)
        },
        LoopService("orphan removal") { await runner.removeOrphansForever(everySeconds: 120) },
    ]
    if let httpLogs = services.httpLogCollector {
        loops.append(LoopService("http logs") { await httpLogs.collectForever(everySeconds: 1) })
    }
    if let runtimeLogs = services.runtimeLogs {
        loops.append(LoopService("runtime logs") { await runtimeLogs.collectForever(everySeconds: 1) })
    }
    if let metrics = services.metricsCollector {
        let seconds = config.deployments.metricsSampleSeconds
        loops.append(LoopService("metrics") { await metrics.sampleForever(everySeconds: seconds) })
    }
    if let proxy = services.proxy {
        let tick = config.proxy?.superviseSeconds ?? 5
        loops.append(
            LoopService("proxy supervision") {
                try? await Task.sleep(for: .seconds(tick))
                await proxy.superviseForever(tickSeconds: tick)
            })
    }
    return loops + [
        DeploymentService(
            runner: runner, proxy: services.proxy, monitorTickSeconds: config.deployments.monitorTickSeconds,
            logger: logger)
    ]
}
