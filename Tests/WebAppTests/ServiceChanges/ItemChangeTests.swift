import Foundation
import TestSupport
import Testing
import Vapor

@Suite("Service changes: env variables, ports, URLs", .tags(.db))
struct ItemChangeTests {
    @Test(arguments: TestDatabase.enabled)
    func envVariableNamesAndDuplicates(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            func add(_ key: String, _ value: String = "v") async throws -> TestResponse {
                try await bench.change(
                    "web",
                    #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "\#(key)", "value": "\#(value)"}}"#
                )
            }
            #expect(try await add("1ABC").attrs == ["new_value.key"])
            #expect(try await add("A-B").attrs == ["new_value.key"])
            #expect(try await add("DATABASE_URL", "  postgres://x  ").status == .ok)
            #expect(
                (try await bench.pending("web").last?["new_value"] as? [String: Any])?["value"] as? String
                    == "postgres://x")
            #expect(try await add("EMPTY", "").status == .ok)
            let duplicate = try await add("DATABASE_URL")
            #expect(
                duplicate.attrs == ["new_value.key"]
                    && duplicate.details == ["Cannot specify two env variables with the same name for this service"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func portsAreUniqueAcrossTheInstanceAndNeverHTTP(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("api")
            let free = try freePort()
            func add(_ slug: String, host: Int, forwarded: Int = 80) async throws -> TestResponse {
                try await bench.change(
                    slug,
                    #"{"field": "ports", "type": "ADD", "new_value": {"host": \#(host), "forwarded": \#(forwarded)}}"#)
            }
            #expect(try await add("web", host: 0).attrs == ["new_value.host"])
            #expect(try await add("web", host: 65536, forwarded: 0).attrs == ["new_value.host", "new_value.forwarded"])
            #expect(
                try await add("web", host: 80).details == [
                    "You cannot expose a service on the HTTP ports (80/443): add a URL to the service instead."
                ])
            #expect(try await add("web", host: 443).attrs == ["new_value.host"])
            #expect(try await add("web", host: free).status == .ok)
            #expect(
                try await add("web", host: free, forwarded: 81).details == [
                    "Duplicate `host` port values for the service are not allowed."
                ])
            #expect(
                try await add("api", host: free).details == ["host Port `\(free)` is already used by another service."],
                "pending ports count")
            try await applyPendingChanges(app, bench, "web")
            #expect(
                try await add("api", host: free).details == ["host Port `\(free)` is already used by another service."],
                "applied ports count")

            let holder = try PortHolder()
            let taken = try await add("api", host: holder.port)
            holder.close()
            #expect(taken.details == ["Port `\(holder.port)` is not available on the host machine."])

            let port = try #require((try await bench.details("web")["ports"] as? [[String: Any]])?.first)
            let id = try #require(port["id"] as? String)
            #expect(id.hasPrefix("prt_") && port["host"] as? Int == free && port["forwarded"] as? Int == 80)
            // The service's own published port is not "taken" when only the container port changes.
            let update = try await bench.change(
                "web",
                #"{"field": "ports", "type": "UPDATE", "item_id": "\#(id)", "new_value": {"host": \#(free), "forwarded": 8080}}"#
            )
            #expect(update.status == .ok)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func urlDomainsPathsAndTargets(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.appDomain = "zane.example.com"
        config.rootDomain = "apps.example.com"
        try await withTestApp(database: database, config: config) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("api")
            func add(_ value: String, on slug: String = "web") async throws -> TestResponse {
                try await bench.change(slug, #"{"field": "urls", "type": "ADD", "new_value": \#(value)}"#)
            }
            let invalidDomain = "Should be a domain without the scheme, pathname or querystring."
            for domain in [
                "https://example.com", "example.com/x", "example.com:8080", "exa mple.com", "-a.example.com",
                "*.*.example.com",
            ] {
                #expect(
                    try await add(#"{"domain": "\#(domain)", "associated_port": 80}"#).details == [invalidDomain],
                    "\(domain)")
            }
            #expect(
                try await add(#"{"domain": "a.com", "base_path": "api", "associated_port": 80}"#).attrs == [
                    "new_value.base_path"
                ])
            #expect(
                try await add(#"{"domain": "zane.example.com", "associated_port": 80}"#).details == [
                    "Using the domain where Zane is installed is not allowed."
                ])
            #expect(
                try await add(#"{"domain": "*.zane.example.com", "associated_port": 80}"#).attrs == ["new_value.domain"]
            )
            #expect(
                try await add(#"{"domain": "*.apps.example.com", "associated_port": 80}"#).attrs == ["new_value.domain"]
            )
            #expect(try await add(#"{"domain": "a.com"}"#).attrs == ["new_value.associated_port"])
            #expect(
                try await add(#"{"domain": "a.com", "associated_port": 80, "redirect_to": {"url": "https://b.com"}}"#)
                    .attrs == ["new_value.associated_port"])
            #expect(
                try await add(#"{"domain": "a.com", "redirect_to": {"url": "ftp://b.com"}}"#).attrs == [
                    "new_value.redirect_to.url"
                ])

            #expect(
                try await add(#"{"domain": "Shop.Example.COM", "base_path": "//api//v1/", "associated_port": 80}"#)
                    .status == .ok)
            let url = try #require(try await bench.pending("web").last?["new_value"] as? [String: Any])
            #expect(
                url["domain"] as? String == "shop.example.com" && url["base_path"] as? String == "/api/v1"
                    && url["strip_prefix"] as? Bool == true)
            let duplicate = try await add(
                #"{"domain": "shop.example.com", "base_path": "/api/v1/", "associated_port": 8080}"#)
            #expect(
                duplicate.attrs == ["new_value.non_field_errors"]
                    && duplicate.details == ["Duplicate urls values for the service are not allowed."])
            let taken = try await add(
                #"{"domain": "shop.example.com", "base_path": "/api/v1", "associated_port": 80}"#, on: "api")
            #expect(
                taken.details == [
                    "URL with domain `shop.example.com` and base path `/api/v1` is already assigned to another service."
                ])
            #expect(
                try await add(#"{"domain": "shop.example.com", "base_path": "/", "associated_port": 80}"#, on: "api")
                    .status == .ok)

            #expect(try await add(#"{"domain": "*.example.org", "associated_port": 80}"#, on: "api").status == .ok)
            let shadowed = try await add(#"{"domain": "www.example.org", "associated_port": 80}"#)
            #expect(
                shadowed.details == [
                    "URL with domain `www.example.org` would be shadowed by the wildcard domain `*.example.org`."
                ])
            #expect(
                try await add(#"{"domain": "www.example.org", "base_path": "/other", "associated_port": 80}"#).status
                    == .ok)
            #expect(
                try await add(#"{"domain": "mail.example.org", "associated_port": 80}"#, on: "api").attrs == [
                    "new_value.domain"
                ], "own wildcards shadow an ADD too")

            #expect(try await add(#"{"redirect_to": {"url": "https://example.net/x"}}"#).status == .ok)
            let generated = try #require(try await bench.pending("web").last?["new_value"] as? [String: Any])
            let domain = try #require(generated["domain"] as? String)
            #expect(domain.wholeMatch(of: #/shop-web-[a-z0-9]{10}\.apps\.example\.com/#) != nil)
            #expect(
                (generated["redirect_to"] as? [String: Any])?["permanent"] as? Bool == false
                    && generated["associated_port"] == nil)
        }
    }

    /// A port nothing listens on right now.
    func freePort() throws -> Int {
        let holder = try PortHolder()
        holder.close()
        return holder.port
    }
}
