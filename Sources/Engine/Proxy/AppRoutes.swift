import Domain

/// Zane's own routes on its app domain (`proxy.md` §7): one server answers both the API and the dashboard.
enum AppRoutes {
    static let apiID = "api.zaneops.internal"
    static let frontID = "front.zaneops.internal"

    static func routes(domain: String, upstream: String) -> [JSONValue] {
        [
            route(apiID, domain: domain, path: "/api/*", upstream: upstream),
            route(frontID, domain: domain, path: "/*", upstream: upstream),
        ]
    }

    static func route(_ id: String, domain: String, path: String, upstream: String) -> JSONValue {
        [
            "@id": .string(id),
            "match": [["host": [.string(domain)], "path": [.string(path)]]],
            "handle": [
                ["handler": "encode", "encodings": ["gzip": [:]], "prefer": ["gzip"]],
                ["handler": "reverse_proxy", "flush_interval": -1, "upstreams": [["dial": .string(upstream)]]],
            ],
            "terminal": true,
        ]
    }
}
