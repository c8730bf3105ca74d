import CaddyAdmin
import Domain
import Testing

@testable import Engine

@Suite("Proxy routes")
struct ServiceRoutesTests {
    static let deployment = Deployment(
        hash: "dpl_dkr_abc", serviceID: "srv_dkr_Zq4nW8sKp2D", slot: .green, trigger: .manual, commitMessage: "",
        snapshot: nil, changes: [],
        queuedAt: Timestamp(microseconds: 0))

    static func url(_ domain: String, _ basePath: String, strip: Bool = true, redirect: JSONValue = nil) -> ServiceURL {
        let json: JSONValue = [
            "domain": .string(domain), "base_path": .string(basePath), "strip_prefix": .bool(strip),
            "redirect_to": redirect,
            "associated_port": redirect == nil ? 8080 : nil,
        ]
        return ServiceURL(json: json, id: "url_1")!
    }

    @Test func routeIDsFollowTheSpec() {
        #expect(
            ServiceRoutes.routeID(serviceID: "srv_dkr_Zq4nW8sKp2D", domain: "web.example.com", basePath: "/")
                == "srv_dkr_Zq4nW8sKp2D-web.example.com-*")
        #expect(
            ServiceRoutes.routeID(serviceID: "srv_dkr_Zq4nW8sKp2D", domain: "example.com", basePath: "/api/v1")
                == "srv_dkr_Zq4nW8sKp2D-example.com-api-v1")
        #expect(
            ServiceRoutes.routeID(serviceID: "srv_dkr_Zq4nW8sKp2D", domain: "*.example.com", basePath: "/")
                == "srv_dkr_Zq4nW8sKp2D-*.example.com-*")
    }

    @Test func aRouteDialsTheDeploymentsSlotAliasOrRedirects() throws {
        let route = ServiceRoutes.route(
            for: Self.url("shop.example.com", "/store"), serviceID: "srv_dkr_Zq4nW8sKp2D", deployment: Self.deployment)
        let text = route.jsonText
        #expect(text.contains(#""dial":"srv-zq4nw8skp2d.green.zaneops.internal:8080""#))
        #expect(text.contains(#""strip_path_prefix":"/store""#) && text.contains(#""X-Zane-Dpl-Hash":["dpl_dkr_abc"]"#))
        let redirect = ServiceRoutes.route(
            for: Self.url("old.example.com", "/", redirect: ["url": "https://new.example.com", "permanent": false]),
            serviceID: "srv_dkr_x",
            deployment: Self.deployment)
        #expect(redirect.jsonText.contains(#""Location":["https://new.example.com{http.request.uri}"]"#))
        #expect(redirect.jsonText.contains(#""status_code":307"#) && !redirect.jsonText.contains("reverse_proxy"))
        #expect(!redirect.jsonText.contains("strip_path_prefix"), "a base path of / strips nothing")
    }

    /// A service route that sorts ahead of Zane's own (longer path, or a wildcard over the app domain that
    /// got in before the URL checks) still comes after it: the dashboard's origin is never a container's.
    @Test func zanesOwnRoutesComeFirst() throws {
        let own = AppRoutes.routes(domain: "zane.example.com", upstream: "127.0.0.1:8000")
        let service = [
            ServiceRoutes.route(
                for: Self.url("*.example.com", "/"), serviceID: "srv_dkr_wild", deployment: Self.deployment),
            ServiceRoutes.route(
                for: Self.url("zane.example.com", "/api/very/long/path"), serviceID: "srv_dkr_deep",
                deployment: Self.deployment),
        ]
        #expect(
            CaddyRoutes.sorted(own + service).prefix(own.count) != own[...],
            "sorted alone, a service route would come first")
        let ordered = RouteTable.ordered(own: own, services: service)
        #expect(ordered.count == own.count + service.count)
        #expect(Array(ordered.prefix(own.count)) == own)
    }
}
