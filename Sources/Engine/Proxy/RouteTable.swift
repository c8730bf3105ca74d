import CaddyAdmin
import Domain

/// Every route the proxy should hold, read from the database: the URLs of each service's current
/// production deployment, and Zane's own routes. The proxy always gets the whole table, so a route of a
/// removed URL, service or project disappears with the next write.
public struct RouteTable: Sendable {
    let services: any ServiceRepository
    let appDomain: String

    public init(services: any ServiceRepository, appDomain: String) {
        self.services = services
        self.appDomain = appDomain
    }

    /// Production deployments whose Swarm service is meant to exist.
    static let routedStatuses: Set<Deployment.Status> = [.healthy, .unhealthy, .sleeping, .starting, .restarting]

    /// Zane's own routes first (no service URL can shadow the dashboard's origin), then the services'
    /// routes sorted; each of `switching` takes the place of its service's production deployment (the
    /// traffic switch happens before the deployment is recorded as production). Zane's own routes dial
    /// `appUpstream` (none when nil).
    func routes(switching: [Deployment] = [], appUpstream: String?) async throws -> [JSONValue] {
        let switched = Set(switching.map(\.serviceID))
        let production =
            try await services.deployments().deployments(statuses: Self.routedStatuses)
            .filter { $0.isCurrentProduction && !switched.contains($0.serviceID) } + switching
        let routes = production.flatMap { deployment in
            deployment.snapshot.map { ServiceRoutes.routes(of: deployment, $0) } ?? []
        }
        return Self.ordered(
            own: appUpstream.map { AppRoutes.routes(domain: appDomain, upstream: $0) } ?? [], services: routes)
    }

    /// Zane's own routes ahead of every service route, whatever the services' sort would say of them.
    static func ordered(own: [JSONValue], services: [JSONValue]) -> [JSONValue] { own + CaddyRoutes.sorted(services) }
}

/// Where the pipeline hands over traffic (`deploy.md` §4.5).
public protocol TrafficRouter: Sendable {
    /// Points the service's routes at this deployment, in one write.
    func switchTraffic(to deployment: Deployment) async throws
    /// The deployment switched to is now recorded (production, or failed after all): the database decides again.
    func settle(serviceID: String) async
    /// Brings the routes in line with the database (after an archive…); logs failures.
    func refresh() async
}
