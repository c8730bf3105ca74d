import Foundation
import TestSupport
import Testing
import Vapor

@Suite("Environments and shared variables", .tags(.db))
struct EnvironmentTests {
    func projectClient(_ app: Application) async throws -> APIClient {
        try await APIClient.signedIn(app, project: "shop")
    }

    @Test(arguments: TestDatabase.enabled)
    func environmentsAreCreatedWithTheirRules(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            let staging = try await client.send(
                .POST, "/api/projects/shop/create-environment", json: #"{"name": "Staging"}"#)
            #expect(staging.status == .created)
            #expect(staging.object["name"] as? String == "staging" && staging.object["is_preview"] as? Bool == false)
            #expect(
                (staging.object["variables"] as? [Any])?.isEmpty == true && staging.object["preview_metadata"] is NSNull
            )
            #expect((staging.object["id"] as? String)?.count == "project_env_".count + 15)

            for taken in ["staging", "production"] {
                let duplicate = try await client.send(
                    .POST, "/api/projects/shop/create-environment", json: #"{"name": "\#(taken)"}"#)
                #expect(
                    duplicate.status == .conflict
                        && duplicate.firstError["detail"] as? String
                            == "An environment with the name `\(taken)` already exists"
                )
            }
            let preview = try await client.send(
                .POST, "/api/projects/shop/create-environment", json: #"{"name": "preview-1"}"#)
            #expect(preview.errorAttrs == ["name"])
            #expect(
                try await client.send(.POST, "/api/projects/shop/create-environment", json: "{}").errorCodes == [
                    "required"
                ])
            #expect(
                try await client.send(.POST, "/api/projects/nope/create-environment", json: #"{"name": "x"}"#).status
                    == .notFound)
            let project = try await client.send(.GET, "/api/projects/shop").object
            #expect(
                (project["environments"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == [
                    "production", "staging",
                ])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func cloningCopiesTheSharedVariables(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            try await client.send(
                .POST, "/api/projects/shop/production/variables/", json: #"{"key": "API_URL", "value": "https://api"}"#)
            let clone = try await client.send(
                .POST, "/api/projects/shop/clone-environment/PRODUCTION",
                json: #"{"name": "qa", "deploy_after_clone": "yes"}"#)
            #expect(clone.status == .created && clone.object["name"] as? String == "qa")
            let variables = try #require(clone.object["variables"] as? [[String: Any]])
            #expect(
                variables.count == 1 && variables[0]["key"] as? String == "API_URL"
                    && variables[0]["value"] as? String == "https://api")
            #expect((variables[0]["id"] as? String)?.hasPrefix("env_prj_") == true)
            let source = try await client.send(.GET, "/api/projects/shop/production/variables/").array
            #expect(source.first?["id"] as? String != variables[0]["id"] as? String)

            let missing = try await client.send(
                .POST, "/api/projects/shop/clone-environment/nope", json: #"{"name": "qa2"}"#)
            #expect(
                missing.status == .notFound
                    && missing.firstError["detail"] as? String
                        == "A env with the slug `nope` does not exist in this project"
            )
            #expect(
                try await client.send(
                    .POST, "/api/projects/shop/clone-environment/production", json: #"{"name": "qa"}"#
                ).status == .conflict)
            #expect(
                try await client.send(
                    .POST, "/api/projects/shop/clone-environment/production",
                    json: #"{"name": "qa3", "deploy_after_clone": "maybe"}"#
                ).errorAttrs == ["deploy_after_clone"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func environmentsAreRenamedAndDeletedButNeverProduction(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            try await client.send(.POST, "/api/projects/shop/create-environment", json: #"{"name": "staging"}"#)
            try await client.send(.POST, "/api/projects/shop/create-environment", json: #"{"name": "qa"}"#)

            let production = try await client.send(
                .PATCH, "/api/projects/shop/environment-details/production", json: #"{"name": "prod"}"#)
            #expect(
                production.status == .forbidden
                    && production.firstError["detail"] as? String == "Cannot rename the production environment.")
            let productionBad = try await client.send(
                .PATCH, "/api/projects/shop/environment-details/production", json: "[]")
            #expect(productionBad.status == .forbidden, "the production check comes before the body")
            let conflict = try await client.send(
                .PATCH, "/api/projects/shop/environment-details/staging", json: #"{"name": "qa"}"#)
            #expect(
                conflict.status == .conflict
                    && conflict.firstError["detail"] as? String
                        == "An environment with the name `qa` already exists in this project"
            )
            #expect(
                try await client.send(
                    .PATCH, "/api/projects/shop/environment-details/staging", json: #"{"name": "preview-x"}"#
                ).errorAttrs == ["name"])
            let renamed = try await client.send(
                .PATCH, "/api/projects/shop/environment-details/STAGING", json: #"{"name": "Stage"}"#)
            #expect(renamed.status == .ok && renamed.object["name"] as? String == "stage")
            let details = try await client.send(.GET, "/api/projects/shop/environment-details/stage/")
            #expect(details.status == .ok && details.object["variables"] is [Any])
            #expect(try await client.send(.GET, "/api/projects/shop/environment-details/staging").status == .notFound)

            let deleteProduction = try await client.send(.DELETE, "/api/projects/shop/environment-details/production")
            #expect(
                deleteProduction.status == .forbidden
                    && deleteProduction.firstError["detail"] as? String == "Cannot delete the production environment")
            #expect(try await client.send(.DELETE, "/api/projects/shop/environment-details/stage").status == .noContent)
            #expect(try await client.send(.DELETE, "/api/projects/shop/environment-details/stage").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theServiceListIsEmptyUntilServicesExist(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            let list = try await client.send(.GET, "/api/projects/shop/production/service-list")
            #expect(list.status == .ok && list.body == "[]")
            let missingEnvironment = try await client.send(.GET, "/api/projects/shop/nope/service-list")
            #expect(
                missingEnvironment.firstError["detail"] as? String
                    == "An environment with the name `nope` does not exist in this project")
            #expect(try await client.send(.GET, "/api/projects/nope/production/service-list").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func sharedVariablesSupportEveryOperation(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let client = try await projectClient(app)
            let base = "/api/projects/shop/production/variables"
            let created = try await client.send(
                .POST, base, json: #"{"key": "DATABASE_URL", "value": "  postgres://db  "}"#)
            #expect(created.status == .created && created.object["value"] as? String == "postgres://db")
            let id = try #require(created.object["id"] as? String)
            let empty = try await client.send(.POST, base + "/", json: #"{"key": "EMPTY"}"#)
            #expect(empty.status == .created && empty.object["value"] as? String == "")

            let duplicate = try await client.send(.POST, base, json: #"{"key": "DATABASE_URL", "value": "x"}"#)
            #expect(
                duplicate.status == .conflict
                    && duplicate.firstError["detail"] as? String
                        == "Duplicate variable names are not allowed in the same environment"
            )
            for bad in ["1ABC", "A-B", "A B", ""] {
                #expect(
                    try await client.send(.POST, base, json: #"{"key": "\#(bad)"}"#).errorAttrs == ["key"], "\(bad)")
            }
            #expect(try await client.send(.GET, base).array.count == 2)
            #expect(try await client.send(.GET, "\(base)/\(id)/").object["key"] as? String == "DATABASE_URL")

            let putWithoutKey = try await client.send(.PUT, "\(base)/\(id)", json: #"{"value": "x"}"#)
            #expect(putWithoutKey.errorCodes == ["required"] && putWithoutKey.errorAttrs == ["key"])
            let put = try await client.send(.PUT, "\(base)/\(id)", json: #"{"key": "DB_URL"}"#)
            #expect(put.object["key"] as? String == "DB_URL" && put.object["value"] as? String == "postgres://db")
            let patch = try await client.send(.PATCH, "\(base)/\(id)", json: #"{"value": "postgres://other"}"#)
            #expect(
                patch.object["key"] as? String == "DB_URL" && patch.object["value"] as? String == "postgres://other")
            #expect(try await client.send(.PATCH, "\(base)/\(id)", json: #"{"key": "EMPTY"}"#).status == .conflict)

            let missing = try await client.send(.GET, "\(base)/env_prj_nope")
            #expect(
                missing.firstError["detail"] as? String
                    == "A variable with the id `env_prj_nope` does not exist in this environment")
            #expect(try await client.send(.DELETE, "\(base)/\(id)").status == .noContent)
            #expect(try await client.send(.DELETE, "\(base)/\(id)").status == .notFound)
            #expect(try await client.send(.GET, base).array.map { $0["key"] as? String } == ["EMPTY"])

            try await client.send(.POST, "/api/projects/shop/create-environment", json: #"{"name": "staging"}"#)
            let otherEnvironment = try await client.send(
                .GET, "/api/projects/shop/staging/variables/\(try #require(empty.object["id"] as? String))")
            #expect(otherEnvironment.status == .notFound, "variables are scoped to their environment")
        }
    }
}
