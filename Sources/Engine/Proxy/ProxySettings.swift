import CaddyAdmin

/// How Zane runs and reaches its Caddy proxy (`proxy.md` §1).
public struct ProxySettings: Sendable {
    /// The Swarm service's name (`zane-proxy`; tests give each installation its own).
    public var serviceName: String
    public var image: String
    /// Host ports published in `host` mode for the proxy's HTTP and HTTPS listeners; HTTPS is off when nil.
    public var httpPort: Int
    public var httpsPort: Int?
    /// A host directory mounted into the proxy: its admin socket, autosaved configuration and certificates.
    /// The admin API listens only on that socket, never on a network.
    public var directory: String
    /// Where Zane reaches the proxy's HTTP listener (`http://127.0.0.1:<httpPort>` for a host process).
    public var httpURL: String
    /// Guards the probe route that lets Zane send health checks into the overlay network through the proxy.
    public var probeSecret: String
    /// `host:port` where the proxy reaches Zane (its app-domain routes and the TLS "ask" endpoint); when nil
    /// and Zane listens on every interface of the host at `appPortOnHost`, the Docker bridge gateway is used.
    public var appUpstream: String?
    public var appPortOnHost: Int?

    public init(
        serviceName: String, image: String, httpPort: Int, httpsPort: Int?, directory: String, httpURL: String? = nil,
        probeSecret: String,
        appUpstream: String? = nil, appPortOnHost: Int? = nil
    ) {
        self.appUpstream = appUpstream
        self.appPortOnHost = appPortOnHost
        self.serviceName = serviceName
        self.image = image
        self.httpPort = httpPort
        self.httpsPort = httpsPort
        self.directory = directory
        self.httpURL = httpURL ?? "http://127.0.0.1:\(httpPort)"
        self.probeSecret = probeSecret
    }

    /// On-demand TLS needs Zane's permission endpoint within the proxy's reach.
    var servesTLS: Bool { httpsPort != nil }

    /// The mounted directory as the proxy's container sees it.
    static let containerDirectory = "/zane-proxy"
    static let accessLogName = "access.log"
    var adminSocketPath: String { directory + "/admin.sock" }

    /// The configuration's paths as the proxy's container sees them; the access log is where Zane reads it
    /// (`proxy.md` §6.3).
    var caddyOptions: CaddyConfiguration.Options {
        CaddyConfiguration.Options(
            adminSocket: "\(Self.containerDirectory)/admin.sock",
            accessLogFile: "\(Self.containerDirectory)/\(Self.accessLogName)", probeSecret: probeSecret)
    }
}

/// A failure of the proxy or of a request through it, worded for a deployment's reason or the log.
struct ProxyError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
