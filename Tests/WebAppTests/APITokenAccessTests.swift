import Foundation
import Logging
import TestSupport
import Testing
import Vapor

@testable import WebApp

/// `Authorization: Bearer` requests: each scope reaches exactly its routes, revocation and expiry apply on the
/// next request, CSRF applies to cookies only, and a secret never shows in a log line or an answer.
@Suite("API token access", .tags(.db))
struct APITokenAccessTests {
    /// How each API route takes tokens. A new route fails `everyRouteTakesTheTokensItsClassAllows` until
    /// it is listed here.
    enum RouteClass {
        /// Needs no caller at all: a token is never refused.
        case anonymous
        /// A signed-in session only: every token is refused.
        case session
        /// `FULL` tokens, and `READ_ONLY` tokens on `GET`.
        case standard
        /// `FULL`, `READ_ONLY` on `GET`, and `DEPLOY` tokens.
        case deploy
    }

    static let service = "/api/projects/:slug/:env_slug"
    static let details = "\(service)/service-details/:service_slug"
    static let deployment = "\(details)/deployments/:deployment_hash"
    static let routeClasses: [String: RouteClass] = [
        "GET /api/ping": .anonymous, "GET /api/csrf": .anonymous, "GET /api/schema": .anonymous,
        "POST /api/auth/login": .anonymous, "GET /api/auth/check-user-existence": .anonymous,
        "POST /api/auth/create-initial-user": .anonymous, "GET /api/_proxy/check-certiticates": .anonymous,
        "PUT /api/deploy-service/docker/:deploy_token": .anonymous,
        "PUT /api/deploy-service/git/:deploy_token": .anonymous,
        "POST /api/connectors/github/webhook": .anonymous, "POST /api/connectors/gitlab/webhook": .anonymous,

        "DELETE /api/auth/logout": .session, "POST /api/auth/change-password": .session,
        "PATCH /api/auth/update-profile": .session, "GET /api/auth/tokens": .session,
        "POST /api/auth/tokens": .session, "DELETE /api/auth/tokens/:token_id": .session,

        "GET /api/auth/me": .deploy,
        "PUT \(service)/deploy-service/docker/:service_slug": .deploy,
        "PUT \(service)/deploy-service/git/:service_slug": .deploy,
        "PUT \(service)/redeploy-service/docker/:service_slug/:deployment_hash": .deploy,
        "PUT \(service)/redeploy-service/git/:service_slug/:deployment_hash": .deploy,
        "PUT \(service)/cancel-deployment/:service_slug/:deployment_hash": .deploy,
        "GET \(deployment)": .deploy,

        "GET /api/projects": .standard, "POST /api/projects": .standard, "GET /api/projects/:slug": .standard,
        "PUT /api/projects/:slug": .standard, "DELETE /api/projects/:slug": .standard,
        "POST /api/projects/:slug/create-environment": .standard,
        "POST /api/projects/:slug/clone-environment/:env_slug": .standard,
        "GET /api/projects/:slug/environment-details/:env_slug": .standard,
        "PATCH /api/projects/:slug/environment-details/:env_slug": .standard,
        "DELETE /api/projects/:slug/environment-details/:env_slug": .standard,
        "GET \(service)/service-list": .standard,
        "POST \(service)/create-service/docker": .standard, "POST \(service)/create-service/git": .standard,
        "GET \(details)": .standard, "PATCH \(details)": .standard,
        "PATCH \(details)/regenerate-deploy-token": .standard,
        "DELETE \(service)/archive-service/docker/:service_slug": .standard,
        "DELETE \(service)/archive-service/git/:service_slug": .standard,
        "GET \(service)/:service_slug/available-volumes": .standard,
        "PUT \(service)/request-service-changes/:service_slug": .standard,
        "PUT \(details)/cleanup-deployment-queue": .standard,
        "PUT \(service)/toggle-service/:service_slug": .standard,
        "PUT \(service)/bulk-toggle-services": .standard, "PUT \(service)/bulk-deploy-services": .standard,
        "GET \(details)/deployments": .standard,
        "GET \(deployment)/build-logs": .standard, "GET \(deployment)/runtime-logs": .standard,
        "GET \(deployment)/runtime-logs/with-context/:time": .standard,
        "GET \(deployment)/runtime-logs/stream": .standard, "GET \(deployment)/build-logs/stream": .standard,
        "GET \(details)/metrics": .standard, "GET \(deployment)/metrics": .standard,
        "PUT \(service)/request-env-changes/:service_slug": .standard,
        "DELETE \(service)/cancel-service-changes/:service_slug/:change_id": .standard,
        "GET /api/settings": .standard, "GET /api/server/resource-limits": .standard,
        "GET /api/search-resources": .standard, "GET /api/recent-deployments": .standard,
        "GET /api/http-logs": .standard, "GET /api/http-logs/fields": .standard,
        "GET /api/http-logs/:request_uuid": .standard,
        "GET \(service)/variables": .standard, "POST \(service)/variables": .standard,
        "GET \(service)/variables/:id": .standard, "PUT \(service)/variables/:id": .standard,
        "PATCH \(service)/variables/:id": .standard, "DELETE \(service)/variables/:id": .standard,
    ]

