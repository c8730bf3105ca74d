import CaddyAdmin
import Domain

/// Zane's own routes on its app domain (`proxy.md` §7): one server answers both the API and the dashboard.
enum AppRoutes {
    static let apiID = "api.zaneops.internal"
    static let frontID = "front.zaneops.internal"

    static func routes(domain: String, upstream: String) -> [JSONValue] {
        [
            CaddyRoutes.forward(id: apiID, host: domain, path: "/api/*", upstream: upstream),
            CaddyRoutes.forward(id: frontID, host: domain, path: "/*", upstream: upstream),
        ]
    }
}
