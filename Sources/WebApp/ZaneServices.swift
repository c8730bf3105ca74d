import DockerEngine
import Domain
import Engine
import Fluent
import Persistence
import Vapor

/// The composition root's products: one instance of each service, wired to its collaborators.
struct ZaneServices: Sendable {
    let config: AppConfig
    let auth: AuthService
    let apiTokens: APITokens
    let projects: ProjectService
    let environments: EnvironmentService
    let variables: SharedVariableService
    let services: ServiceCatalog
    let changes: ServiceChanges
    let deployments: Deployments
    let images: any ImageAvailability
    let logs: any DeploymentLogRepository
    let httpLogs: any HTTPLogRepository
    let metrics: any MetricsRepository
    let certificates: CertificatePermission
    /// Stores what deployment containers print; nil without an engine.
    let runtimeLogs: RuntimeLogCollector?
    /// Keeps the log store within its retention.
    let logRetention: LogRetention
    /// Samples the resource use of running deployments; nil without an engine.
    let metricsCollector: MetricsCollector?
    /// Stores the proxy's access log as HTTP logs; nil without a proxy.
    let httpLogCollector: HTTPLogCollector?
    /// Runs deployments on the Docker engine; nil without one (deployments then stay queued).
    let runner: DeploymentRunner?
    /// Keeps the Caddy proxy running; nil without an engine or with the proxy turned off.
    let proxy: ProxySupervisor?
    let server: ServerResources
    let responseCache: ResponseCache
    let search: any SearchRepository
    let recentDeployments: any RecentDeploymentsRepository
    let cookies: CookieWriter
    let limiter: RateLimiter
    let trustedProxies: TrustedProxies
    let streamSlots = StreamSlots()
    let csrf: CSRFCheck

