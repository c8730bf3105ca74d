import CaddyAdmin
import Domain

/// The proxy routes of one deployment's URLs (`proxy.md` §3.1); the list's order is `CaddyRoutes.sorted` (§3.5).
enum ServiceRoutes {
    /// Response headers that name the deployment behind an answer; the HTTP-log collector reads them back.
    static let hashHeader = "X-Zane-Dpl-Hash"
    static let slotHeader = "X-Zane-Dpl-Slot"
    static let requestIDHeader = "X-Zane-Request-Id"

    static func routes(of deployment: Deployment, _ snapshot: DeploymentSnapshot) -> [JSONValue] {
        snapshot.configuration.urls.map { route(for: $0, serviceID: snapshot.serviceID, deployment: deployment) }
    }

    /// `<service id>-<domain>-<path key>`, the path key being the base path without its outer slashes,
    /// inner ones turned into `-`, and `*` for `/`.
    static func routeID(serviceID: String, domain: String, basePath: String) -> String {
        let trimmed = basePath.split(separator: "/").joined(separator: "-")
        return "\(serviceID)-\(domain)-\(trimmed.isEmpty ? "*" : trimmed)"
    }

    static func route(for url: ServiceURL, serviceID: String, deployment: Deployment) -> JSONValue {
        let target: CaddyRoutes.Target =
            if let redirect = url.redirect {
                .redirect(url: redirect.url, permanent: redirect.permanent)
            } else {
                .upstream(
                    dial:
                        "\(Deployment.networkAlias(serviceID: serviceID, slot: deployment.slot)):\(url.associatedPort ?? 80)"
                )
            }
        return CaddyRoutes.route(
            id: routeID(serviceID: serviceID, domain: url.domain, basePath: url.basePath), host: url.domain,
            basePath: url.basePath, stripPrefix: url.stripPrefix,
            responseHeaders: [
                requestIDHeader: "{http.request.uuid}", hashHeader: deployment.hash,
                slotHeader: deployment.slot.rawValue.lowercased(),
            ],
            target: target)
    }
}
