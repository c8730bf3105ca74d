import JSONCore

/// Routes of the proxy's ordered list: one host and path prefix each, answered by an upstream or a redirect.
public enum CaddyRoutes {
    /// What a route does with the requests it matches.
    public enum Target: Sendable, Equatable {
        /// Forwards to `host:port`, gzip-encoding the answers.
        case upstream(dial: String)
        /// `308` (permanent) or `307` to `url` followed by the request's URI.
        case redirect(url: String, permanent: Bool)
    }

    /// `/*` for `/`, else the base path without its trailing slash followed by `*` (a plain prefix).
    public static func pathPattern(_ basePath: String) -> String {
        let trimmed = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        return trimmed.isEmpty ? "/*" : trimmed + "*"
    }

    /// A route for `host` under `basePath`: sets `responseHeaders` and `X-Request-Id`, strips the base path
    /// when asked, then forwards or redirects.
    public static func route(
        id: String, host: String, basePath: String, stripPrefix: Bool, responseHeaders: [String: String],
        target: Target
    ) -> JSONValue {
        var handlers: [JSONValue] = [
            [
                "handler": "headers",
                "response": ["set": .object(responseHeaders.mapValues { [.string($0)] })],
                "request": ["set": ["X-Request-Id": ["{http.request.uuid}"]]],
            ]
        ]
        let prefix = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        if stripPrefix, !prefix.isEmpty {
            handlers.append(["handler": "rewrite", "strip_path_prefix": .string(prefix)])
        }
        switch target {
        case .redirect(let url, let permanent):
            handlers.append([
                "handler": "static_response", "status_code": permanent ? 308 : 307,
                "headers": ["Location": [.string(url + "{http.request.uri}")]],
            ])
        case .upstream(let dial):
            handlers.append(["handler": "encode", "encodings": ["gzip": [:]], "prefer": ["gzip"]])
            handlers.append([
                "handler": "reverse_proxy", "flush_interval": -1, "load_balancing": ["retries": 2],
                "upstreams": [["dial": .string(dial)]],
            ])
        }
        return [
            "@id": .string(id),
            "match": [["host": [.string(host)], "path": [.string(pathPattern(basePath))]]],
            "handle": [["handler": "subroute", "routes": [["handle": .array(handlers)]]]],
            "terminal": true,
        ]
    }

    /// A plain forwarding route for `host` and a path pattern, streaming answers as they come.
    public static func forward(id: String, host: String, path: String, upstream: String) -> JSONValue {
        [
            "@id": .string(id),
            "match": [["host": [.string(host)], "path": [.string(path)]]],
            "handle": [
                ["handler": "encode", "encodings": ["gzip": [:]], "prefer": ["gzip"]],
                ["handler": "reverse_proxy", "flush_interval": -1, "upstreams": [["dial": .string(upstream)]]],
            ],
            "terminal": true,
        ]
    }

    /// Longer paths first (ignoring a trailing `*`; for equal lengths an exact path first, then the longer
    /// pattern); then hosts in byte order. Stable, so equal keys keep their order.
    public static func sorted(_ routes: [JSONValue]) -> [JSONValue] {
        let keyed = routes.enumerated().map { (offset: $0.offset, route: $0.element, key: SortKey($0.element)) }
        return keyed.sorted { lhs, rhs in
            lhs.key == rhs.key ? lhs.offset < rhs.offset : lhs.key < rhs.key
        }.map(\.route)
    }

    struct SortKey: Comparable {
        var pathLength: Int
        var wildcard: Bool
        var rawLength: Int
        var host: [UInt8]

        init(_ route: JSONValue) {
            let matcher = route["match"].flatMap { if case .array(let list) = $0 { list.first } else { nil } }
            let path =
                matcher?["path"].flatMap { if case .array(let list) = $0 { list.first?.string } else { nil } } ?? ""
            let host =
                matcher?["host"].flatMap { if case .array(let list) = $0 { list.first?.string } else { nil } } ?? ""
            let stem = path.hasSuffix("*") ? path.dropLast() : Substring(path)
            pathLength = stem.count
            wildcard = path.hasSuffix("*")
            rawLength = path.count
            self.host = Array(host.utf8)
        }

        static func < (lhs: SortKey, rhs: SortKey) -> Bool {
            if lhs.pathLength != rhs.pathLength { return lhs.pathLength > rhs.pathLength }
            if lhs.wildcard != rhs.wildcard { return !lhs.wildcard }
            if lhs.rawLength != rhs.rawLength { return lhs.rawLength > rhs.rawLength }
            return lhs.host.lexicographicallyPrecedes(rhs.host)
        }
    }
}
