import AsyncHTTPClient
import DockerEngine
import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// Service URLs served by the real Caddy proxy, on the engine's single-node swarm.
@Suite(
    "Routing through the proxy", .tags(.e2e), .serialized,
    .enabled(if: TestEnvironment.dockerEnabled, "needs a Docker engine with a swarm (E2E_DOCKER=1)"))
struct ProxyRoutingTests {
    let docker = DockerEngineClient(socketPath: "/var/run/docker.sock")

    static func url(_ fields: String) -> String { #"{"field": "urls", "type": "ADD", "new_value": {\#(fields)}}"# }

    @Test func urlsRedirectsWildcardsAndGeneratedDomainsAnswer() async throws {
        let proxy = try EngineTestApp.proxy()
        try await withEngineApp(docker, proxy: proxy) { app, bench, _ in
            for change in [
                Self.url(#""domain": "web.zane.test", "base_path": "/", "associated_port": 80"#),
                Self.url(
                    #""domain": "shop.zane.test", "base_path": "/store", "strip_prefix": true, "associated_port": 80"#),
                Self.url(
                    #""domain": "old.zane.test", "base_path": "/", "redirect_to": {"url": "https://new.zane.test", "permanent": true}"#
                ),
                Self.url(#""domain": "*.wild.zane.test", "base_path": "/", "associated_port": 80"#),
                Self.url(#""associated_port": 80"#),
            ] {
                let response = try await bench.change("web", change)
                #expect(response.status == .ok, "\(response.body)")
            }
            let hash = try await bench.deployHealthy()
            let client = ProxyClient(port: proxy.httpPort)

            let page = try await client.waitFor("web.zane.test") { $0.status == 200 }
            #expect(page.status == 200 && page.body == "zane test page\n")
            #expect(
                page.headers.first(name: "x-zane-dpl-hash") == hash
                    && page.headers.first(name: "x-zane-request-id")?.count == 36)
            let stripped = try await client.get("shop.zane.test", "/store/index.html")
            #expect(stripped.status == 200 && stripped.body == "zane test page\n", "the base path is stripped")
            #expect(try await client.get("shop.zane.test", "/other").status == 404, "outside the base path: no route")
            let redirect = try await client.get("old.zane.test", "/a/b?c=1")
            #expect(
                redirect.status == 308 && redirect.headers.first(name: "location") == "https://new.zane.test/a/b?c=1")
            #expect(try await client.get("api.wild.zane.test").status == 200)
            #expect(try await client.get("a.b.wild.zane.test").status == 404, "a wildcard covers one label")
            let urls = (try await bench.details("web"))["urls"] as? [[String: Any]] ?? []
            let generated = try #require(
                urls.compactMap { $0["domain"] as? String }.first { $0.hasSuffix(".127-0-0-1.sslip.io") })
            #expect(try await client.get(generated).status == 200)
            let unknown = try await client.get("nobody.zane.test")
            #expect(unknown.status == 404 && unknown.body.contains("Deployment Not Found"))

            // A URL removed by a deploy stops answering.
            let webURL = try #require(urls.first { $0["domain"] as? String == "web.zane.test" }?["id"] as? String)
            _ = try await bench.change("web", #"{"field": "urls", "type": "DELETE", "item_id": "\#(webURL)"}"#)
            let second = try #require(try await bench.deploy("web")["hash"] as? String)
            #expect(try await bench.waitForEnd("web", second)["status"] as? String == "HEALTHY")
            #expect(try await client.waitFor("web.zane.test") { $0.status == 404 }.status == 404)
            #expect(try await client.get("api.wild.zane.test").headers.first(name: "x-zane-dpl-hash") == second)

            // Asleep: the unavailable page.
            #expect(
                try await bench.client.send(
                    .PUT, "\(bench.base)/toggle-service/web", json: #"{"desired_state": "stop"}"#
                ).status == .accepted)
            _ = try await bench.waitFor(second) { $0 == "SLEEPING" }
            let asleep = try await client.waitFor("api.wild.zane.test") { $0.status == 502 }
            #expect(asleep.status == 502 && asleep.body.contains("Deployment Unavailable"))

            // Every request to a service URL became an HTTP log, attributed to the deployment that answered.
            let serviceID = try #require((try await bench.details("web"))["id"] as? String)
            func logs(_ query: String) async throws -> [[String: Any]] {
                for _ in 0..<50 {
                    let found =
                        try await bench.client.send(.GET, "/api/http-logs?service_id=\(serviceID)&\(query)").object[
                            "results"] as? [[String: Any]] ?? []
                    if !found.isEmpty { return found }
                    try await Task.sleep(for: .milliseconds(200))
                }
                return []
            }
            let served = try await logs("request_host=web.zane.test&status=200")
            let first = try #require(served.last)
            #expect(first["deployment_id"] as? String == hash && first["request_path"] as? String == "/")
            #expect(served.contains { $0["request_uuid"] as? String == page.headers.first(name: "x-zane-request-id") })
            let redirected = try await logs("status=3xx")
            #expect(
                redirected.first?["request_host"] as? String == "old.zane.test"
                    && redirected.first?["request_query"] as? String == "c=1")
            #expect(try await logs("request_path=/store/index.html").first?["status"] as? Int == 200)
            #expect(
                try await logs("status=502").first?["deployment_id"] as? String == second,
                "the unavailable page is attributed too")
            #expect(try await logs("request_host=nobody.zane.test").isEmpty, "requests no service answers are not kept")
        }
    }