    init(app: Application, config: AppConfig, runtime: (any ContainerRuntime)? = nil) {
        let database = app.unloggedDatabase()
        self.config = config
        let responseCache = ResponseCache()
        self.responseCache = responseCache
        auth = AuthService(
            accounts: FluentAccountRepository(database: database),
            sessions: FluentSessionRepository(database: database),
            hasher: BcryptPasswordHasher(cost: config.security.passwordHashCost, threadPool: app.threadPool),
            digester: HMACDigester(secret: config.security.secretKey),
            cache: SessionCache(ttlSeconds: config.security.sessionCacheSeconds))
        let sealer = AESGCMSecretSealer(secret: config.security.secretKey)
        let environmentRepository = FluentEnvironmentRepository(database: database, sealer: sealer)
        let serviceRepository = FluentServiceRepository(database: database, sealer: sealer)
        apiTokens = APITokens(
            tokens: FluentAPITokenRepository(database: database), accounts: FluentAccountRepository(database: database),
            projects: FluentProjectRepository(database: database), environments: environmentRepository,
            services: serviceRepository,
            digester: HMACDigester(secret: config.security.secretKey + Array(":api-tokens".utf8)),
            cache: APITokenCache(ttlSeconds: config.security.sessionCacheSeconds))
        let logRepository = SQLDeploymentLogRepository(database: app.unloggedDatabase(.logs))
        logs = logRepository
        let instance = String(sealer.lookupDigest("zane-instance").prefix(16))
        let proxySettings = config.proxy.flatMap { proxy in
            config.dockerSocket.map { _ in
                ProxySettings(
                    serviceName: proxy.serviceName, image: proxy.image, httpPort: proxy.httpPort,
                    httpsPort: proxy.httpsPort,
                    directory: proxy.directory, httpURL: proxy.url,
                    probeSecret: sealer.lookupDigest("zane-proxy-probe"),
                    appUpstream: proxy.appUpstream,
                    appPortOnHost: ["0.0.0.0", "::"].contains(config.http.hostname) ? config.http.port : nil)
            }
        }
        // One client for the whole process: it holds no state but the socket's path and the shared HTTP client.
        let docker = config.dockerSocket.map { DockerEngineClient(socketPath: $0) }
        let trustedProxies = TrustedProxies(configured: config.security.trustedProxies)
        self.trustedProxies = trustedProxies
        let supervisor = proxySettings.flatMap { settings in
            docker.map { docker in
                ProxySupervisor(
                    settings: settings, docker: docker, instance: instance,
                    logger: Logger(label: "proxy"),
                    table: RouteTable(services: serviceRepository, appDomain: config.appDomain),
                    proxyMoved: trustedProxies.proxyMoved)
            }
        }
        proxy = supervisor
        certificates = CertificatePermission(services: serviceRepository, appDomain: config.appDomain)
        let httpLogRepository = SQLHTTPLogRepository(database: database)
        httpLogs = httpLogRepository
        httpLogCollector = proxySettings.map { settings in
            HTTPLogCollector(
                proxyDirectory: settings.directory, repository: httpLogRepository,
                deployments: serviceRepository.deployments(),
                retentionDays: config.httpLogRetentionDays, logger: Logger(label: "http-logs"))
        }
        let engine = (runtime ?? docker).map {
            DeploymentRunner(
                docker: $0, services: serviceRepository,
                environments: environmentRepository, logs: logRepository,
                instance: instance, logger: Logger(label: "engine"), limit: config.deployments.maxConcurrent,
                timing: DeploymentTiming(
                    healthPollSeconds: config.deployments.healthPollSeconds,
                    drainSeconds: config.proxy?.drainSeconds ?? 0),
                proxy: supervisor,
                builds: BuildSettings(
                    directory: FileManager.default.temporaryDirectory.appendingPathComponent("zane-builds-\(instance)")
                        .path,
                    staticSiteBaseImage: config.proxy?.image ?? AppConfig.Proxy().image),
                didWrite: { [responseCache] in responseCache.invalidate() })
        }
        runner = engine
        runtimeLogs = docker.map {
            RuntimeLogCollector(
                docker: $0, logs: logRepository, instance: instance,
                retentionDays: config.runtimeLogRetentionDays,
                logger: Logger(label: "runtime-logs"))
        }
        logRetention = LogRetention(
            logs: logRepository, services: serviceRepository, retentionDays: config.runtimeLogRetentionDays,
            maxBytes: Int64(config.runtimeLogMaxMegabytes) * 1_048_576, logger: Logger(label: "log-retention"))
        let metricsRepository = SQLMetricsRepository(database: database)
        metrics = metricsRepository
        metricsCollector = docker.map {
            MetricsCollector(
                docker: $0, deployments: serviceRepository.deployments(),
                metrics: metricsRepository,
                instance: instance, retentionDays: config.metricsRetentionDays, logger: Logger(label: "metrics"))
        }
        let orphans: any OrphanRemoval = engine ?? NoEngineQueue(logger: app.logger)
        projects = ProjectService(projects: FluentProjectRepository(database: database), orphans: orphans)
        let images: any ImageAvailability =
            docker.map { DockerImageAvailability(docker: $0, logger: app.logger) } ?? AnyWellFormedImage()
        self.images = images
        let git = GitServiceChecks(
            remote: GitRemoteCLI(), allowedHosts: config.gitAllowedHosts, isInstalled: ExecutableSearch.isInstalled)
        services = ServiceCatalog(
            services: serviceRepository, environments: environmentRepository, images: images,
            rootDomain: config.rootDomain, git: git, orphans: orphans)
        changes = ServiceChanges(
            services: serviceRepository, images: images, ports: HostPortAvailability(),
            domains: InstanceDomains(appDomain: config.appDomain, rootDomain: config.rootDomain), git: git,
            didWrite: { [responseCache] in responseCache.invalidate() })
        deployments = Deployments(
            services: serviceRepository, environments: environmentRepository,
            queue: engine ?? NoEngineQueue(logger: app.logger),
            didWrite: { [responseCache] in responseCache.invalidate() })
        server = ServerResources(
            cpus: ProcessInfo.processInfo.processorCount,
            memoryBytes: Int64(clamping: ProcessInfo.processInfo.physicalMemory))
        environments = EnvironmentService(environments: environmentRepository, services: services)
        search = SQLSearchRepository(database: database)
        recentDeployments = SQLRecentDeploymentsRepository(database: database)
        variables = SharedVariableService(environments: environmentRepository)
        cookies = CookieWriter(domain: config.security.sessionCookieDomain, secure: config.security.secureCookies)
        limiter = RateLimiter()
        let developmentOrigins =
            config.security.trustsDevelopmentOrigins
            ? ["http://localhost:5173", "http://localhost:5678", "http://localhost:10088"] : []
        csrf = CSRFCheck(
            trustedOrigins: ["http://\(config.appDomain)", "https://\(config.appDomain)"] + developmentOrigins
                + config.security.trustedOrigins,
            isHTTPS: false)
    }
}