    /// Whether a token of `scope` gets past the route's scope check.
    static func allows(_ routeClass: RouteClass, _ scope: String, _ method: HTTPMethod) -> Bool {
        switch (routeClass, scope) {
        case (.anonymous, _): true
        case (.session, _): false
        case (_, "FULL"): true
        case (_, "READ_ONLY"): method == .GET
        case (.deploy, "DEPLOY"): true
        default: false
        }
    }

    static let parameterValues = [
        ":slug": "shop", ":env_slug": "production", ":service_slug": "web", ":deployment_hash": "dpl_none",
    ]

    /// A token of `scope` created through the API by the signed-in `client`; returns the secret.
    static func createToken(
        _ client: APIClient, scope: String, extra: String = "", name: String = "t"
    ) async throws -> String {
        let created = try await client.send(
            .POST, "/api/auth/tokens", json: #"{"name": "\#(name)", "scope": "\#(scope)"\#(extra)}"#)
        guard created.status == .created, let secret = created.object["token"] as? String else {
            throw TestSetupError("creating a \(scope) token answered \(created.status): \(created.body)")
        }
        return secret
    }

    static func isScopeRefusal(_ response: TestResponse) -> Bool {
        let detail = response.firstError["detail"] as? String ?? ""
        return response.status == .forbidden && (detail.contains("scope") || detail.contains("signed-in session"))
    }

    @Test func everyRouteTakesTheTokensItsClassAllows() async throws {
        try await withTestApp(database: .sqlite) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            var secrets: [(String, String)] = []
            for scope in ["DEPLOY", "READ_ONLY", "FULL"] {
                let extra = scope == "DEPLOY" ? #", "services": ["shop/production/web"]"# : ""
                secrets.append((scope, try await Self.createToken(bench.client, scope: scope, extra: extra)))
            }
            let routes = app.routes.all.filter { $0.path.first == .constant("api") }
            var seen = 0
            // FULL last: its writes (archiving the project…) must not hide what the others would reach.
            for (scope, secret) in secrets {
                let caller = APIClient(app)
                caller.bearerToken = secret
                for route in routes {
                    let pattern = "/" + route.path.map(\.description).joined(separator: "/")
                    let key = "\(route.method.rawValue) \(pattern)"
                    guard let routeClass = Self.routeClasses[key] else {
                        Issue.record("\(key) has no entry in the table of token access")
                        continue
                    }
                    let path = route.path.map { component in
                        let text = component.description
                        return Self.parameterValues[text] ?? (text.hasPrefix(":") ? "x" : text)
                    }
                    let response = try await caller.send(
                        route.method, "/" + path.joined(separator: "/"),
                        json: route.method == .GET ? nil : "{}", headers: [("Accept", "application/json")])
                    let allowed = Self.allows(routeClass, scope, route.method)
                    #expect(
                        Self.isScopeRefusal(response) == !allowed,
                        "\(scope) on \(key): \(response.status) \(response.body.prefix(200))")
                    seen += 1
                }
            }
            #expect(seen == Self.routeClasses.count * 3, "every route in the table is registered")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func aBearerTokenNeedsNoCSRFAndIsRefusedOnceRevokedOrExpired(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let created = try await bench.client.send(
                .POST, "/api/auth/tokens", json: #"{"name": "laptop", "scope": "FULL", "expires_in_days": 30}"#)
            #expect(created.status == .created && created.object["scope"] as? String == "FULL")
            let secret = try #require(created.object["token"] as? String)
            let id = try #require(created.object["id"] as? String)
            let listed = try await bench.client.send(.GET, "/api/auth/tokens")
            #expect(listed.array.map { $0["id"] as? String } == [id] && !listed.body.contains(secret))

            let caller = APIClient(app)
            caller.bearerToken = secret
            #expect(try await caller.send(.GET, "/api/projects").status == .ok)
            let me = try await caller.send(.GET, "/api/auth/me")
            #expect((me.object["user"] as? [String: Any])?["username"] as? String == "fred")
            let project = try await caller.send(.POST, "/api/projects", json: #"{"slug": "by-token"}"#)
            #expect(project.status == .created, "no CSRF header needed: \(project.body)")
            #expect(caller.cookies.isEmpty, "a token request sets no session cookie")

            let cookieOnly = APIClient(app)
            cookieOnly.cookies = bench.client.cookies
            cookieOnly.sendsCSRFHeader = false
            let refused = try await cookieOnly.send(.POST, "/api/projects", json: #"{"slug": "by-cookie"}"#)
            #expect(refused.status == .forbidden, "a cookie request still needs CSRF")

            for bad in ["abc", "zane_" + String(repeating: "a", count: 40), secret + "x", ""] {
                let response = try await caller.send(
                    .GET, "/api/projects", headers: [("Authorization", "Bearer \(bad)")])
                #expect(response.status == .unauthorized && response.errorCodes == ["authentication_failed"], "\(bad)")
                #expect(response.headers.first(name: "WWW-Authenticate") == "Bearer")
                #expect(!response.body.contains(bad) || bad.isEmpty)
            }

            #expect(try await bench.client.send(.DELETE, "/api/auth/tokens/\(id)").status == .noContent)
            let afterRevoke = try await caller.send(.GET, "/api/projects")
            #expect(afterRevoke.status == .unauthorized, "revoked with a warm cache: \(afterRevoke.body)")
            #expect(try await bench.client.send(.DELETE, "/api/auth/tokens/\(id)").status == .notFound)

            let expiring = try await Self.createToken(
                bench.client, scope: "READ_ONLY", extra: #", "expires_in_days": 1"#)
            _ = try await app.sql.raw("UPDATE api_tokens SET expires_at = 1").run()
            caller.bearerToken = expiring
            #expect(try await caller.send(.GET, "/api/projects").status == .unauthorized, "expired")
        }
    }

    @Test func aDeployTokenDeploysItsServicesAndReadsNoConfiguration() async throws {
        try await withTestApp(database: .sqlite) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("db")
            _ = try await bench.change(
                "web", #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "K", "value": "hidden-42"}}"#)
            let caller = APIClient(app)
            caller.bearerToken = try await Self.createToken(
                bench.client, scope: "DEPLOY", extra: #", "services": ["shop/production/web"]"#)

            let deployed = try await caller.send(
                .PUT, "\(bench.base)/deploy-service/docker/web", json: #"{"new_image": "nginx:1.27"}"#)
            #expect(deployed.status == .ok, "\(deployed.body)")
            #expect(deployed.object["service_snapshot"] is NSNull && !deployed.body.contains("hidden-42"))
            let hash = try #require(deployed.object["hash"] as? String)
            let status = try await caller.send(.GET, "\(bench.base)/service-details/web/deployments/\(hash)")
            #expect(status.status == .ok && status.object["service_snapshot"] is NSNull)
            let image = (try await bench.details("web")["image"] as? String) ?? ""
            #expect(image.hasPrefix("nginx:1.27"), "new_image changed the image: \(image)")

            let other = try await caller.send(.PUT, "\(bench.base)/deploy-service/docker/db", json: "{}")
            #expect(
                other.status == .forbidden && (other.firstError["detail"] as? String ?? "").contains("may not deploy"))
            for path in [
                "\(bench.base)/service-details/web", "\(bench.base)/variables",
                "\(bench.base)/service-details/web/deployments/\(hash)/build-logs",
                "\(bench.base)/service-details/web/deployments/\(hash)/runtime-logs/stream",
            ] {
                let response = try await caller.send(.GET, path)
                #expect(Self.isScopeRefusal(response), "\(path): \(response.status)")
            }
        }
    }

    @Test func aSecretIsNeverLoggedNorEchoed() async throws {
        let captured = CapturedLog()
        var config = testConfig()
        config.logLevel = .debug
        try await withTestApp(
            database: .sqlite, config: config, logger: Logger(label: "test") { _ in CapturingHandler(log: captured) }
        ) { app in
            let bench = try await ServiceWorkbench(app)
            let created = try await bench.client.send(
                .POST, "/api/auth/tokens", json: #"{"name": "ci", "scope": "FULL"}"#)
            let secret = try #require(created.object["token"] as? String)
            let id = try #require(created.object["id"] as? String)
            let caller = APIClient(app)
            caller.bearerToken = secret
            var bodies: [String] = []
            bodies.append(try await caller.send(.GET, "/api/projects").body)
            bodies.append(try await caller.send(.POST, "/api/projects", json: #"{"slug": "no such slug!"}"#).body)
            bodies.append(try await caller.send(.GET, "/api/auth/tokens").body)
            bodies.append(try await caller.send(.GET, "/api/nowhere").body)
            bodies.append(try await bench.client.send(.GET, "/api/auth/tokens").body)
            bodies.append(try await bench.client.send(.DELETE, "/api/auth/tokens/\(secret)").body)
            bodies.append(try await bench.client.send(.DELETE, "/api/auth/tokens/\(id)").body)
            bodies.append(try await caller.send(.GET, "/api/projects").body)
            let digest = try await app.sql.raw("SELECT secret_digest FROM api_tokens").all()
            #expect(digest.isEmpty, "revoked tokens leave no row")
            let text = captured.text
            #expect(text.contains("API token created") && text.contains(id))
            let leaks = text.split(separator: "\n").filter { $0.contains(secret.dropFirst(5)) }
            #expect(leaks.isEmpty, "the secret is in no log line: \(leaks.prefix(3))")
            for body in bodies { #expect(!body.contains(secret.dropFirst(5)), "nor in an answer: \(body)") }
        }
    }
}
