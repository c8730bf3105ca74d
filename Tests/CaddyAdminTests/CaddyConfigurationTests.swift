import JSONCore
import Testing

@testable import CaddyAdmin

@Suite("Caddy configuration document")
struct CaddyConfigurationTests {
    static let options = CaddyConfiguration.Options(
        adminSocket: "/proxy/admin.sock", accessLogFile: "/proxy/access.log", probeSecret: "s3cret")

    @Test func theAdminAPIListensOnlyOnItsSocketForItsOwnOrigin() {
        let document = CaddyConfiguration.document(Self.options, routes: [], tls: nil)
        #expect(document["admin"]?["listen"]?.string == "unix//proxy/admin.sock")
        #expect(document["admin"]?["origins"] == [.string(CaddyAdminClient.host)])
        #expect(document["logging"]?["logs"]?["access"]?["writer"]?["filename"]?.string == "/proxy/access.log")
    }

    @Test func routesSitBetweenTheProbeAndTheNotFoundPage() throws {
        let route: JSONValue = ["@id": "mine"]
        let list = CaddyConfiguration.urlRoutes(Self.options, [route])
        guard case .array(let routes) = list else { throw Failure("not a list") }
        #expect(routes.compactMap { $0["@id"]?.string } == ["zane-probe", "mine", "zane-catchall-404"])
        #expect(list.jsonText.contains(#""X-Zane-Probe":["s3cret"]"#), "the probe matches on its secret only")
        let server = CaddyConfiguration.document(Self.options, routes: [route], tls: nil)["apps"]?["http"]?["servers"]?[
            "zane"]
        #expect(server?["listen"] == [":80"])
        #expect(server?["routes"]?.jsonText.contains(#""@id":"zane-url-root""#) == true)
    }

    @Test func onDemandTLSAsksThroughTheModuleCaddyUnderstands() {
        let current = CaddyConfiguration.document(
            Self.options, routes: [], tls: .init(askURL: "http://zane/ask", usesPermissionModule: true))
        let onDemand = current["apps"]?["tls"]?["automation"]?["on_demand"]
        #expect(onDemand?["permission"]?["endpoint"]?.string == "http://zane/ask" && onDemand?["ask"] == nil)
        #expect(current["apps"]?["http"]?["servers"]?["zane"]?["listen"] == [":443", ":80"])
        let older = CaddyConfiguration.document(
            Self.options, routes: [], tls: .init(askURL: "http://zane/ask", usesPermissionModule: false))
        #expect(older["apps"]?["tls"]?["automation"]?["on_demand"]?["ask"]?.string == "http://zane/ask")
        #expect(CaddyConfiguration.document(Self.options, routes: [], tls: nil)["apps"]?["tls"] == nil)
    }

    @Test func routesForwardOrRedirectWithTheirHeaders() {
        let forward = CaddyRoutes.route(
            id: "r1", host: "shop.example.com", basePath: "/store/", stripPrefix: true,
            responseHeaders: ["X-Name": "value"], target: .upstream(dial: "app.internal:8080")
        ).jsonText
        #expect(forward.contains(#""path":["/store*"]"#) && forward.contains(#""strip_path_prefix":"/store""#))
        #expect(forward.contains(#""dial":"app.internal:8080""#) && forward.contains(#""X-Name":["value"]"#))
        let redirect = CaddyRoutes.route(
            id: "r2", host: "old.example.com", basePath: "/", stripPrefix: true, responseHeaders: [:],
            target: .redirect(url: "https://new.example.com", permanent: true)
        ).jsonText
        #expect(redirect.contains(#""status_code":308"#) && !redirect.contains("reverse_proxy"))
        #expect(!redirect.contains("strip_path_prefix"), "a base path of / strips nothing")
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