    @Test func aKilledProxyComesBackWithItsRoutes() async throws {
        let proxy = try EngineTestApp.proxy()
        try await withEngineApp(docker, proxy: proxy) { app, bench, _ in
            _ = try await bench.change(
                "web", Self.url(#""domain": "web.zane.test", "base_path": "/", "associated_port": 80"#))
            _ = try await bench.deployHealthy()
            let client = ProxyClient(port: proxy.httpPort)
            #expect(try await client.waitFor("web.zane.test") { $0.status == 200 }.status == 200)

            // The container is killed: Swarm starts another, which resumes the configuration.
            for id in try await docker.containerIDs(named: proxy.serviceName) {
                _ = try? await docker.killContainer(id)
            }
            #expect(try await client.waitFor("web.zane.test", seconds: 60) { $0.status == 200 }.status == 200)

            // The whole service is removed: Zane creates it again and writes every route.
            try await docker.removeService(named: proxy.serviceName)
            try await Task.sleep(for: .seconds(2))
            #expect(try await client.waitFor("web.zane.test", seconds: 90) { $0.status == 200 }.status == 200)
        }
    }

    @Test func onDemandTLSIsConfiguredForTheRunningCaddy() async throws {
        var proxy = try EngineTestApp.proxy()
        proxy.httpsPort = try PortHolder.freePort()
        proxy.appUpstream = "zane.internal.test:8000"
        try await withEngineApp(docker, proxy: proxy) { app, bench, _ in
            let socket = proxy.directory + "/admin.sock"
            var tls = ""
            for _ in 0..<150 where !tls.contains("on_demand") {
                tls = (try? await Self.admin(socket, "/config/apps/tls")) ?? ""
                try await Task.sleep(for: .milliseconds(200))
            }
            // Caddy 2.6 takes the endpoint as `ask`; 2.8 and later as a permission module.
            #expect(
                tls.contains(#""ask":"http://zane.internal.test:8000/api/_proxy/check-certiticates""#)
                    || tls.contains(#""endpoint":"http://zane.internal.test:8000/api/_proxy/check-certiticates""#),
                "\(tls)")
            let listen = try await Self.admin(socket, "/config/apps/http/servers/zane/listen")
            #expect(listen.contains(":443") && listen.contains(":80"))
            let published =
                try await docker.service(named: proxy.serviceName)?.spec.endpointSpec?.ports?.map(\.publishedPort) ?? []
            #expect(Set(published) == [proxy.httpPort, proxy.httpsPort!])
            // Plain HTTP still answers on the HTTP port.
            #expect(
                try await ProxyClient(port: proxy.httpPort).waitFor("nobody.zane.test") { $0.status == 404 }.status
                    == 404)
        }
    }

    static func admin(_ socket: String, _ path: String) async throws -> String {
        let url = try #require(URL(httpURLWithSocketPath: socket, uri: path))
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.replaceOrAdd(name: "Host", value: "zane-proxy")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }
}
