import JSONCore

/// A whole Caddy configuration for a reverse proxy driven through its admin API: one server whose single
/// route holds an ordered list of routes (under `urlRootID`) that starts with a probe route and ends in a
/// 404 page; upstream failures end in a 502 page. Plain HTTP always answers; HTTPS is on-demand TLS.
public enum CaddyConfiguration {
    public static let urlRootID = "zane-url-root"
    public static let probeHeader = "X-Zane-Probe"
    public static let probeUpstreamHeader = "X-Zane-Probe-Upstream"
    /// Set on the pages the proxy answers itself, so a probe can tell them from an upstream's answer.
    public static let ownPageHeader = "X-Zane-Proxy-Page"
    public static let accessLogger = "http.log.access"

    /// Where the proxy keeps its admin socket and access log, and what guards its probe route.
    public struct Options: Sendable, Equatable {
        /// The admin API's unix socket, as the proxy's process sees it.
        public var adminSocket: String
        /// The file the access log is written to, as the proxy's process sees it.
        public var accessLogFile: String
        public var probeSecret: String

        public init(adminSocket: String, accessLogFile: String, probeSecret: String) {
            self.adminSocket = adminSocket
            self.accessLogFile = accessLogFile
            self.probeSecret = probeSecret
        }
    }

    /// On-demand TLS: a certificate is requested at a name's first handshake, once the endpoint at `askURL`
    /// allows it. Caddy before 2.8 takes the endpoint as `ask`, later ones as a permission module.
    public struct TLS: Sendable, Equatable {
        public var askURL: String
        public var usesPermissionModule: Bool

        public init(askURL: String, usesPermissionModule: Bool) {
            self.askURL = askURL
            self.usesPermissionModule = usesPermissionModule
        }
    }

    public static func document(_ options: Options, routes: [JSONValue], tls: TLS?) -> JSONValue {
        var server: [String: JSONValue] = [
            "@id": "zane-server",
            "listen": [":80"],
            "logs": [:],
            "automatic_https": ["disable": true],
            "routes": [
                [
                    "terminal": true,
                    "handle": [
                        ["handler": "subroute", "@id": .string(urlRootID), "routes": urlRoutes(options, routes)]
                    ],
                ]
            ],
            "errors": ["routes": [unavailablePage]],
        ]
        var apps: [String: JSONValue] = [:]
        if let tls {
            // TLS on 443 only: Caddy keeps its HTTP port plain, and plain HTTP keeps answering (no redirect).
            server["listen"] = [":443", ":80"]
            server["tls_connection_policies"] = [[:]]
            server["automatic_https"] = ["disable_redirects": true]
            let check: JSONValue =
                tls.usesPermissionModule
                ? ["permission": ["@id": "tls-endpoint", "module": "http", "endpoint": .string(tls.askURL)]]
                : ["ask": .string(tls.askURL)]
            apps["tls"] = ["automation": ["policies": [["on_demand": true]], "on_demand": check]]
        }
        apps["http"] = ["servers": ["zane": .object(server)]]
        return [
            "@id": "root",
            "admin": [
                "listen": .string("unix/\(options.adminSocket)"),
                "origins": [.string(CaddyAdminClient.host)],
            ],
            "logging": [
                "logs": [
                    "default": [
                        "writer": ["output": "stdout"], "encoder": ["format": "json"],
                        "exclude": [.string(accessLogger)],
                    ],
                    "access": [
                        "writer": [
                            "output": "file", "filename": .string(options.accessLogFile),
                            "roll_size_mb": 64, "roll_keep": 3, "roll_gzip": false,
                        ],
                        "encoder": ["format": "json"], "include": [.string(accessLogger)],
                    ],
                ]
            ],
            "apps": .object(apps),
        ]
    }

    /// The probe first (it matches on its secret header only), then the routes, then the 404 page.
    public static func urlRoutes(_ options: Options, _ routes: [JSONValue]) -> JSONValue {
        .array([probeRoute(secret: options.probeSecret)] + routes + [notFoundPage])
    }

    /// Forwards a request carrying the secret to the address named in another header: how a process outside
    /// the proxy's network reaches an upstream there. Both headers are removed before the request goes on.
    static func probeRoute(secret: String) -> JSONValue {
        [
            "@id": "zane-probe",
            "match": [["header": [probeHeader: [.string(secret)]]]],
            "handle": [
                // Probes are the caller's own traffic (and carry the secret): they stay out of the access log.
                ["handler": "vars", "skip_log": true],
                [
                    "handler": "reverse_proxy",
                    "upstreams": [["dial": .string("{http.request.header.\(probeUpstreamHeader)}")]],
                    "transport": ["protocol": "http", "dial_timeout": "3s"],
                    "headers": ["request": ["delete": [.string(probeHeader), .string(probeUpstreamHeader)]]],
                ],
            ],
        ]
    }

    static let notFoundPage: JSONValue = [
        "@id": "zane-catchall-404",
        "handle": [ownPage(status: 404, title: "Deployment Not Found", text: "No service answers at this address.")],
    ]

    static let unavailablePage: JSONValue = [
        "@id": "zane-error-502",
        "match": [["expression": "{http.error.status_code} in [502, 503, 504]"]],
        "handle": [
            ownPage(
                status: 502, title: "Deployment Unavailable", text: "This service is asleep, starting or not running.")
        ],
    ]

    static func ownPage(status: Int64, title: String, text: String) -> JSONValue {
        [
            "handler": "static_response",
            "status_code": .int(status),
            "headers": [
                "Content-Type": ["text/html; charset=utf-8"], "Server": ["zane"],
                "X-Zane-Request-Id": ["{http.request.uuid}"],
                ownPageHeader: [.string(String(status))],
            ],
            "body": .string(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>\(title)</title></head>"
                    + "<body><h1>\(title)</h1><p>\(text)</p></body></html>\n"),
        ]
    }
}
