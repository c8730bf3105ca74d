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
    /// Every service route, in order, as the database describes them.
    let routes: @Sendable () async throws -> [JSONValue]

    public init(
        settings: ProxySettings, docker: DockerEngineClient, instance: String, logger: Logger,
        routes: @escaping @Sendable () async throws -> [JSONValue] = { [] }
    ) {
        self.settings = settings
        self.docker = docker
        admin = CaddyAdminClient(socketPath: settings.adminSocketPath)
        self.instance = instance
        self.logger = logger
        self.routes = routes
    }

    /// Creates (or updates) the proxy's Swarm service, waits for its admin API, and loads the full configuration.
    public func ensureRunning(waitSeconds: Double = 60) async throws {
        let document = ProxyConfiguration.document(settings, routes: try await routes())
        try FileManager.default.createDirectory(atPath: settings.directory, withIntermediateDirectories: true)
        // The first boot reads this file; later boots resume from the configuration Caddy autosaved.
        try Data(document.jsonText.utf8).write(to: URL(fileURLWithPath: settings.directory + "/caddy.json"), options: .atomic)
        try await docker.createOverlayNetworkIfAbsent(DockerNames.globalNetwork, labels: ["zane.stack": "true"])
        if try await !docker.imageExists(settings.image) {
            do { try await docker.pull(settings.image) } catch {
                throw ProbeError("the proxy image \(settings.image) is not on this machine and cannot be pulled (\(error)); set ZANE_PROXY_IMAGE")
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
        let deadline = Date().addingTimeInterval(waitSeconds)
        while await !admin.isAnswering() {
            guard Date() < deadline else { throw ProbeError("the proxy did not answer on \(settings.adminSocketPath) within \(Int(waitSeconds)) s") }
            try await Task.sleep(for: .milliseconds(200))
        }
        try await admin.load(document)
    }

    /// Rewrites the route list in one admin call: the switch from one deployment to the next is atomic.
    public func reloadRoutes() async throws {
        try await admin.replace(id: ProxyConfiguration.urlRootID + "/routes", with: ProxyConfiguration.urlRoutes(settings, try await routes()))
    }

    /// Checks the proxy every `tickSeconds` and restores it (service, then configuration) when it does not answer.
    public func superviseForever(tickSeconds: Double) async {
        while !Task.isCancelled {
            if await !admin.isAnswering() {
                do {
                    try await ensureRunning()
                    logger.info("the proxy was restored")
                } catch {
                    logger.error("the proxy cannot be restored", metadata: ["error": "\(error)"])
                }
            }
            try? await Task.sleep(for: .seconds(tickSeconds))
        }
    }

    func serviceSpec() -> SwarmServiceSpec {
        let directory = ProxySettings.containerDirectory
        var container = SwarmServiceSpec.ContainerSpec(
            image: settings.image, command: ["/usr/bin/caddy", "run", "--resume", "--config", "\(directory)/caddy.json"],
            env: ["XDG_CONFIG_HOME=\(directory)/config", "XDG_DATA_HOME=\(directory)/data"],
            mounts: [.bind(settings.directory, at: directory, readOnly: false)], configs: [])
        container.stopGracePeriod = 10_000_000_000
        var ports = [SwarmServiceSpec.EndpointSpec.Port(published: settings.httpPort, target: 80)]
        if let https = settings.httpsPort { ports.append(.init(published: https, target: 443)) }
        return SwarmServiceSpec(
            name: settings.serviceName,
            labels: ["zane-proxy": "true", "zane-instance": instance],  // not `zane-managed`: orphan removal never sees it
            taskTemplate: .init(containerSpec: container, resources: nil, networks: [.init(target: DockerNames.globalNetwork, aliases: ["zane.proxy"])]),
            replicas: 1, endpointSpec: .init(ports: ports))
    }

    /// Whether the running service must be updated: another image, command or published ports.
    static func differs(_ running: SwarmServiceSpec, from wanted: SwarmServiceSpec) -> Bool {
        let runningImage = running.taskTemplate.containerSpec.image.split(separator: "@").first.map(String.init)
        return runningImage != wanted.taskTemplate.containerSpec.image
            || running.taskTemplate.containerSpec.command != wanted.taskTemplate.containerSpec.command
            || running.taskTemplate.containerSpec.mounts != wanted.taskTemplate.containerSpec.mounts
            || running.endpointSpec?.ports != wanted.endpointSpec?.ports
    }
}
