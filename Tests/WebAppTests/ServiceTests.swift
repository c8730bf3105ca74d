import Foundation
import TestSupport
import Testing
import Vapor

@Suite("Docker services", .tags(.db))
struct ServiceTests {
    func projectClient(_ app: Application) async throws -> APIClient {
        try await APIClient.signedIn(app, project: "shop")
    }

    static let base = "/api/projects/shop/production"

    @Test(arguments: TestDatabase.enabled)
    func aCreatedServiceHasEveryKeyAndOnePendingSourceChange(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            let created = try await client.send(
                .POST, "\(Self.base)/create-service/docker", json: #"{"slug": "Web", "image": "nginx:alpine"}"#)
            #expect(created.status == .created)
            try checkIdentity(created.object)
            checkEmptyConfiguration(created.object)
            try checkSystemVariables(created.object)
            try checkSourceChange(created.object)
            let read = try await client.send(.GET, "\(Self.base)/service-details/web/")
            #expect(read.status == .ok && read.object["id"] as? String == created.object["id"] as? String)
            #expect(read.object.keys.sorted() == created.object.keys.sorted())
        }
    }

    // The checks live in their own functions: one closure holding them all overflows a test thread's stack in debug builds.

    func checkIdentity(_ service: [String: Any]) throws {
        let id = try #require(service["id"] as? String)
        let suffix = String(id.dropFirst("srv_dkr_".count))
        #expect(id.hasPrefix("srv_dkr_") && suffix.count == 11)
        #expect(service["slug"] as? String == "web" && service["type"] as? String == "DOCKER_REGISTRY")
        #expect(service["network_alias"] as? String == "zn-web-\(suffix)")
        #expect(service["network_aliases"] as? [String] == ["zn-web-\(suffix).zaneops.internal", "zn-web-\(suffix)"])
        let environment = try #require(service["environment"] as? [String: Any])
        let environmentSuffix = try #require((environment["id"] as? String)?.dropFirst("project_env_".count))
        #expect(service["global_network_alias"] as? String == "zn-web-\(suffix).\(environmentSuffix).zaneops.internal")
        #expect((service["deploy_token"] as? String)?.wholeMatch(of: #/[0-9a-f]{32}/#) != nil)
    }

    func checkEmptyConfiguration(_ service: [String: Any]) {
        for key in [
            "image", "command", "healthcheck", "resource_limits", "credentials", "container_registry_credentials",
            "builder",
            "repository_url", "branch_name", "commit_sha", "git_app", "watch_paths",
        ] {
            #expect(service[key] is NSNull, "\(key) should be null")
        }
        for key in ["urls", "ports", "volumes", "shared_volumes", "configs", "env_variables"] {
            #expect((service[key] as? [Any])?.isEmpty == true, "\(key) should be []")
        }
        #expect(service["auto_deploy_enabled"] as? Bool == true && service["pr_preview_envs_enabled"] as? Bool == true)
    }

