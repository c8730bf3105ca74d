import Domain

/// The proxy routes of one deployment's URLs (`proxy.md` §3.1), and the order of the whole list (§3.5).
enum ServiceRoutes {
    /// Response headers that name the deployment behind an answer; the HTTP-log collector reads them back.
    static let hashHeader = "X-Zane-Dpl-Hash"
    static let slotHeader = "X-Zane-Dpl-Slot"
    static let requestIDHeader = "X-Zane-Request-Id"

    static func routes(of deployment: Deployment, _ snapshot: ServiceSnapshot) -> [JSONValue] {
        snapshot.configuration.urls.map { route(for: $0, serviceID: snapshot.serviceID, deployment: deployment) }
    }

    /// `<service id>-<domain>-<path key>`, the path key being the base path without its outer slashes,
    /// inner ones turned into `-`, and `*` for `/`.
    static func routeID(serviceID: String, domain: String, basePath: String) -> String {
        let trimmed = basePath.split(separator: "/").joined(separator: "-")
        return "\(serviceID)-\(domain)-\(trimmed.isEmpty ? "*" : trimmed)"
    }

    /// `/*` for `/`, else the base path without its trailing slash followed by `*` (a plain prefix).
    static func pathPattern(_ basePath: String) -> String {
        let trimmed = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        return trimmed.isEmpty ? "/*" : trimmed + "*"
    }

    static func route(for url: ServiceURL, serviceID: String, deployment: Deployment) -> JSONValue {
        var handlers: [JSONValue] = [
            [
                "handler": "headers",
                "response": [
                    "set": [
                        requestIDHeader: ["{http.request.uuid}"], hashHeader: [.string(deployment.hash)],
                        slotHeader: [.string(deployment.slot.rawValue.lowercased())],
                    ]
                ],
                "request": ["set": ["X-Request-Id": ["{http.request.uuid}"]]],
            ]
        ]
        let prefix = url.basePath.hasSuffix("/") ? String(url.basePath.dropLast()) : url.basePath
        if url.stripPrefix, !prefix.isEmpty {
            handlers.append(["handler": "rewrite", "strip_path_prefix": .string(prefix)])
        }
        if let redirect = url.redirect {
            handlers.append([
                "handler": "static_response", "status_code": redirect.permanent ? 308 : 307,
                "headers": ["Location": [.string(redirect.url + "{http.request.uri}")]],
            ])
        } else {
            let alias = DockerNames.deploymentAlias(serviceID: serviceID, slot: deployment.slot)
            handlers.append(["handler": "encode", "encodings": ["gzip": [:]], "prefer": ["gzip"]])
            handlers.append([
                "handler": "reverse_proxy", "flush_interval": -1, "load_balancing": ["retries": 2],
                "upstreams": [["dial": .string("\(alias):\(url.associatedPort ?? 80)")]],
            ])
        }
        return [
            "@id": .string(routeID(serviceID: serviceID, domain: url.domain, basePath: url.basePath)),
            "match": [["host": [.string(url.domain)], "path": [.string(pathPattern(url.basePath))]]],
            "handle": [["handler": "subroute", "routes": [["handle": .array(handlers)]]]],
            "terminal": true,
        ]
    }

    /// Longer paths first (ignoring a trailing `*`; for equal lengths an exact path first, then the longer
    /// pattern); then hosts in byte order. Stable, so equal keys keep their order. (Zane's own routes are
    /// not sorted with these: they come before all of them, `RouteTable.routes`.)
    static func sorted(_ routes: [JSONValue]) -> [JSONValue] {
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
