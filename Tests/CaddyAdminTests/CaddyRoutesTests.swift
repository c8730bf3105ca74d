import JSONCore
import Testing

@testable import CaddyAdmin

@Suite("Caddy routes and configuration")
struct CaddyRoutesTests {
    @Test func pathPatternsArePlainPrefixes() {
        #expect(
            CaddyRoutes.pathPattern("/") == "/*" && CaddyRoutes.pathPattern("/api") == "/api*"
                && CaddyRoutes.pathPattern("/api/") == "/api*")
    }

    @Test func longerPathsWinThenExactPathsThenHosts() {
        func route(_ id: String, _ host: String, _ path: String) -> JSONValue {
            ["@id": .string(id), "match": [["host": [.string(host)], "path": [.string(path)]]]]
        }
        let routes: [JSONValue] = [
            route("root-b", "b.example.com", "/*"),
            route("api", "a.example.com", "/api*"),
            route("root-a", "a.example.com", "/*"),
            route("deeper", "c.example.com", "/api/*"),
            route("exact", "a.example.com", "/api"),
            route("wild", "*.example.com", "/*"),
            route("longer", "z.example.com", "/api/v1*"),
        ]
        let ids = CaddyRoutes.sorted(routes).compactMap { $0["@id"]?.string }
        #expect(ids == ["longer", "deeper", "exact", "api", "wild", "root-a", "root-b"])
    }
}