    func checkSystemVariables(_ service: [String: Any]) throws {
        let system = try #require(service["system_env_variables"] as? [[String: Any]])
        #expect(
            system.compactMap { $0["key"] as? String } == [
                "ZANE", "ZANE_DOMAINS", "ZANE_ENVIRONMENT", "ZANE_PRIVATE_DOMAIN", "ZANE_GLOBAL_PRIVATE_DOMAIN",
                "ZANE_DEPLOYMENT_TYPE",
                "ZANE_SERVICE_ID", "ZANE_SERVICE_NAME", "ZANE_PROJECT_ID", "ZANE_DEPLOYMENT_SLOT",
                "ZANE_DEPLOYMENT_HASH",
            ])
        #expect(system[2]["value"] as? String == "production" && system[9]["value"] as? String == "{{deployment.slot}}")
    }

    func checkSourceChange(_ service: [String: Any]) throws {
        let changes = try #require(service["unapplied_changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["field"] as? String == "source" && changes.first?["type"] as? String == "UPDATE")
        #expect((changes.first?["new_value"] as? [String: String]) == ["image": "nginx:alpine"])
        #expect(changes.first?["old_value"] is NSNull && changes.first?["item_id"] is NSNull)
        #expect((changes.first?["id"] as? String)?.hasPrefix("chg_dkr_") == true)
    }

    @Test(arguments: TestDatabase.enabled)
    func creationIsValidatedAndSlugsAreNotSuffixed(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            let url = "\(Self.base)/create-service/docker"
            #expect(try await client.send(.POST, url, json: "{}").errorAttrs == ["image"])
            let badImage = try await client.send(.POST, url, json: #"{"image": "Not A/Valid:image"}"#)
            #expect(
                badImage.errorAttrs == ["image"]
                    && (badImage.firstError["detail"] as? String)?.hasPrefix("Either the image") == true)
            #expect(
                try await client.send(
                    .POST, url, json: #"{"slug": "\#(String(repeating: "a", count: 39))", "image": "nginx"}"#
                ).errorCodes == ["max_length"])
            #expect(
                try await client.send(
                    .POST, url, json: #"{"image": "nginx", "container_registry_credentials_id": "reg_1"}"#
                ).errorAttrs
                    == ["container_registry_credentials_id"])
            #expect(try await client.send(.POST, url, json: #"{"slug": "api", "image": "nginx"}"#).status == .created)
            let taken = try await client.send(.POST, url, json: #"{"slug": "api", "image": "redis"}"#)
            #expect(
                taken.status == .conflict
                    && taken.firstError["detail"] as? String
                        == "A service with the slug `api` already exists in this environment."
            )
            let generated = try await client.send(.POST, url, json: #"{"image": "redis"}"#)
            #expect(generated.status == .created && (generated.object["slug"] as? String)?.isEmpty == false)
            #expect(
                try await client.send(
                    .POST, "/api/projects/shop/nope/create-service/docker", json: #"{"image": "nginx"}"#
                ).status == .notFound)

            try await client.send(.POST, "/api/projects/shop/create-environment", json: #"{"name": "staging"}"#)
            #expect(
                try await client.send(
                    .POST, "/api/projects/shop/staging/create-service/docker",
                    json: #"{"slug": "api", "image": "nginx"}"#
                ).status
                    == .created, "slugs repeat across environments")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func servicesAreRenamedTheirTokenRegeneratedAndArchived(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            let created = try await client.send(
                .POST, "\(Self.base)/create-service/docker", json: #"{"slug": "web", "image": "nginx"}"#
            ).object
            try await client.send(
                .POST, "\(Self.base)/create-service/docker", json: #"{"slug": "db", "image": "postgres:16"}"#)

            let missing = try await client.send(.GET, "\(Self.base)/service-details/nope")
            #expect(
                missing.firstError["detail"] as? String
                    == "A service with the slug `nope` does not exist within the environment `production` of the project `shop`"
            )
            let renamed = try await client.send(
                .PATCH, "\(Self.base)/service-details/web",
                json: #"{"slug": "Front", "auto_deploy_enabled": "no", "watch_paths": "src/**", "image": "ignored"}"#)
            #expect(renamed.status == .ok && renamed.object["slug"] as? String == "front")
            #expect(
                renamed.object["network_alias"] as? String == created["network_alias"] as? String,
                "the alias never changes")
            #expect(
                renamed.object["auto_deploy_enabled"] as? Bool == false
                    && renamed.object["watch_paths"] as? String == "src/**")
            #expect(
                try await client.send(.PATCH, "\(Self.base)/service-details/front", json: #"{"watch_paths": null}"#)
                    .object["watch_paths"] is NSNull)
            #expect(
                try await client.send(.PATCH, "\(Self.base)/service-details/front", json: #"{"watch_paths": " "}"#)
                    .errorCodes == ["blank"])
            let conflict = try await client.send(.PATCH, "\(Self.base)/service-details/front", json: #"{"slug": "db"}"#)
            #expect(
                conflict.status == .conflict
                    && conflict.firstError["detail"] as? String == "The slug `db` is already used by another service.")
            #expect(
                try await client.send(.PUT, "\(Self.base)/service-details/front", json: "{}").status
                    == .methodNotAllowed)

            let regenerated = try await client.send(
                .PATCH, "\(Self.base)/service-details/front/regenerate-deploy-token")
            let token = try #require(regenerated.object["deploy_token"] as? String)
            #expect(token != created["deploy_token"] as? String && token.count == 32)

            #expect(try await client.send(.DELETE, "\(Self.base)/archive-service/docker/front").status == .noContent)
            #expect(try await client.send(.GET, "\(Self.base)/service-details/front").status == .notFound)
            #expect(
                try await app.sql.raw(
                    "SELECT id FROM service_changes WHERE service_id = \(bind: created["id"] as? String ?? "")"
                ).all().isEmpty)
            #expect(try await client.send(.DELETE, "\(Self.base)/archive-service/docker/front").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func serviceListShowsCardsAndClonesCopyServices(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            try await client.send(
                .POST, "\(Self.base)/create-service/docker", json: #"{"slug": "web", "image": "ghcr.io/org/web:v2"}"#)
            let api = try await client.send(
                .POST, "\(Self.base)/create-service/docker", json: #"{"slug": "api", "image": "localhost:5000/api"}"#
            ).object

            let cards = try await client.send(.GET, "\(Self.base)/service-list").array
            #expect(cards.compactMap { $0["slug"] as? String } == ["api", "web"])
            #expect(cards[1]["image"] as? String == "ghcr.io/org/web" && cards[1]["tag"] as? String == "v2")
            #expect(cards[0]["image"] as? String == "localhost:5000/api" && cards[0]["tag"] as? String == "latest")
            #expect(
                cards[0]["status"] as? String == "NOT_DEPLOYED_YET" && cards[0]["url"] is NSNull
                    && cards[0]["volume_number"] as? Int == 0)
            #expect(
                try await client.send(.GET, "\(Self.base)/service-list?query=WE").array.compactMap {
                    $0["slug"] as? String
                } == ["web"])

            let clone = try await client.send(
                .POST, "/api/projects/shop/clone-environment/production", json: #"{"name": "staging"}"#)
            #expect(clone.status == .created)
            let copied = try await client.send(.GET, "/api/projects/shop/staging/service-details/api").object
            #expect(copied["id"] as? String != api["id"] as? String)
            #expect(copied["network_alias"] as? String == api["network_alias"] as? String)
            #expect(copied["deploy_token"] as? String != api["deploy_token"] as? String)
            let changes = try #require(copied["unapplied_changes"] as? [[String: Any]])
            #expect(
                changes.count == 1 && (changes[0]["new_value"] as? [String: String]) == ["image": "localhost:5000/api"])
            #expect(try await client.send(.GET, "/api/projects/shop/staging/service-list").array.count == 2)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func pendingChangesAreCancelledUnlessTheServiceWouldHaveNoImage(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            let created = try await client.send(
                .POST, "\(Self.base)/create-service/docker", json: #"{"slug": "web", "image": "nginx:1.27"}"#)
            let change = try #require(
                (created.object["unapplied_changes"] as? [[String: Any]])?.first?["id"] as? String)
            let url = "\(Self.base)/cancel-service-changes/web/\(change)"

            let refused = try await client.send(.DELETE, url)
            #expect(refused.status == .conflict)
            #expect(
                refused.firstError["detail"] as? String
                    == "Cannot revert this change because the service has no previous image to restore.")
            let missing = try await client.send(.DELETE, "\(Self.base)/cancel-service-changes/web/chg_dkr_nope")
            #expect(
                missing.firstError["detail"] as? String
                    == "A pending change with id `chg_dkr_nope` does not exist in this service.")

            // As after a first deployment: the service runs an image, so the source change can go.
            try await app.sql.raw("UPDATE services SET image = 'nginx:1.26'").run()
            #expect(try await client.send(.DELETE, url).status == .noContent)
            let read = try await client.send(.GET, "\(Self.base)/service-details/web").object
            #expect((read["unapplied_changes"] as? [Any])?.isEmpty == true && read["image"] as? String == "nginx:1.26")
            #expect(try await client.send(.DELETE, url).status == .notFound)
        }
    }
}
