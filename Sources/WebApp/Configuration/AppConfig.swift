import Foundation
import Logging
import Persistence

/// Everything Zane reads from its environment, parsed and validated once at start-up.
public struct AppConfig: Sendable {
    public struct HTTP: Sendable {
        public var hostname = "127.0.0.1"
        public var port = 8000
    }

    public struct Security: Sendable {
        /// Key for session digests; from `ZANE_SECRET_KEY` or a key file in the data directory.
        public var secretKey: [UInt8] = []
        /// Domain attribute of the session cookie; host-only when nil.
        public var sessionCookieDomain: String?
        /// Adds `Secure` to cookies (serve behind HTTPS).
        public var secureCookies = false
        /// Origins accepted by the CSRF check besides the request's own.
        public var trustedOrigins: [String] = []
        /// Peers whose `X-Forwarded-For` is believed (`ZANE_TRUSTED_PROXIES`); nil: loopback and the proxy's container.
        public var trustedProxies: [AddressRange]?
        /// Also trusts the origins of a dashboard served by a development server (`ZANE_DEVELOPMENT_ORIGINS`).
        public var trustsDevelopmentOrigins = false
        /// bcrypt cost; never below 12 outside tests.
        public var passwordHashCost = 12
        /// How long an authenticated session is served from memory before it is read again.
        public var sessionCacheSeconds: Int64 = 60
        /// How often a live log stream checks that its session still exists (tests shorten it).
        public var streamSessionCheckSeconds: Double = 30
        /// How often expired sessions are deleted (also once at start-up); 0 turns the job off.
        public var sessionPurgeIntervalSeconds: Int64 = 3600
    }

    public struct Limits: Sendable {
        public var anonymous = RateLimit(count: 60, seconds: 60)
        public var initialRegistration = RateLimit(count: 30, seconds: 60)
        public var failedLogins = RateLimit(count: 10, seconds: 900)
        /// Deploys by token, per client address.
        public var deployWebhook = RateLimit(count: 60, seconds: 60)
    }

    public struct Deployments: Sendable {
        /// Pipelines running at once across the instance (`ZANE_MAX_CONCURRENT_DEPLOYS`).
        public var maxConcurrent = 5
        /// Seconds between two deploy-time health-check attempts (tests shorten it).
        public var healthPollSeconds: Double = 5
        /// How often the health monitor looks for production deployments whose check is due.
        public var monitorTickSeconds: Double = 1
        /// Seconds between two metric samples of each running deployment (`deploy.md` §8.2; tests shorten it).
        public var metricsSampleSeconds: Double = 30
    }

    /// The Caddy proxy run on the engine (`ZANE_PROXY_*`); nil turns it off (tests that need it set it).
    public struct Proxy: Sendable {
        public var serviceName = "zane-proxy"
        /// The official image by default; `scripts/run.sh` builds a local one where no registry is reachable.
        public var image = "caddy:2"
        public var httpPort = 80
        public var httpsPort: Int? = 443
        /// Where Zane reaches the proxy's HTTP listener; nil: the published port on 127.0.0.1 (a host process).
        public var url: String?
        /// Absolute host path shared with the proxy's container (admin socket, autosave, certificates).
        public var directory = ""
        /// `host:port` where the proxy reaches Zane, to serve it on the app domain; nil: not served there.
        public var appUpstream: String?
        /// How long a replaced deployment keeps running after the switch, so in-flight requests finish.
        public var drainSeconds: Double = 30
        /// How often the proxy is checked and restored when it does not answer.
        public var superviseSeconds: Double = 5

        public init() {}
    }

    public var http = HTTP()
    public var proxy: Proxy? = Proxy()
    public var deployments = Deployments()
    /// The Docker engine's unix socket; nil when no engine is used (images are then checked for syntax only).
    public var dockerSocket: String?
    public var dataDirectory = "./.zane"
    public var database = DatabaseLocation.sqliteFile(path: "./.zane/zane.sqlite")
    public var security = Security()
    public var limits = Limits()
    /// HTTP logs older than this are deleted (`ZANE_HTTP_LOG_RETENTION_DAYS`).
    public var httpLogRetentionDays = 30
    /// What containers print is deleted after this (`ZANE_RUNTIME_LOG_RETENTION_DAYS`)…
    public var runtimeLogRetentionDays = 14
    /// …or, oldest first, once it takes more than this (`ZANE_RUNTIME_LOG_MAX_MB`).
    public var runtimeLogMaxMegabytes = 2048
    /// Metric samples older than this are deleted (`ZANE_METRICS_RETENTION_DAYS`).
    public var metricsRetentionDays = 30
    public var appDomain = "127-0-0-1.sslip.io"
    public var rootDomain = "127-0-0-1.sslip.io"
    /// Hosts git services may build from (`ZANE_GIT_ALLOWED_HOSTS`, comma-separated); nil for any.
    public var gitAllowedHosts: Set<String>?
    public var logLevel = Logger.Level.info

    public init() {}
}

/// `N/second`, `N/minute`, `N/hour` or `N/day`, as Django REST framework writes throttle rates; the unit
/// may carry a multiplier (`10/15minute`).
public struct RateLimit: Sendable, Equatable {
    public var count: Int
    public var seconds: Int

    public init(count: Int, seconds: Int) {
        self.count = count
        self.seconds = seconds
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let count = Int(parts[0]), count > 0 else { return nil }
        let digits = parts[1].prefix(while: \.isNumber)
        let multiplier = digits.isEmpty ? 1 : Int(digits) ?? 0
        let unitSeconds: Int
        switch parts[1].dropFirst(digits.count).lowercased() {
        case "s", "sec", "second": unitSeconds = 1
        case "m", "min", "minute": unitSeconds = 60
        case "h", "hour": unitSeconds = 3600
        case "d", "day": unitSeconds = 86_400
        default: return nil
        }
        guard multiplier > 0, multiplier <= 1_000 else { return nil }
        self.count = count
        self.seconds = multiplier * unitSeconds
    }
}
