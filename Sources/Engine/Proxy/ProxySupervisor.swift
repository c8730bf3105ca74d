import CaddyAdmin
import DockerEngine
import Domain
import Foundation
import Logging

/// Keeps the Caddy proxy running as a Swarm service on the `zane` network (`proxy.md` §1) and its
/// configuration equal to what the database says. A proxy that was removed, or that restarted without its
/// routes, is brought back by `superviseForever`.
public actor ProxySupervisor {
    let settings: ProxySettings
    let docker: DockerEngineClient
    let admin: CaddyAdminClient
    let instance: String
    let logger: Logger
    let table: RouteTable
    /// Deployments whose traffic was switched before they are recorded as production (one per service).
    var switching: [String: Deployment] = [:]
    /// The last queued write: writes run one after the other, each with the table as it is when it runs.
    var lastWrite: Task<Void, Never> = Task {}
    var appUpstream: String?
    var tls: CaddyConfiguration.TLS?
    /// The route list the proxy holds, as last written; nil when unknown.
    var lastRoutes: JSONValue?
    /// Told the addresses of the proxy's container whenever it changes (they are the peers allowed to forward).
    let proxyMoved: @Sendable ([String]) -> Void

    public init(
        settings: ProxySettings, docker: DockerEngineClient, instance: String, logger: Logger, table: RouteTable,
        proxyMoved: @escaping @Sendable ([String]) -> Void = { _ in }
    ) {
        self.settings = settings
        self.docker = docker
        admin = CaddyAdminClient(socketPath: settings.adminSocketPath)
        self.instance = instance
        self.logger = logger
        self.table = table
        self.proxyMoved = proxyMoved
    }

    /// Creates (or updates) the proxy's Swarm service, waits for its admin API, and loads the full configuration.
    public func ensureRunning(waitSeconds: Double = 60) async throws {
        appUpstream = await resolveAppUpstream()
        try FileManager.default.createDirectory(atPath: settings.directory, withIntermediateDirectories: true)
        // The first boot reads this file (TLS comes with the next load, once Caddy's version is known);
        // later boots resume from the configuration Caddy autosaved.
        let boot = CaddyConfiguration.document(
            settings.caddyOptions, routes: try await table.routes(appUpstream: appUpstream), tls: nil)
        try Data(boot.jsonText.utf8).write(
            to: URL(fileURLWithPath: settings.directory + "/caddy.json"), options: .atomic)
        try await docker.createOverlayNetworkIfAbsent(DockerNames.globalNetwork, labels: ["zane.stack": "true"])
        if try await !docker.imageExists(settings.image) {
            do { try await docker.pull(settings.image) } catch {
                throw ProxyError(
                    "the proxy image \(settings.image) is not on this machine and cannot be pulled (\(error)); set ZANE_PROXY_IMAGE"
                )
            }
        }
        let spec = serviceSpec()
        if let existing = try await docker.service(named: spec.name) {
            if Self.differs(existing.spec, from: spec) {
                logger.info("updating the proxy service", metadata: ["image": "\(settings.image)"])
                try await docker.updateService(existing, to: spec)
            }
        } else {
            logger.info("creating the proxy service", metadata: ["image": "\(settings.image)"])
            try await docker.createServiceIfAbsent(spec)
        }
        let started = Date()
        while await !admin.isAnswering() {
            guard Date().timeIntervalSince(started) < waitSeconds else {
                throw ProxyError("the proxy did not answer on \(settings.adminSocketPath) within \(Int(waitSeconds)) s")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let version = await caddyVersion()
        try Self.checkSupported(version, image: settings.image)
        tls = tlsSettings(version: version)
        let routes = try await table.routes(switching: Array(switching.values), appUpstream: appUpstream)
        lastRoutes = nil
        try await admin.load(CaddyConfiguration.document(settings.caddyOptions, routes: routes, tls: tls))
        lastRoutes = CaddyConfiguration.urlRoutes(settings.caddyOptions, routes)
        await reportAddresses()
    }

    /// Reports the running proxy container's addresses: on the networks of its task, and on the bridge
    /// through which it reaches a Zane that runs on the host.
    func reportAddresses() async {
        guard
            let task = try? await docker.tasks(ofService: settings.serviceName).first(where: {
                $0.status.state == "running"
            }),
            let container = task.status.containerStatus?.containerID
        else { return }
        var addresses = (task.networksAttachments ?? []).flatMap { $0.addresses ?? [] }.map {
            String($0.prefix { $0 != "/" })
        }
        if let bridge = try? await docker.containerAddresses(onNetwork: "docker_gwbridge")[container] {
            addresses.append(bridge)
        }
        proxyMoved(addresses)
    }

    /// Where the proxy reaches Zane: as configured, or through the Docker bridge gateway when Zane listens on
    /// every interface of the host.
    func resolveAppUpstream() async -> String? {
        if let configured = settings.appUpstream { return configured }
        guard let port = settings.appPortOnHost, let gateway = try? await docker.gateway(ofNetwork: "docker_gwbridge")
        else { return nil }
        return "\(gateway):\(port)"
    }

    /// On-demand TLS asks Zane which names may get a certificate; Caddy 2.8 moved that setting.
    func tlsSettings(version: [Int]?) -> CaddyConfiguration.TLS? {
        guard settings.servesTLS else { return nil }
        guard let appUpstream else {
            logger.warning(
                "HTTPS is off: the proxy cannot reach Zane to ask which domains may get certificates (set ZANE_APP_UPSTREAM)"
            )
            return nil
        }
        return CaddyConfiguration.TLS(
            askURL: "http://\(appUpstream)/api/_proxy/check-certiticates",
            usesPermissionModule: version.map { !$0.lexicographicallyPrecedes([2, 8]) } ?? true)
    }

    /// `[major, minor]` of the running Caddy, from `caddy version` inside its container.
    func caddyVersion() async -> [Int]? {
        guard let container = await runningContainer(),
            let output = try? await docker.exec(["/usr/bin/caddy", "version"], inContainer: container).output
        else { return nil }
        return Self.version(fromOutput: output)
    }

    static func version(fromOutput output: String) -> [Int]? {
        let digits = output.drop { !$0.isNumber }.prefix { $0.isNumber || $0 == "." }
        let parts = digits.split(separator: ".").compactMap { Int($0) }
        return parts.count >= 2 ? Array(parts.prefix(2)) : nil
    }

    /// The oldest Caddy Zane runs: 2.6 loses its admin socket after reloads (caddyserver/caddy#5568).
    static let minimumVersion = [2, 7]

    /// Refuses a proxy older than `minimumVersion`; an unknown version (no `caddy` at the usual path) is let through.
    static func checkSupported(_ version: [Int]?, image: String) throws {
        guard let version, version.lexicographicallyPrecedes(minimumVersion) else { return }
        throw ProxyError(
            "the proxy image \(image) runs Caddy \(version.map(String.init).joined(separator: ".")), and Zane needs Caddy "
                + "\(minimumVersion.map(String.init).joined(separator: ".")) or newer (older ones lose their admin socket after "
                + "reloads): set ZANE_PROXY_IMAGE to caddy:2 or to an image of a current release (scripts/build-proxy-image.sh builds one)"
        )
    }

    /// Rewrites the route list in one admin call (so a switch from one deployment to the next is atomic),
    /// after the writes queued before it.
    func reloadRoutes() async throws {
        let previous = lastWrite
        let write = Task {
            await previous.value
            try await self.writeRoutes()
        }
        lastWrite = Task { _ = try? await write.value }
        try await write.value
    }

    /// A list equal to the last one written is not sent: every write makes Caddy reload its whole configuration.
    private func writeRoutes() async throws {
        let routes = CaddyConfiguration.urlRoutes(
            settings.caddyOptions, try await table.routes(switching: Array(switching.values), appUpstream: appUpstream))
        guard routes != lastRoutes else { return }
        lastRoutes = nil
        try await admin.replace(id: CaddyConfiguration.urlRootID + "/routes", with: routes)
        lastRoutes = routes
    }

    /// Checks the proxy every `tickSeconds` and restores it (service, then configuration) when it does not answer.
    /// A proxy container that Swarm restarted resumes its autosaved configuration, which may predate a
    /// write it missed: a new container gets the whole table again. The admin API is briefly away while
    /// Caddy applies a configuration, so only a second silent look in a row counts as down.
    public func superviseForever(tickSeconds: Double) async {
        var knownContainer = await runningContainer()
        var silentLooks = 0
        while !Task.isCancelled {
            silentLooks = await admin.isAnswering() ? 0 : silentLooks + 1
            if silentLooks >= 2 {
                silentLooks = 0
                do {
                    try await ensureRunning()
                    logger.info("the proxy was restored")
                } catch {
                    logger.error("the proxy cannot be restored", metadata: ["error": "\(error)"])
                }
            }
            let container = await runningContainer()
            if let container, container != knownContainer {
                lastRoutes = nil
                await refresh()
                await reportAddresses()
                knownContainer = container
            }
            try? await Task.sleep(for: .seconds(tickSeconds))
        }
    }

    func runningContainer() async -> String? {
        try? await docker.tasks(ofService: settings.serviceName).first { $0.status.state == "running" }?.status
            .containerStatus?.containerID
    }

    func serviceSpec() -> SwarmServiceSpec {
        let directory = ProxySettings.containerDirectory
        var container = SwarmServiceSpec.ContainerSpec(
            image: settings.image,
            command: ["/usr/bin/caddy", "run", "--resume", "--config", "\(directory)/caddy.json"],
            env: ["XDG_CONFIG_HOME=\(directory)/config", "XDG_DATA_HOME=\(directory)/data"],
            mounts: [.bind(settings.directory, at: directory, readOnly: false)], configs: [])
        container.stopGracePeriod = 10_000_000_000
        var ports = [SwarmServiceSpec.EndpointSpec.Port(published: settings.httpPort, target: 80)]
        if let https = settings.httpsPort { ports.append(.init(published: https, target: 443)) }
        // Not labelled `zane-managed`: orphan removal never sees it.
        return SwarmServiceSpec(
            name: settings.serviceName,
            labels: ["zane-proxy": "true", "zane-instance": instance],
            taskTemplate: .init(
                containerSpec: container, resources: nil,
                networks: [.init(target: DockerNames.globalNetwork, aliases: ["zane.proxy"])]),
            replicas: 1, endpointSpec: .init(ports: ports))
    }

    /// Whether the running service must be updated: another image, command or published ports.
    /// (The engine leaves default values out of an inspect: a mount's `readOnly: false` comes back absent.)
    static func differs(_ running: SwarmServiceSpec, from wanted: SwarmServiceSpec) -> Bool {
        func mounts(_ spec: SwarmServiceSpec) -> [String] {
            (spec.taskTemplate.containerSpec.mounts ?? []).map {
                "\($0.type) \($0.source) \($0.target) \($0.readOnly ?? false)"
            }
        }
        let runningImage = running.taskTemplate.containerSpec.image.split(separator: "@").first.map(String.init)
        return runningImage != wanted.taskTemplate.containerSpec.image
            || running.taskTemplate.containerSpec.command != wanted.taskTemplate.containerSpec.command
            || mounts(running) != mounts(wanted)
            || running.endpointSpec?.ports != wanted.endpointSpec?.ports
    }
}

extension ProxySupervisor: TrafficRouter {
    public func switchTraffic(to deployment: Deployment) async throws {
        switching[deployment.serviceID] = deployment
        do { try await reloadRoutes() } catch {
            switching[deployment.serviceID] = nil
            throw error
        }
    }

    public func settle(serviceID: String) async {
        switching[serviceID] = nil
        await refresh()
    }

    public func refresh() async {
        do { try await reloadRoutes() } catch {
            logger.error("the proxy's routes could not be written", metadata: ["error": "\(error)"])
        }
    }
}
