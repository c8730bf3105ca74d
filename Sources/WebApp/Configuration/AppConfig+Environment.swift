import DockerEngine
import Foundation
import Logging

/// A configuration problem, reported all together at start-up.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String { "Invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n") }
}

extension AppConfig {
    /// Reads the environment variables documented in the README; reports every invalid one at once.
    /// Creates the data directory and the secret key file when they are missing.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AppConfig
    {
        var config = AppConfig()
        var problems: [String] = []
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }

        config.dataDirectory = value("ZANE_DATA_DIR") ?? "./.zane"
        if let url = value("DATABASE_URL") {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                config.database = .postgres(url: url)
            } else {
                problems.append("DATABASE_URL must start with postgres:// (leave it unset for SQLite)")
            }
        } else {
            config.database = .sqliteFile(
                path: (config.dataDirectory as NSString).appendingPathComponent("zane.sqlite"))
        }
        if let level = value("LOG_LEVEL") {
            if let parsed = Logger.Level(rawValue: level.lowercased()) {
                config.logLevel = parsed
            } else {
                problems.append("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
            }
        }
        if let host = value("DOCKER_HOST") {
            if let socket = DockerEngineClient.socketPath(fromDockerHost: host) {
                config.dockerSocket = socket
            } else {
                problems.append("DOCKER_HOST must be a unix:// socket address")
            }
        } else if FileManager.default.fileExists(atPath: "/var/run/docker.sock") {
            config.dockerSocket = "/var/run/docker.sock"
        }
        if let limit = value("ZANE_MAX_CONCURRENT_DEPLOYS") {
            if let count = Int(limit), (1...100).contains(count) {
                config.deployments.maxConcurrent = count
            } else {
                problems.append("ZANE_MAX_CONCURRENT_DEPLOYS must be a number from 1 to 100")
            }
        }
        for (name, keyPath, unit, range) in [
            ("ZANE_HTTP_LOG_RETENTION_DAYS", \AppConfig.httpLogRetentionDays, "days", 1...3650),
            ("ZANE_RUNTIME_LOG_RETENTION_DAYS", \AppConfig.runtimeLogRetentionDays, "days", 1...3650),
            ("ZANE_RUNTIME_LOG_MAX_MB", \AppConfig.runtimeLogMaxMegabytes, "megabytes", 10...10_000_000),
            ("ZANE_METRICS_RETENTION_DAYS", \AppConfig.metricsRetentionDays, "days", 1...3650),
        ] {
            guard let text = value(name) else { continue }
            if let number = Int(text), range.contains(number) {
                config[keyPath: keyPath] = number
            } else {
                problems.append("\(name) must be a number of \(unit) from \(range.lowerBound) to \(range.upperBound)")
            }
        }
        config.proxy = proxy(value, dataDirectory: config.dataDirectory, problems: &problems)
        config.appDomain = value("ZANE_APP_DOMAIN") ?? config.appDomain
        config.rootDomain = value("ZANE_ROOT_DOMAIN") ?? config.rootDomain
        if let hosts = value("ZANE_GIT_ALLOWED_HOSTS") {
            config.gitAllowedHosts = Set(
                hosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
                    !$0.isEmpty
                })
        }
        config.security.sessionCookieDomain = value("ZANE_SESSION_COOKIE_DOMAIN")
        if let secure = value("ZANE_SECURE_COOKIES") {
            switch secure.lowercased() {
            case "1", "true", "yes", "on": config.security.secureCookies = true
            case "0", "false", "no", "off": config.security.secureCookies = false
            default: problems.append("ZANE_SECURE_COOKIES must be true or false")
            }
        }
        config.security.trustedOrigins = (value("ZANE_CSRF_TRUSTED_ORIGINS") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let list = value("ZANE_TRUSTED_PROXIES") {
            let entries = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            let ranges = entries.compactMap(AddressRange.init)
            if ranges.count == entries.count {
                config.security.trustedProxies = ranges
            } else {
                problems.append(
                    "ZANE_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR blocks (172.18.0.0/16)"
                )
            }
        }
        if let development = value("ZANE_DEVELOPMENT_ORIGINS") {
            switch development.lowercased() {
            case "1", "true", "yes", "on": config.security.trustsDevelopmentOrigins = true
            case "0", "false", "no", "off": config.security.trustsDevelopmentOrigins = false
            default: problems.append("ZANE_DEVELOPMENT_ORIGINS must be true or false")
            }
        }
        for (name, keyPath) in [
            ("ZANE_ANON_THROTTLE_RATE", \Limits.anonymous),
            ("ZANE_REGISTRATION_THROTTLE_RATE", \Limits.initialRegistration),
            ("ZANE_LOGIN_FAILURE_RATE", \Limits.failedLogins),
        ] {
            guard let text = value(name) else { continue }
            if let rate = RateLimit(parsing: text) {
                config.limits[keyPath: keyPath] = rate
            } else {
                problems.append("\(name) must look like 60/minute (units: second, minute, hour, day)")
            }
        }
        if problems.isEmpty {
            do {
                config.security.secretKey = try SecretKeyFile.load(
                    fromEnvironment: value("ZANE_SECRET_KEY"), dataDirectory: config.dataDirectory)
            } catch {
                problems.append("secret key: \(error)")
            }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return config
    }

    static func proxy(_ value: (String) -> String?, dataDirectory: String, problems: inout [String]) -> Proxy? {
        if let switched = value("ZANE_PROXY"), ["0", "false", "no", "off"].contains(switched.lowercased()) {
            return nil
        }
        var proxy = Proxy()
        proxy.image = value("ZANE_PROXY_IMAGE") ?? proxy.image
        proxy.serviceName = value("ZANE_PROXY_SERVICE") ?? proxy.serviceName
        func port(_ name: String, allowingOff: Bool) -> Int?? {
            guard let text = value(name) else { return .none }
            if allowingOff, ["0", "off"].contains(text.lowercased()) { return .some(nil) }
            guard let number = Int(text), (1...65_535).contains(number) else {
                problems.append("\(name) must be a port number from 1 to 65535\(allowingOff ? " (or off)" : "")")
                return .none
            }
            return .some(number)
        }
        if let http = port("ZANE_PROXY_HTTP_PORT", allowingOff: false), let http { proxy.httpPort = http }
        if let https = port("ZANE_PROXY_HTTPS_PORT", allowingOff: true) { proxy.httpsPort = https }
        if let url = value("ZANE_PROXY_URL") {
            if url.hasPrefix("http://"), URL(string: url)?.host != nil {
                proxy.url = url.hasSuffix("/") ? String(url.dropLast()) : url
            } else {
                problems.append("ZANE_PROXY_URL must be an http:// URL")
            }
        }
        proxy.appUpstream = value("ZANE_APP_UPSTREAM")
        if let upstream = proxy.appUpstream, !Self.isHostPort(upstream) {
            problems.append("ZANE_APP_UPSTREAM must be host:port")
        }
        if let drain = value("ZANE_PROXY_DRAIN_SECONDS") {
            if let seconds = Double(drain), (0...3600).contains(seconds) {
                proxy.drainSeconds = seconds
            } else {
                problems.append("ZANE_PROXY_DRAIN_SECONDS must be a number of seconds from 0 to 3600")
            }
        }
        let directory = value("ZANE_PROXY_DIR") ?? (dataDirectory as NSString).appendingPathComponent("proxy")
        proxy.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        // A unix socket path holds at most 107 bytes.
        if proxy.directory.utf8.count > 90 {
            problems.append("ZANE_PROXY_DIR must be a path of at most 90 bytes (it holds a unix socket)")
        }
        return proxy
    }

    static func isHostPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65_535).contains(port)
        else { return false }
        let host = text[..<colon]
        return !host.isEmpty && host.allSatisfy { $0.isLetter || $0.isNumber || ".-_".contains($0) }
    }
}
