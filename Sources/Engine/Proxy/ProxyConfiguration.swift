import Domain

/// The proxy's whole configuration (`proxy.md` §2): one server whose single route holds the ordered list of
/// host/path routes (`zane-url-root`), ending in the 404 page; upstream failures end in the 502 page.
enum ProxyConfiguration {
    static let urlRootID = "zane-url-root"
    static let probeHeader = "X-Zane-Probe"
    static let probeUpstreamHeader = "X-Zane-Probe-Upstream"
    /// Set on the pages the proxy answers itself, so a probe can tell them from an upstream's answer.
    static let ownPageHeader = "X-Zane-Proxy-Page"
    static let accessLogger = "http.log.access"

    /// On-demand TLS (`proxy.md` §5): a certificate is requested at a name's first handshake, once Zane's
    /// endpoint allows it. Caddy before 2.8 takes the endpoint as `ask`, later ones as a permission module.
    struct TLS: Sendable, Equatable {
        var askURL: String
        var usesPermissionModule: Bool
    }

    static func document(_ settings: ProxySettings, routes: [JSONValue], tls: TLS?) -> JSONValue {
        var server: [String: JSONValue] = [
            "@id": "zane-server",
            "listen": [":80"],
            "logs": [:],
            "automatic_https": ["disable": true],
            "routes": [
                [
                    "terminal": true,
                    "handle": [
                        ["handler": "subroute", "@id": .string(urlRootID), "routes": urlRoutes(settings, routes)]
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
                "listen": .string("unix/\(ProxySettings.containerDirectory)/admin.sock"),
                "origins": [.string(CaddyAdminClient.host)],
            ],
            "logging": [
                "logs": [
                    "default": [
                        "writer": ["output": "stdout"], "encoder": ["format": "json"],
                        "exclude": [.string(accessLogger)],
                    ],
                    // Access lines go to a file in the shared directory, where Zane reads them (`proxy.md` §6.3).
                    "access": [
                        "writer": [
                            "output": "file",
                            "filename": .string("\(ProxySettings.containerDirectory)/\(ProxySettings.accessLogName)"),
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
    static func urlRoutes(_ settings: ProxySettings, _ routes: [JSONValue]) -> JSONValue {
        .array([probeRoute(secret: settings.probeSecret)] + routes + [notFoundPage])
    }

    /// Forwards a request carrying the secret to the overlay address named in another header: how Zane, a
    /// host process, reaches a container's HTTP health check (`deploy.md` §11). Both headers are removed
    /// before the request reaches the container.
    static func probeRoute(secret: String) -> JSONValue {
        [
            "@id": "zane-probe",
            "match": [["header": [probeHeader: [.string(secret)]]]],
            "handle": [
                // Probes are Zane's own traffic (and carry the secret): they stay out of the access log.
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
